/** @file Loads the kernel module over one shared WebAssembly.Memory and manages its scratch arena. */
import { kernelsWasmBase64 } from "./kernels-wasm.generated.js";

/** The exports of assembly/index.ts. */
export interface KernelExports {
  heapBase(): number;
  sgemmScratchBytes(): number;
  dgemmScratchBytes(): number;
  sgemm(...args: GemmArgs): void;
  dgemm(...args: GemmArgs): void;
}

/** k, a, ars, acs, b, brs, bcs, c, ldc, i0, i1, j0, j1, scratch (byte pointers, element strides). */
export type GemmArgs = [number, number, number, number, number, number, number, number, number, number, number, number, number, number];

const PAGE = 65536;
/** Maximum size of the shared memory in pages (1 GiB): shared memories reserve their maximum up front. */
export const MAX_PAGES = 16384;
const INITIAL_PAGES = 32;

/** One instantiated kernel module plus the memory layout the JS side manages. */
export interface WasmRuntime {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: KernelExports;
  /** Threads laid out (the caller's plus workers). */
  threads: number;
  /** Byte offset of the control block used by the worker pool (64 i32 per thread). */
  control: number;
  /** Byte offset of the per-thread packing scratch, `scratchBytes` per thread. */
  scratch: number;
  scratchBytes: number;
  /** First byte of the per-call arena (operands and results). */
  arena: number;
}

/** Most threads (the caller's plus workers) a runtime lays out control slots and scratch for. */
export const MAX_THREADS = 16;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The 16-byte probe module `(func (result v128) v128.const 0)`: validates only where SIMD exists. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 11,
]);

/**
 * Whether this runtime has WebAssembly with SIMD-128 and shared memory (required by the kernel module).
 * @example
 * if (wasmSupported()) await loadWasm();
 */
export function wasmSupported(): boolean {
  try {
    if (typeof WebAssembly !== "object" || typeof SharedArrayBuffer !== "function") return false;
    if (!WebAssembly.validate(SIMD_PROBE)) return false;
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles and instantiates the kernel module (async: browsers refuse large synchronous compiles),
 * with control slots and packing scratch for `threads` threads.
 * @example
 * const rt = await loadWasm(2);
 */
export async function loadWasm(threads: number): Promise<WasmRuntime> {
  threads = Math.max(1, Math.min(MAX_THREADS, Math.floor(threads)));
  const module = await WebAssembly.compile(decodeBase64(kernelsWasmBase64));
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const exports = instance.exports as unknown as KernelExports;
  const align = (x: number) => Math.ceil(x / 64) * 64;
  const control = align(exports.heapBase());
  const scratch = align(control + threads * 64 * 4);
  const scratchBytes = align(Math.max(exports.sgemmScratchBytes(), exports.dgemmScratchBytes()));
  const arena = align(scratch + threads * scratchBytes);
  ensureBytes(memory, arena);
  return { module, memory, exports, threads, control, scratch, scratchBytes, arena };
}

/**
 * Grows `memory` so that it holds at least `bytes`; false when that exceeds the maximum.
 * @example
 * ensureBytes(rt.memory, rt.arena + 1 << 20);
 */
export function ensureBytes(memory: WebAssembly.Memory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  const pages = Math.ceil((bytes - have) / PAGE);
  if (have / PAGE + pages > MAX_PAGES) return false;
  memory.grow(pages);
  return true;
}
