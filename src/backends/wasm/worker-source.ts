/** @file The shared job board of the worker pool and the source text of a kernel worker (worker_threads or a Web Worker). */

/**
 * Int32 layout of the job board at `rt.control`: one job at a time, cut into chunks that every
 * thread (the caller's included) claims with compare-and-swap, so a worker that wakes late simply
 * takes fewer chunks. `claim` holds (tag << 16 | next chunk), tag = seq & 0x7fff.
 *
 * Each group of words has its own 64-byte cache line: idle workers poll `seq` alone, so the caller
 * writing a job's fields does not pull that line away from them store by store, and the words every
 * thread updates while a job runs (`claim`, `completed`) do not evict the job's read-only fields.
 */
export const BOARD = {
  /** line 0: the job counter idle workers poll */
  seq: 0,
  /** line 1: the words threads update while a job runs */
  claim: 16,
  completed: 17,
  failed: 18,
  /** lines 2–3: the job, written before `seq` and only read while it runs */
  op: 32,
  chunks: 33,
  chunkSize: 34,
  byRows: 35,
  /** k, a, ars, acs, b, brs, bcs, c, ldc, m, n */
  args: 36,
  /** batch mode: number of products (0: one product cut by rows or columns) and the byte pointer of their (a, b, c) pointer triples */
  items: 47,
  table: 48,
  /** microseconds an idle worker spins before it sleeps */
  spinUs: 49,
  /** a product's bias: byte pointer of n values added to every row of C as each piece finishes (0: none) */
  bias: 50,
  /** 1: ReLU after the bias */
  relu: 51,
  /** ≥ 2: a grid of pieces, this many columns of pieces by chunks / gridCols rows of pieces (in whole micro-tiles, MICRO_TILE) */
  gridCols: 52,
  /** line 4: one `ready` flag per thread (at most 16) */
  ready: 64,
  /** line 5: elementwise jobs' six float64 arguments (8-byte aligned) */
  f64Args: 80,
  ints: 96,
} as const;

/**
 * Operation codes written to `BOARD.op`, indexing the kernel table every thread builds with
 * `kernelTable`. GEMM jobs read `BOARD.args` as (k, a, ars, acs, b, brs, bcs, c, ldc, m, n);
 * SGD jobs as (mode, p, ·, ·, g, ·, ·, buf, ·, ·, n) with (lr, sign, wd, mu, bm, bk) at `f64Args`.
 */
export const OP = { sgemm: 0, dgemm: 1, sgd32: 2, sgd64: 3 } as const;

/**
 * Rows and columns of the GEMM micro-tiles, indexed by op (sgemm 3×12, dgemm 4×4, its pieces cut in
 * columns of 8): pieces of C start at whole tiles, so no piece pays for a padded edge tile mid-C.
 */
export const MICRO_TILE = { rows: [3, 4], cols: [12, 8] } as const;

/** Index in the kernel table of addBias32 (and, one further, addBias64). */
export const BIAS_EPILOGUE = 4;

/** The exports the pool's jobs call, in `OP` order, then the bias epilogues of sgemm and dgemm (`BIAS_EPILOGUE + op`). */
export function kernelTable(ex: {
  sgemm: unknown;
  dgemm: unknown;
  sgd32: unknown;
  sgd64: unknown;
  addBias32: unknown;
  addBias64: unknown;
}): ((...a: number[]) => void)[] {
  return [ex.sgemm, ex.dgemm, ex.sgd32, ex.sgd64, ex.addBias32, ex.addBias64] as ((...a: number[]) => void)[];
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
  const B = BOARD;
  const tag = (seq & 0x7fff) << 16;
  // the start of piece `index` of `count` even pieces of `total` rows, columns or elements, in whole
  // quanta; piece `index` ends where piece `index + 1` starts. Pieces differ by at most one quantum,
  // the larger ones first: threads claiming in turn then end level (6, 6, 5, 5 quanta, not 5, 6, 5, 6)
  const start = (index: number, count: number, total: number, quantum: number): number => {
    const quanta = Math.ceil(total / quantum);
    const base = Math.floor(quanta / count);
    return Math.min(total, (index * base + Math.min(index, quanta - base * count)) * quantum);
  };
  for (;;) {
    const v = Atomics.load(b, B.claim);
    if ((v & 0x7fff0000) !== tag || (v & 0xffff) >= b[B.chunks]!) return;
    if (Atomics.compareExchange(b, B.claim, v, v + 1) !== v) continue;
    const i = v & 0xffff;
    const size = b[B.chunkSize]!;
    const m = b[B.args + 9]!;
    const n = b[B.args + 10]!;
    const op = b[B.op]!;
    const f = gemm[op]!;
    const chunks = b[B.chunks]!;
    try {
      if (op >= 2) {
        // elementwise (SGD): a piece of the n elements
        const e = op === 2 ? 4 : 8;
        const lo = start(i, chunks, n, size);
        const hi = start(i + 1, chunks, n, size);
        const x = new Float64Array(b.buffer, b.byteOffset + 4 * B.f64Args, 6);
        const buf = b[B.args + 7]! === 0 ? 0 : b[B.args + 7]! + lo * e;
        f(b[B.args]!, b[B.args + 1]! + lo * e, b[B.args + 4]! + lo * e, buf, hi - lo, x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!);
      } else if (b[B.items]! > 0) {
        // batch mode: this chunk is products [lo, hi), each whole
        const t = new Int32Array(memory.buffer, b[B.table]!, 3 * b[B.items]!);
        for (let q = i * size, end = Math.min(q + size, b[B.items]!); q < end; q++) {
          f(
            b[B.args]!,
            t[3 * q]!,
            b[B.args + 2]!,
            b[B.args + 3]!,
            t[3 * q + 1]!,
            b[B.args + 5]!,
            b[B.args + 6]!,
            t[3 * q + 2]!,
            b[B.args + 8]!,
            0,
            m,
            0,
            n,
            scratch,
          );
        }
      } else {
        // a piece of C: a band of rows, a band of columns, or a block of a grid of gridCols columns
        const gc = b[B.gridCols]!;
        let i0 = 0;
        let i1 = m;
        let j0 = 0;
        let j1 = n;
        if (gc >= 2) {
          // block (ri, ci): rows and columns in whole micro-tiles
          const rowPieces = chunks / gc;
          const ri = Math.floor(i / gc);
          const ci = i - ri * gc;
          const tr = MICRO_TILE.rows[op]!;
          const tc = MICRO_TILE.cols[op]!;
          i0 = start(ri, rowPieces, m, tr);
          i1 = start(ri + 1, rowPieces, m, tr);
          j0 = start(ci, gc, n, tc);
          j1 = start(ci + 1, gc, n, tc);
        } else if (b[B.byRows] === 1) {
          i0 = start(i, chunks, m, size);
          i1 = start(i + 1, chunks, m, size);
        } else {
          j0 = start(i, chunks, n, size);
          j1 = start(i + 1, chunks, n, size);
        }
        const x = B.args;
        f(b[x]!, b[x + 1]!, b[x + 2]!, b[x + 3]!, b[x + 4]!, b[x + 5]!, b[x + 6]!, b[x + 7]!, b[x + 8]!, i0, i1, j0, j1, scratch);
        // a fused product's bias (and ReLU), applied to this piece while it is still in cache
        const bias = b[B.bias]!;
        if (bias !== 0) gemm[BIAS_EPILOGUE + op]!(b[x + 7]!, b[x + 8]!, i0, i1, j0, j1, bias, b[B.relu]!);
      }
    } catch {
      Atomics.store(b, B.failed, 1);
    }
    if (Atomics.add(b, B.completed, 1) + 1 === chunks) Atomics.notify(b, B.completed);
  }
}

/**
 * JavaScript run by each worker: `start({ module, memory, control, slot, scratch })` instantiates the
 * kernel module over the shared memory, marks itself ready, then loops: spin for `BOARD.spinUs`, sleep in
 * Atomics.wait until `seq` changes, work chunks.
 */
export const workerSource = `
"use strict";
const BOARD = ${JSON.stringify(BOARD)};
const BIAS_EPILOGUE = ${BIAS_EPILOGUE};
const MICRO_TILE = ${JSON.stringify(MICRO_TILE)};
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
