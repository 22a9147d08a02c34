/** @file A pool of kernel workers over the shared memory: worker_threads in Node, Web Workers in a cross-origin-isolated page. */
import type { WasmRuntime } from "./module.js";
import { BOARD, kernelTable, MICRO_TILE, OP, workChunks, workerSource } from "./worker-source.js";

/** How long an idle worker spins before it sleeps, in microseconds (read by the workers after each job). */
export const poolTuning = { workerSpinUs: 200 };

/** What the pool needs of a Node Worker or a Web Worker. */
interface WorkerHandle {
  terminate(): unknown;
}

/** One product for the pool: C = op(A)·op(B), byte pointers and element strides as in assembly/gemm-*.ts. */
export interface GemmJob {
  op: (typeof OP)[keyof typeof OP];
  k: number;
  a: number;
  ars: number;
  acs: number;
  b: number;
  brs: number;
  bcs: number;
  c: number;
  ldc: number;
  m: number;
  n: number;
  /** Byte pointer of n values added to every row of C (a fused bias), or 0. */
  bias?: number;
  /** With a bias: apply ReLU after adding it. */
  relu?: boolean;
}

/**
 * Runs products on the calling thread plus ready workers: the job is cut into chunks of C's rows
 * (or columns) that every thread claims in turn, so a worker that wakes late (a busy machine)
 * takes fewer chunks and never holds the caller up by more than one chunk.
 * @example
 * const pool = new WorkerPool(rt); await pool.whenReady();
 * pool.run({ op: OP.sgemm, k, a, ars: k, acs: 1, b, brs: n, bcs: 1, c, ldc: n, m, n }, true, true, 4, 3);
 */
export class WorkerPool {
  private boardView: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private readonly alive: boolean[] = [];
  /** The kernels jobs call, indexed by `OP`. */
  private readonly gemm: readonly ((...a: number[]) => void)[];
  private seq = 0;
  private canBlock = true;
  private started = false;

  constructor(private readonly rt: WasmRuntime) {
    this.boardView = new Int32Array(rt.memory.buffer, rt.control, BOARD.ints);
    for (let t = 0; t < rt.threads; t++) this.alive.push(true);
    this.gemm = kernelTable(rt.exports);
  }

  /**
   * Starts `rt.threads - 1` workers once (synchronously: Node's `process.getBuiltinModule`, or Web
   * Workers in a cross-origin-isolated page); each joins when it has instantiated the module.
   * Where neither exists the pool stays at one thread.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    const n = this.rt.threads - 1;
    if (n <= 0) return;
    try {
      this.spawn(n);
    } catch {
      // a page whose CSP forbids blob: workers, a runtime without eval workers: stay on one thread
      this.terminate();
    }
  }

  private spawn(n: number): void {
    const { module, memory, control } = this.rt;
    const data = (t: number) => ({
      module,
      memory,
      control,
      slot: t,
      scratch: this.rt.scratch + t * this.rt.scratchBytes,
    });
    const wt = nodeBuiltin<typeof import("node:worker_threads")>("node:worker_threads");
    if (wt) {
      for (let t = 1; t <= n; t++) {
        const w = new wt.Worker(workerSource, { eval: true, workerData: data(t) });
        w.unref();
        w.on("error", () => (this.alive[t] = false));
        w.on("exit", () => (this.alive[t] = false));
        this.workers.push(w);
      }
      return;
    }
    const g = globalThis as { crossOriginIsolated?: boolean; Worker?: typeof Worker; Blob?: typeof Blob };
    if (!g.crossOriginIsolated || !g.Worker || !g.Blob) return;
    const url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
    for (let t = 1; t <= n; t++) {
      const w = new g.Worker(url);
      w.onerror = () => (this.alive[t] = false);
      w.postMessage(data(t));
      this.workers.push(w);
    }
  }

  /** Starts the workers and waits (up to `timeoutMs`) until each has instantiated the module. */
  async whenReady(timeoutMs = 5000): Promise<number> {
    this.start();
    const t0 = Date.now();
    for (;;) {
      const ready = this.readyCount();
      if (ready === this.workers.length || Date.now() - t0 > timeoutMs) return ready;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** The job board over the current memory buffer (a plain memory's buffer is replaced when it grows). */
  private get board(): Int32Array {
    const buf = this.rt.memory.buffer;
    if (this.boardView.buffer !== buf) this.boardView = new Int32Array(buf, this.rt.control, BOARD.ints);
    return this.boardView;
  }

  /** Number of workers ready to take work now (the caller's thread not counted). */
  readyCount(): number {
    let n = 0;
    for (let t = 1; t <= this.workers.length; t++) if (this.alive[t] && Atomics.load(this.board, BOARD.ready + t) === 1) n++;
    return n;
  }

  /**
   * Computes `job` in `chunks` pieces of C's rows (byRows) or columns, with the ready workers
   * helping when `parallel`; piece sizes are whole multiples of `quantum` that differ by at most
   * one quantum, so threads taking equal numbers of pieces finish together. Returns when all are done.
   */
  run(job: GemmJob, parallel: boolean, byRows: boolean, chunks: number, quantum: number): void {
    const total = byRows ? job.m : job.n;
    this.post(job, parallel, Math.max(1, Math.min(chunks, Math.ceil(total / quantum))), quantum, byRows, 0, 0);
  }

  /**
   * Computes `job` in a grid of `rowPieces` × `gridCols` blocks of C (in whole micro-tiles, see
   * `MICRO_TILE`), claimed like the pieces of `run`: finer pieces than bands of rows for the same
   * packing cost, since a block packs only its share of both operands.
   */
  runGrid(job: GemmJob, parallel: boolean, rowPieces: number, gridCols: number): void {
    const tile = job.op === OP.dgemm ? 1 : 0;
    const rows = Math.max(1, Math.min(rowPieces, Math.ceil(job.m / MICRO_TILE.rows[tile])));
    const cols = Math.max(2, Math.min(gridCols, Math.ceil(job.n / MICRO_TILE.cols[tile])));
    this.post(job, parallel, rows * cols, MICRO_TILE.rows[tile], true, 0, 0, cols);
  }

  /**
   * Computes `items` whole products whose (a, b, c) byte pointers are Int32 triples at `table`
   * (sizes, strides and op from `job`), `chunkSize` products per chunk.
   */
  runBatch(job: GemmJob, table: number, items: number, parallel: boolean, chunkSize: number): void {
    this.post(job, parallel, Math.max(1, Math.ceil(items / chunkSize)), chunkSize, false, items, table);
  }

  /**
   * One SGD update in place (assembly/optim.ts) over `n` elements at byte pointers p, g and buf (0
   * without momentum), cut into `chunks` even pieces of whole `quantum`s shared with the workers.
   * `f64` holds (lr, sign, wd, mu, bm, bk).
   */
  runSgd(
    dtype64: boolean,
    mode: number,
    p: number,
    g: number,
    buf: number,
    n: number,
    f64: readonly number[],
    chunks: number,
    quantum: number,
  ): void {
    new Float64Array(this.board.buffer, this.board.byteOffset + 4 * BOARD.f64Args, 6).set(f64);
    const job: GemmJob = {
      op: dtype64 ? OP.sgd64 : OP.sgd32,
      k: mode,
      a: p,
      ars: 0,
      acs: 0,
      b: g,
      brs: 0,
      bcs: 0,
      c: buf,
      ldc: 0,
      m: 0,
      n,
    };
    this.post(job, chunks > 1, Math.max(1, Math.min(chunks, Math.ceil(n / quantum))), quantum, false, 0, 0);
  }

  /** `size`: the quantum of a single product's pieces, or the products per chunk of a batch. */
  private post(
    job: GemmJob,
    parallel: boolean,
    chunks: number,
    size: number,
    byRows: boolean,
    items: number,
    table: number,
    gridCols = 0,
  ): void {
    const { op } = job;
    const b = this.board;
    const seq = (this.seq = (this.seq + 1) & 0x7fff);
    // close the finished job first: a worker that read its claim word just before could otherwise
    // win its compare-and-swap while these fields are half written and run a piece with mixed arguments
    Atomics.store(b, BOARD.claim, (seq << 16) | 0xffff);
    b[BOARD.op] = op;
    b[BOARD.chunks] = chunks;
    b[BOARD.chunkSize] = size;
    b[BOARD.byRows] = byRows ? 1 : 0;
    b[BOARD.items] = items;
    b[BOARD.table] = table;
    b[BOARD.spinUs] = poolTuning.workerSpinUs;
    b[BOARD.bias] = job.bias ?? 0;
    b[BOARD.relu] = job.relu ? 1 : 0;
    b[BOARD.gridCols] = gridCols;
    b.set([job.k, job.a, job.ars, job.acs, job.b, job.brs, job.bcs, job.c, job.ldc, job.m, job.n], BOARD.args);
    Atomics.store(b, BOARD.failed, 0);
    Atomics.store(b, BOARD.completed, 0);
    Atomics.store(b, BOARD.claim, seq << 16);
    if (parallel && chunks > 1 && this.readyCount() > 0) {
      Atomics.store(b, BOARD.seq, seq);
      Atomics.notify(b, BOARD.seq);
    }
    workChunks(b, seq, this.gemm, this.rt.scratch, this.rt.memory);
    this.waitCompleted(chunks);
    if (Atomics.load(b, BOARD.failed) !== 0) {
      // an in-place update cannot be redone: some pieces may have been applied already
      if (op === OP.sgd32 || op === OP.sgd64) throw new Error("wasm SGD: the kernel failed on a worker (out of memory?)");
      // a kernel threw: redo the job here as one chunk under a new tag (no late worker can claim it)
      const again = (this.seq = (this.seq + 1) & 0x7fff);
      b[BOARD.chunks] = 1;
      b[BOARD.gridCols] = 0;
      if (items > 0) b[BOARD.chunkSize] = items;
      Atomics.store(b, BOARD.failed, 0);
      Atomics.store(b, BOARD.completed, 0);
      Atomics.store(b, BOARD.claim, again << 16);
      workChunks(b, again, this.gemm, this.rt.scratch, this.rt.memory);
      if (Atomics.load(b, BOARD.failed) !== 0) throw new Error("wasm matmul: the kernel failed on the calling thread too (out of memory?)");
    }
  }

  private waitCompleted(chunks: number): void {
    const b = this.board;
    let spins = 0;
    for (;;) {
      const d = Atomics.load(b, BOARD.completed);
      if (d === chunks) return;
      if (++spins < 200_000 || !this.canBlock) continue;
      try {
        Atomics.wait(b, BOARD.completed, d, 20);
      } catch {
        this.canBlock = false; // a browser's main thread may not block
      }
    }
  }

  /** Stops the workers (tests and shutdown; the workers never keep a Node process alive anyway). */
  terminate(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
    for (let t = 1; t < this.alive.length; t++) this.alive[t] = false;
  }
}

/**
 * A Node built-in module when running in Node ≥ 20.16 (`process.getBuiltinModule`), else null.
 * @example
 * nodeBuiltin<typeof import("node:os")>("node:os")?.availableParallelism();
 */
export function nodeBuiltin<T>(name: string): T | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof proc?.getBuiltinModule === "function" ? (proc.getBuiltinModule(name) as T) : null;
}
