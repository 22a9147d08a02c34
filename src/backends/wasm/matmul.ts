/** @file The wasm matmul kernel: operands into the arena (or their copies already there), C cut into even pieces across the threads (each applying a fused bias and ReLU to its piece), C copied back. */
import { matmulJs } from "../js/matmul.js";
import type { TypedArray } from "../../tensor/dtype.js";
import type { BatchedMatmulArgs, MatmulArgs } from "../kernels.js";
import type { Arena } from "./arena.js";
import type { WorkerPool } from "./pool.js";
import { MICRO_TILE, OP } from "./worker-source.js";

/** Below this many multiply-adds the JavaScript loop wins (copies and call ~1 µs; measured crossover ~400–500). */
export const WASM_MIN_MACS = 512;
/**
 * Below this many multiply-adds a product stays on the calling thread. Workers spin for a while
 * after each job, so in a training step they are awake and a 128×256×10 product (13 µs alone)
 * already gains from them; a sleeping worker simply joins late (the caller claims pieces meanwhile).
 */
export const PARALLEL_MIN_MACS = 1 << 16;

/**
 * From this size in both m and n, C is cut into a grid (2 columns of blocks) rather than bands: twice
 * the pieces for about the same packing, since a block packs only its share of each operand, so a
 * thread slowed by the machine holds the others up by half as much. Measured against bands in
 * interleaved runs: 1024² +0.6% to +5.7% in 3 of 3, 512² +0.3% to +1.5%; at 256² bands won by ~1%.
 */
export const GRID_MIN_DIM = 512;

/**
 * Products whose output is this big write it to the fixed region above the ring: the same memory
 * every time, still warm from the last such call, instead of 4 MB of cold ring that also laps the
 * operands' copies (the operands keep theirs in the ring). Interleaved in-process runs: 1024² +1.6%
 * to +5.8% (5 of 5), 768² +2%, 512² (1 MB) neutral. The output keeps no ring copy: a next kernel
 * copies it in again.
 */
export const ABOVE_RING_OUT_BYTES = 2 << 20;

/** Tunable thresholds (tests set them to 0 to force the wasm and threaded paths on small shapes). */
export const matmulTuning = {
  wasmMinMacs: WASM_MIN_MACS,
  parallelMinMacs: PARALLEL_MIN_MACS,
  chunksPerThread: 2,
  gridMinDim: GRID_MIN_DIM,
  gridCols: 2,
  aboveRingOutBytes: ABOVE_RING_OUT_BYTES,
};

/**
 * Builds the backend's matmul over a worker pool and the shared arena.
 * @example
 * const matmul = makeWasmMatmul(new WorkerPool(rt), new Arena(rt)); matmul({ a, aOffset: 0, b, bOffset: 0, out, outOffset: 0, m, k, n, transA: false, transB: false });
 */
export function makeWasmMatmul(pool: WorkerPool, arena: Arena): (args: MatmulArgs) => void {
  return (args: MatmulArgs): void => {
    const { a, aOffset, b, bOffset, out, outOffset, m, k, n, transA, transB, bias, relu } = args;
    const macs = m * n * k;
    if (macs < matmulTuning.wasmMinMacs || m === 0 || n === 0) return matmulJs(args);
    // the operands read whole, whose ring copies the arena may reuse
    const whole: TypedArray[] = [];
    if (aOffset === 0 && a.length === m * k) whole.push(a);
    if (bOffset === 0 && b.length === k * n) whole.push(b);
    if (bias && bias.length === n) whole.push(bias);
    const biasLen = bias ? n : 0;
    const e = out.BYTES_PER_ELEMENT;
    // a large C goes to the fixed region above the ring (warm from the last such call)
    const aboveBytes = m * n * e >= matmulTuning.aboveRingOutBytes ? m * n * e : 0;
    if (!arena.begin((m * k + k * n + biasLen) * e + (aboveBytes ? 0 : m * n * e), whole, aboveBytes)) return matmulJs(args);
    const aPtr = arena.put(a, aOffset, aOffset + m * k);
    const bPtr = arena.put(b, bOffset, bOffset + k * n);
    const biasPtr = bias ? arena.put(bias, 0, n) : 0;
    const cPtr = aboveBytes ? arena.takeAbove(out, m * n) : arena.take(out, m * n);
    const ars = transA ? 1 : k;
    const acs = transA ? m : 1;
    const brs = transB ? 1 : n;
    const bcs = transB ? k : 1;
    const parallel = macs >= matmulTuning.parallelMinMacs;
    if (parallel) pool.start();
    const threads = parallel ? 1 + pool.readyCount() : 1;
    // a few even pieces per thread, so a late worker costs at most one piece; whole micro-tiles
    // so no piece pays for a padded edge tile in the middle of C
    const byRows = m >= n;
    const op = out instanceof Float64Array ? OP.dgemm : OP.sgemm;
    const quantum = byRows ? MICRO_TILE.rows[op] : MICRO_TILE.cols[op];
    const chunks = threads === 1 ? 1 : matmulTuning.chunksPerThread * threads;
    const job = { op, k, a: aPtr, ars, acs, b: bPtr, brs, bcs, c: cPtr, ldc: n, m, n, bias: biasPtr, relu: !!relu };
    if (threads > 1 && m >= matmulTuning.gridMinDim && n >= matmulTuning.gridMinDim) pool.runGrid(job, true, chunks, matmulTuning.gridCols);
    else pool.run(job, threads > 1, byRows, chunks, quantum);
    arena.get(cPtr, out, m * n, outOffset);
  };
}

/**
 * Builds the backend's batched matmul: products big enough to split run one by one through
 * `single` (each cut across threads); a batch of smaller products is copied in once and its
 * products are shared out whole between the threads; tiny batches stay in JavaScript.
 * @example
 * const batched = makeWasmMatmulBatched(pool, arena, makeWasmMatmul(pool, arena));
 */
export function makeWasmMatmulBatched(
  pool: WorkerPool,
  arena: Arena,
  single: (args: MatmulArgs) => void,
): (args: BatchedMatmulArgs) => void {
  return (args: BatchedMatmulArgs): void => {
    const { a, aOffsets, b, bOffsets, out, m, k, n, transA, transB } = args;
    const items = aOffsets.length;
    const per = m * n * k;
    const each = () => {
      for (let i = 0; i < items; i++)
        single({ a, aOffset: aOffsets[i]!, b, bOffset: bOffsets[i]!, out, outOffset: i * m * n, m, k, n, transA, transB });
    };
    if (items <= 1 || per >= matmulTuning.parallelMinMacs || per < matmulTuning.wasmMinMacs || m === 0 || n === 0) return each();
    // the spans of A and B the batch reads (broadcast operands repeat offsets)
    let aLo = Infinity;
    let aHi = 0;
    let bLo = Infinity;
    let bHi = 0;
    for (let i = 0; i < items; i++) {
      aLo = Math.min(aLo, aOffsets[i]!);
      aHi = Math.max(aHi, aOffsets[i]!);
      bLo = Math.min(bLo, bOffsets[i]!);
      bHi = Math.max(bHi, bOffsets[i]!);
    }
    const aLen = aHi - aLo + m * k;
    const bLen = bHi - bLo + k * n;
    const e = out.BYTES_PER_ELEMENT;
    if (!arena.begin((aLen + bLen + items * m * n) * e + items * 12)) return each();
    const aPtr = arena.put(a, aLo, aLo + aLen);
    const bPtr = arena.put(b, bLo, bLo + bLen);
    const cPtr = arena.take(out, items * m * n);
    const tablePtr = arena.take(out, Math.ceil((items * 12) / e));
    const table = new Int32Array(arena.views.of(out).buffer, tablePtr, 3 * items);
    for (let i = 0; i < items; i++) {
      table[3 * i] = aPtr + (aOffsets[i]! - aLo) * e;
      table[3 * i + 1] = bPtr + (bOffsets[i]! - bLo) * e;
      table[3 * i + 2] = cPtr + i * m * n * e;
    }
    const parallel = per * items >= matmulTuning.parallelMinMacs;
    if (parallel) pool.start();
    const threads = parallel ? 1 + pool.readyCount() : 1;
    const chunkSize = Math.max(1, Math.ceil(items / (matmulTuning.chunksPerThread * threads)));
    const op = out instanceof Float64Array ? OP.dgemm : OP.sgemm;
    const ars = transA ? 1 : k;
    const acs = transA ? m : 1;
    const brs = transB ? 1 : n;
    const bcs = transB ? k : 1;
    pool.runBatch({ op, k, a: 0, ars, acs, b: 0, brs, bcs, c: 0, ldc: n, m, n }, tablePtr, items, threads > 1, chunkSize);
    arena.get(cPtr, out, items * m * n, 0);
  };
}
