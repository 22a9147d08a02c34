/** @file The wasm backend: the JS reference kernels with SIMD WebAssembly (and worker threads) where they pay. */
import type { Backend } from "../kernels.js";
import { jsBackend } from "../js/index.js";
import { registerBackend } from "../registry.js";
import { makeWasmElementwise } from "./elementwise.js";
import { makeWasmMatmul, makeWasmMatmulBatched } from "./matmul.js";
import { Arena } from "./arena.js";
import { loadWasm, wasmSupported, type WasmRuntime } from "./module.js";
import type { WasmVariant } from "./relaxed.js";
import { makeWasmSgd } from "./optim.js";
import { makeWasmWindow } from "./window.js";
import { nodeBuiltin, WorkerPool } from "./pool.js";
import { tuneV8ForTraining } from "./v8-tuning.js";

/** The loaded runtime, its pool and backend, once `initWasm` has resolved. */
export interface WasmState {
  runtime: WasmRuntime;
  pool: WorkerPool;
  /** The operand space, whose `stats` count reused copies. */
  arena: Arena;
  backend: Backend;
}

let state: Promise<WasmState | null> | null = null;
let info: WasmInfo | null = null;

/** What the loaded wasm backend runs on. */
export interface WasmInfo {
  /** "relaxed-simd": GEMM micro-kernels with fused multiply-add; "simd": plain SIMD-128. */
  variant: WasmVariant;
  /** Threads laid out (the caller's plus workers). */
  threads: number;
  /** Whether the memory is shared (worker threads possible). */
  shared: boolean;
}

/**
 * The loaded wasm backend's module build and threads, or null before `initWasm` resolved (or without wasm).
 * @example
 * wasmInfo()?.variant; // "relaxed-simd" in Node 20 on x64
 */
export function wasmInfo(): WasmInfo | null {
  return info;
}

/**
 * Threads to use: `CHAINRULE_THREADS`, else the cores Node or the browser reports.
 * @example
 * defaultThreads(); // 2 on a two-core machine
 */
export function defaultThreads(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.["CHAINRULE_THREADS"];
  if (env && Number(env) >= 1) return Math.floor(Number(env));
  const os = nodeBuiltin<typeof import("node:os")>("node:os");
  if (os) return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency ?? 1;
}

/**
 * Loads the kernel module once and registers the "wasm" backend; resolves to null where
 * WebAssembly SIMD or shared memory is missing (then only "js" exists).
 * @example
 * if (await initWasm()) setBackend("wasm");
 */
export function initWasm(threads = defaultThreads()): Promise<WasmState | null> {
  state ??= (async () => {
    if (!wasmSupported()) return null;
    tuneV8ForTraining();
    try {
      const runtime = await loadWasm(threads);
      const pool = new WorkerPool(runtime);
      const arena = new Arena(runtime);
      const matmul = makeWasmMatmul(pool, arena);
      const backend = {
        ...jsBackend,
        ...makeWasmElementwise(runtime, arena),
        name: "wasm",
        matmul,
        matmulBatched: makeWasmMatmulBatched(pool, arena, matmul),
        sgdUpdate: makeWasmSgd(runtime, arena, pool),
        ...makeWasmWindow(runtime, arena),
      } satisfies Backend;
      registerBackend(backend);
      info = {
        variant: runtime.variant,
        threads: runtime.threads,
        shared: typeof SharedArrayBuffer === "function" && runtime.memory.buffer instanceof SharedArrayBuffer,
      };
      return { runtime, pool, arena, backend };
    } catch {
      return null;
    }
  })();
  return state;
}
