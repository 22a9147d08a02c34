/** @file The wasm matmul kernel: copies operands into the shared arena, splits C across threads, copies C back. */
import { matmulJs } from "../js/matmul.js";
import { smallMatmul } from "./small-matmul.js";
import type { MatmulArgs } from "../kernels.js";
import type { Arena, GemmArgs, WasmRuntime } from "./module.js";
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
 * const matmul = makeWasmMatmul(rt, pool, new Arena(rt)); matmul({ a, aOffset: 0, b, bOffset: 0, out, outOffset: 0, m, k, n, transA: false, transB: false });
 */
export function makeWasmMatmul(rt: WasmRuntime, pool: WorkerPool, arena: Arena): (args: MatmulArgs) => void {
  return (args: MatmulArgs): void => {
    const { a, aOffset, b, bOffset, out, outOffset, m, k, n, transA, transB } = args;
    const macs = m * n * k;
    if (macs < matmulTuning.wasmMinMacs || m === 0 || n === 0) return smallMatmul(args);
    if (!arena.reset((m * k + k * n + m * n) * out.BYTES_PER_ELEMENT)) return matmulJs(args);
    const aPtr = arena.put(a, aOffset, aOffset + m * k);
    const bPtr = arena.put(b, bOffset, bOffset + k * n);
    const cPtr = arena.take(out, m * n);
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
    pool.run(out instanceof Float64Array ? OP.dgemm : OP.sgemm, parts);
    arena.get(cPtr, out, m * n, outOffset);
  };
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
