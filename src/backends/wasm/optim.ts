/** @file The wasm SGD update: large parameters go through the SIMD kernel (assembly/optim.ts), small ones stay in JavaScript. */
import { noteWritten } from "../ownership.js";
import { sgdUpdateJs } from "../js/sgd.js";
import type { SgdArgs } from "../kernels.js";
import type { Arena } from "./arena.js";
import type { WasmRuntime } from "./module.js";
import type { WorkerPool } from "./pool.js";

/**
 * Below `minElements` the JavaScript loop wins (copies and the call; measured crossover ~500–1000);
 * from `parallelMinElements` the update is shared with the workers (pieces of whole `quantum`s).
 */
export const optimTuning = { minElements: 1024, parallelMinElements: 1 << 16, quantum: 1024 };

const MODE = { plain: 0, momentum: 1, nesterov: 2 } as const;

/**
 * Builds the backend's `sgdUpdate`: copies p, g (and the momentum buffer) into the arena, runs the
 * float64-arithmetic SIMD kernel (bit-identical to `sgdUpdateJs`; large parameters split across
 * the worker threads), copies p (and the buffer) back.
 * @example
 * const sgdUpdate = makeWasmSgd(rt, new Arena(rt), new WorkerPool(rt)); sgdUpdate({ p, g, buf: null, lr: 0.1, sign: 1, wd: 0, mu: 0, bm: 0, bk: 1, nesterov: false });
 */
export function makeWasmSgd(rt: WasmRuntime, arena: Arena, pool: WorkerPool): (args: SgdArgs) => void {
  const ex = rt.exports;
  return (args: SgdArgs): void => {
    const { p, g, buf, lr, sign, wd, mu, bm, bk, nesterov } = args;
    const n = p.length;
    const same = g.constructor === p.constructor && g.length === n && (!buf || (buf.constructor === p.constructor && buf.length === n));
    if (n < optimTuning.minElements || !same || !arena.begin(3 * n * p.BYTES_PER_ELEMENT, buf ? [p, g, buf] : [p, g]))
      return sgdUpdateJs(args);
    const pp = arena.put(p);
    const pg = arena.put(g);
    const pb = buf ? arena.put(buf) : 0;
    const mode = !buf ? MODE.plain : nesterov ? MODE.nesterov : MODE.momentum;
    const f64 = p instanceof Float64Array;
    if (n >= optimTuning.parallelMinElements) pool.start();
    const threads = n >= optimTuning.parallelMinElements ? 1 + pool.readyCount() : 1;
    try {
      if (threads > 1) pool.runSgd(f64, mode, pp, pg, pb, n, [lr, sign, wd, mu, bm, bk], 2 * threads, optimTuning.quantum);
      else (f64 ? ex.sgd64 : ex.sgd32)(mode, pp, pg, pb, n, lr, sign, wd, mu, bm, bk);
    } catch (err) {
      // a kernel that failed part-way may have updated the ring copies of p and the buffer in place
      // while the arrays stay as they were: drop the copies so no later kernel reads them
      noteWritten(p);
      if (buf) noteWritten(buf);
      throw err;
    }
    arena.get(pp, p);
    if (buf) arena.get(pb, buf);
  };
}
