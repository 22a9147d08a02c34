/** @file The shared job board of the worker pool and the source text of a kernel worker (worker_threads or a Web Worker). */

/**
 * Int32 layout of the job board at `rt.control`: one job at a time, cut into chunks that every
 * thread (the caller's included) claims with compare-and-swap, so a worker that wakes late simply
 * takes fewer chunks. `claim` holds (tag << 16 | next chunk), tag = seq & 0x7fff.
 */
export const BOARD = {
  seq: 0,
  op: 1,
  claim: 2,
  completed: 3,
  failed: 4,
  chunks: 5,
  chunkSize: 6,
  byRows: 7,
  /** k, a, ars, acs, b, brs, bcs, c, ldc, m, n */
  args: 8,
  /** batch mode: number of products (0: one product cut by rows or columns) and the byte pointer of their (a, b, c) pointer triples */
  items: 19,
  table: 20,
  /** microseconds an idle worker spins before it sleeps */
  spinUs: 21,
  /** then one `ready` flag per thread (at most 16) */
  ready: 32,
  /** elementwise jobs: six float64 arguments (8-byte aligned: ints 50–61) */
  f64Args: 50,
  ints: 64,
} as const;

/**
 * Operation codes written to `BOARD.op`, indexing the kernel table every thread builds with
 * `kernelTable`. GEMM jobs read `BOARD.args` as (k, a, ars, acs, b, brs, bcs, c, ldc, m, n);
 * SGD jobs as (mode, p, ·, ·, g, ·, ·, buf, ·, ·, n) with (lr, sign, wd, mu, bm, bk) at `f64Args`.
 */
export const OP = { sgemm: 0, dgemm: 1, sgd32: 2, sgd64: 3 } as const;

/** The exports the pool's jobs call, in `OP` order. */
export function kernelTable(ex: { sgemm: unknown; dgemm: unknown; sgd32: unknown; sgd64: unknown }): ((...a: number[]) => void)[] {
  return [ex.sgemm, ex.dgemm, ex.sgd32, ex.sgd64] as ((...a: number[]) => void)[];
}

/**
 * Runs chunks of the current job until none are left: claims chunk indices by CAS on `claim`,
 * computes C's rows (or columns) of that chunk, or a run of whole products in batch mode, with
 * this thread's `scratch`, and counts `completed`.
 * Shared verbatim by the pool (caller's thread) and the workers, so the protocol lives in one place.
 * @example
 * workChunks(board, seq, [exports.sgemm, exports.dgemm], rt.scratch, rt.memory);
 */
export function workChunks(
  b: Int32Array,
  seq: number,
  gemm: readonly ((...a: number[]) => void)[],
  scratch: number,
  memory: WebAssembly.Memory,
): void {
  const tag = (seq & 0x7fff) << 16;
  for (;;) {
    const v = Atomics.load(b, 2);
    if ((v & 0x7fff0000) !== tag || (v & 0xffff) >= b[5]!) return;
    if (Atomics.compareExchange(b, 2, v, v + 1) !== v) continue;
    const i = v & 0xffff;
    const size = b[6]!;
    const m = b[17]!;
    const n = b[18]!;
    const op = b[1]!;
    const f = gemm[op]!;
    // piece i of `chunks` even pieces of `total` rows, columns or elements, whole multiples of the quantum `size`
    const piece = (total: number): [number, number] => {
      const quanta = Math.ceil(total / size);
      return [Math.floor((i * quanta) / b[5]!) * size, Math.min(total, Math.floor(((i + 1) * quanta) / b[5]!) * size)];
    };
    try {
      if (op >= 2) {
        // elementwise (SGD): a piece of the n elements
        const e = op === 2 ? 4 : 8;
        const [lo, hi] = piece(n);
        const x = new Float64Array(b.buffer, b.byteOffset + 4 * 50, 6);
        const buf = b[15]! === 0 ? 0 : b[15]! + lo * e;
        f(b[8]!, b[9]! + lo * e, b[12]! + lo * e, buf, hi - lo, x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!);
      } else if (b[19]! > 0) {
        // batch mode: this chunk is products [lo, hi), each whole
        const t = new Int32Array(memory.buffer, b[20]!, 3 * b[19]!);
        for (let q = i * size, end = Math.min(q + size, b[19]!); q < end; q++) {
          f(b[8]!, t[3 * q]!, b[10]!, b[11]!, t[3 * q + 1]!, b[13]!, b[14]!, t[3 * q + 2]!, b[16]!, 0, m, 0, n, scratch);
        }
      } else {
        // a piece of C's rows or columns
        const byRows = b[7] === 1;
        const [lo, hi] = piece(byRows ? m : n);
        f(
          b[8]!,
          b[9]!,
          b[10]!,
          b[11]!,
          b[12]!,
          b[13]!,
          b[14]!,
          b[15]!,
          b[16]!,
          byRows ? lo : 0,
          byRows ? hi : m,
          byRows ? 0 : lo,
          byRows ? n : hi,
          scratch,
        );
      }
    } catch {
      Atomics.store(b, 4, 1);
    }
    if (Atomics.add(b, 3, 1) + 1 === b[5]) Atomics.notify(b, 3);
  }
}

/**
 * JavaScript run by each worker: `start({ module, memory, control, slot, scratch })` instantiates the
 * kernel module over the shared memory, marks itself ready, then loops: spin for `BOARD.spinUs`, sleep in
 * Atomics.wait until `seq` changes, work chunks.
 */
export const workerSource = `
"use strict";
const workChunks = ${workChunks.toString()};
function start(d) {
  const ex = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const gemm = (${kernelTable.toString()})(ex);
  const b = new Int32Array(d.memory.buffer, d.control, ${BOARD.ints});
  Atomics.store(b, ${BOARD.ready} + d.slot, 1);
  let seen = Atomics.load(b, ${BOARD.seq});
  for (;;) {
    // spin for spinMs after the last job (a training step's products come tens of µs apart,
    // and waking from Atomics.wait costs about as much), then sleep
    let s = Atomics.load(b, ${BOARD.seq});
    const idleSince = performance.now();
    for (let i = 1; s === seen; i++) {
      s = Atomics.load(b, ${BOARD.seq});
      if ((i & 255) === 0 && (performance.now() - idleSince) * 1000 > b[${BOARD.spinUs}]) break;
    }
    while (s === seen) {
      Atomics.wait(b, ${BOARD.seq}, seen);
      s = Atomics.load(b, ${BOARD.seq});
    }
    seen = s;
    workChunks(b, s, gemm, d.scratch, d.memory);
  }
}
if (typeof require === "function") {
  start(require("node:worker_threads").workerData);
} else {
  self.onmessage = (e) => start(e.data);
}
`;
