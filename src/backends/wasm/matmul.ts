/** @file The wasm matmul kernel: copies operands into the shared arena, splits C across threads, copies C back. */
import type { TypedArray } from "../../tensor/dtype.js";
import { matmulJs } from "../js/matmul.js";
import type { MatmulArgs } from "../kernels.js";
import { ensureBytes, type GemmArgs, type WasmRuntime } from "./module.js";
import type { WorkerPool } from "./pool.js";
import { OP } from "./worker-source.js";

/** Below this many multiply-adds the JavaScript loop wins (the copies and call cost more than the product). */
export const WASM_MIN_MACS = 4096;
/** Below this many multiply-adds a product stays on the calling thread (waking a worker costs ~10–50 µs). */
export const PARALLEL_MIN_MACS = 1 << 19;

/** Tunable thresholds (tests set them to 0 to force the wasm and threaded paths on small shapes). */
export const matmulTuning = { wasmMinMacs: WASM_MIN_MACS, parallelMinMacs: PARALLEL_MIN_MACS };

/**
 * Builds the backend's matmul over a runtime and its pool.
 * @example
 * const matmul = makeWasmMatmul(rt, pool); matmul({ a, aOffset: 0, b, bOffset: 0, out, outOffset: 0, m, k, n, transA: false, transB: false });
 */
export function makeWasmMatmul(rt: WasmRuntime, pool: WorkerPool): (args: MatmulArgs) => void {
  let buffer: ArrayBufferLike | null = null;
  let f32 = new Float32Array(0);
  let f64 = new Float64Array(0);
  const views = (): void => {
    const buf = rt.memory.buffer;
    if (buf !== buffer && buf.byteLength !== (buffer?.byteLength ?? -1)) {
      buffer = buf;
      f32 = new Float32Array(buf);
      f64 = new Float64Array(buf);
    }
  };
  return (args: MatmulArgs): void => {
    const { a, aOffset, b, bOffset, out, outOffset, m, k, n, transA, transB } = args;
    const macs = m * n * k;
    if (macs < matmulTuning.wasmMinMacs || m === 0 || n === 0) return matmulJs(args);
    const double = out instanceof Float64Array;
    const elt = double ? 8 : 4;
    const aPtr = rt.arena;
    const bPtr = aPtr + align(m * k * elt);
    const cPtr = bPtr + align(k * n * elt);
    if (!ensureBytes(rt.memory, cPtr + m * n * elt)) return matmulJs(args);
    views();
    const heap: TypedArray = double ? f64 : f32;
    heap.set(a.subarray(aOffset, aOffset + m * k), aPtr / elt);
    heap.set(b.subarray(bOffset, bOffset + k * n), bPtr / elt);
    const ars = transA ? 1 : k;
    const acs = transA ? m : 1;
    const brs = transB ? 1 : n;
    const bcs = transB ? k : 1;
    let threads = 1;
    if (macs >= matmulTuning.parallelMinMacs) {
      pool.start();
      threads += pool.readyCount();
    }
    const parts: GemmArgs[] = [];
    const byRows = m >= n;
    const cuts = split(byRows ? m : n, threads, byRows ? 4 : 8);
    for (let t = 0; t + 1 < cuts.length; t++) {
      const [i0, i1, j0, j1] = byRows ? [cuts[t]!, cuts[t + 1]!, 0, n] : [0, m, cuts[t]!, cuts[t + 1]!];
      parts.push([k, aPtr, ars, acs, bPtr, brs, bcs, cPtr, n, i0, i1, j0, j1, rt.scratch + t * rt.scratchBytes]);
    }
    pool.run(double ? OP.dgemm : OP.sgemm, parts);
    out.set(heap.subarray(cPtr / elt, cPtr / elt + m * n), outOffset);
  };
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** Cuts [0, size) into at most `parts` ranges whose inner boundaries are multiples of `quantum`. */
function split(size: number, parts: number, quantum: number): number[] {
  const cuts = [0];
  for (let t = 1; t < parts; t++) {
    const c = Math.round((size * t) / parts / quantum) * quantum;
    if (c > cuts[cuts.length - 1]! && c < size) cuts.push(c);
  }
  cuts.push(size);
  return cuts;
}
