/** @file Loads the kernel module over one shared WebAssembly.Memory and lays out its control block, scratch and arena. */
import type { TypedArray } from "../../tensor/dtype.js";
import {
  kernelsWasmBase64,
  kernelsWasmRelaxedBase64,
  kernelsWasmSharedBase64,
  kernelsWasmSharedRelaxedBase64,
} from "./kernels-wasm.generated.js";
import { relaxedSelfCheck, relaxedSimdAllowed, relaxedSimdAvailable, type WasmVariant } from "./relaxed.js";
import { BOARD } from "./worker-source.js";

/** The exports of assembly/index.ts. */
export interface KernelExports {
  heapBase(): number;
  sgemmScratchBytes(): number;
  dgemmScratchBytes(): number;
  sgemm(...args: GemmArgs): void;
  dgemm(...args: GemmArgs): void;
  binary32(op: number, pattern: number, a: number, b: number, o: number, n: number, len: number): void;
  binary64(op: number, pattern: number, a: number, b: number, o: number, n: number, len: number): void;
  unary32(op: number, x: number, o: number, n: number): void;
  unary64(op: number, x: number, o: number, n: number): void;
  unaryGrad32(op: number, g: number, v: number, o: number, n: number): void;
  unaryGrad64(op: number, g: number, v: number, o: number, n: number): void;
  colSum32(x: number, o: number, rows: number, len: number): void;
  colSum64(x: number, o: number, rows: number, len: number): void;
  sgd32(...args: SgdKernelArgs): void;
  sgd64(...args: SgdKernelArgs): void;
  addBias32(c: number, ldc: number, i0: number, i1: number, j0: number, j1: number, bias: number, relu: number): void;
  addBias64(c: number, ldc: number, i0: number, i1: number, j0: number, j1: number, bias: number, relu: number): void;
  im2col32(x: number, out: number, ...geometryAndPad: WindowArgs): void;
  im2col64(x: number, out: number, ...geometryAndPad: WindowArgs): void;
  col2im32(cols: number, out: number, ...geometry: WindowGeometryArgs): void;
  col2im64(cols: number, out: number, ...geometry: WindowGeometryArgs): void;
}

/** n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow of a window (see WindowGeometry). */
export type WindowGeometryArgs = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
/** The geometry, then the value read in the padding. */
export type WindowArgs = [...WindowGeometryArgs, number];

/** mode (0 plain, 1 momentum, 2 Nesterov), p, g, buf (byte pointers), n, lr, sign, wd, mu, bm, bk. */
export type SgdKernelArgs = [number, number, number, number, number, number, number, number, number, number, number];

/** k, a, ars, acs, b, brs, bcs, c, ldc, i0, i1, j0, j1, scratch (byte pointers, element strides). */
export type GemmArgs = [number, number, number, number, number, number, number, number, number, number, number, number, number, number];

const PAGE = 65536;
/** Maximum size of the shared memory in pages (1 GiB): shared memories reserve their maximum up front. */
export const MAX_PAGES = 16384;
const INITIAL_PAGES = 32;

/** One instantiated kernel module plus the memory layout the JS side manages. */
export interface WasmRuntime {
  module: WebAssembly.Module;
  /** The build in use: "relaxed-simd" (fused multiply-add GEMM kernels) or "simd"; workers instantiate the same `module`. */
  variant: WasmVariant;
  memory: WebAssembly.Memory;
  exports: KernelExports;
  /** Threads laid out (the caller's plus workers). */
  threads: number;
  /** Byte offset of the worker pool's job board (`BOARD.ints` i32, cache-line aligned). */
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
 * Whether this runtime has WebAssembly with SIMD-128 (required by the kernel module).
 * @example
 * if (wasmSupported()) await loadWasm(1);
 */
export function wasmSupported(): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/**
 * Whether a shared WebAssembly.Memory can be made here (Node; a cross-origin-isolated page).
 * @example
 * sharedMemorySupported(); // true in Node
 */
export function sharedMemorySupported(): boolean {
  try {
    if (typeof SharedArrayBuffer !== "function") return false;
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles and instantiates the kernel module (async: browsers refuse large synchronous compiles),
 * with control slots and packing scratch for `threads` threads. Without shared memory (or with
 * `shared: false`) it loads the single-threaded build over a plain memory and uses one thread.
 * The relaxed-SIMD build (FMA GEMM kernels) is used where the engine validates it and a small
 * product checks out, unless `relaxed: false` or `CHAINRULE_RELAXED_SIMD=0`; `relaxed: true`
 * skips the environment variable (tests force each variant), still falling back when unsupported.
 * @example
 * const rt = await loadWasm(2);
 * rt.variant; // "relaxed-simd" on Node 20 / Chrome ≥ 114 (x64), else "simd"
 */
export async function loadWasm(threads: number, opts: { shared?: boolean; relaxed?: boolean } = {}): Promise<WasmRuntime> {
  const shared = (opts.shared ?? true) && sharedMemorySupported();
  threads = shared ? Math.max(1, Math.min(MAX_THREADS, Math.floor(threads))) : 1;
  if (opts.relaxed ?? relaxedSimdAllowed()) {
    const bytes = decodeBase64(shared ? kernelsWasmSharedRelaxedBase64 : kernelsWasmRelaxedBase64);
    if (relaxedSimdAvailable(bytes)) {
      try {
        const rt = await instantiate(bytes, "relaxed-simd", threads, shared);
        if (relaxedSelfCheck(rt.exports, rt.memory, rt.arena, rt.scratch)) return rt;
      } catch {
        // an engine that validates but cannot compile or run it: the plain build below
      }
    }
  }
  return instantiate(decodeBase64(shared ? kernelsWasmSharedBase64 : kernelsWasmBase64), "simd", threads, shared);
}

async function instantiate(bytes: Uint8Array<ArrayBuffer>, variant: WasmVariant, threads: number, shared: boolean): Promise<WasmRuntime> {
  const module = await WebAssembly.compile(bytes);
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const exports = instance.exports as unknown as KernelExports;
  const align = (x: number) => Math.ceil(x / 64) * 64;
  const control = align(exports.heapBase());
  const scratch = align(control + BOARD.ints * 4);
  const scratchBytes = align(Math.max(exports.sgemmScratchBytes(), exports.dgemmScratchBytes()));
  const arena = align(scratch + threads * scratchBytes);
  // room for the self-check's operands above the arena start
  ensureBytes(memory, arena + 4096);
  return { module, variant, memory, exports, threads, control, scratch, scratchBytes, arena };
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

/**
 * Float32 and Float64 views of the whole memory, rebuilt after it grows.
 * @example
 * new HeapViews(rt.memory).of(new Float32Array(1)); // a Float32Array over the memory
 */
export class HeapViews {
  private buffer: ArrayBufferLike | null = null;
  f32 = new Float32Array(0);
  f64 = new Float64Array(0);

  constructor(private readonly memory: WebAssembly.Memory) {}

  /** The view for `data`'s dtype over the current memory. */
  of(data: TypedArray): TypedArray {
    const buf = this.memory.buffer;
    if (buf.byteLength !== (this.buffer?.byteLength ?? -1)) {
      this.buffer = buf;
      this.f32 = new Float32Array(buf);
      this.f64 = new Float64Array(buf);
    }
    return data instanceof Float64Array ? this.f64 : this.f32;
  }
}
