/** @file A pool of kernel workers over the shared memory: worker_threads in Node, Web Workers in a cross-origin-isolated page. */
import type { GemmArgs, WasmRuntime } from "./module.js";
import { OP, SLOT, workerSource } from "./worker-source.js";

/** What the pool needs of a Node Worker or a Web Worker. */
interface WorkerHandle {
  terminate(): unknown;
}

/** Runs gemm parts: part 0 on the calling thread, the others on ready workers. */
export class WorkerPool {
  private readonly slots: Int32Array[] = [];
  private readonly workers: WorkerHandle[] = [];
  private readonly alive: boolean[] = [];
  private seq = 0;
  private canBlock = true;

  constructor(private readonly rt: WasmRuntime) {
    for (let t = 0; t < rt.threads; t++) {
      this.slots.push(new Int32Array(rt.memory.buffer, rt.control + t * SLOT.ints * 4, SLOT.ints));
      this.alive.push(true);
    }
  }

  private started = false;

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
    const data = (t: number) => ({ module: this.rt.module, memory: this.rt.memory, control: this.rt.control, slot: t });
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

  /** Number of workers ready to take work now (the caller's thread not counted). */
  readyCount(): number {
    let n = 0;
    for (let t = 1; t < this.slots.length; t++) if (this.isReady(t)) n++;
    return n;
  }

  private isReady(t: number): boolean {
    return t <= this.workers.length && this.alive[t]! && Atomics.load(this.slots[t]!, SLOT.ready) === 1;
  }

  /**
   * Runs `parts[0]` here and `parts[i]` on the i-th ready worker, each with its own scratch
   * (already in the args), and returns when all are done. A failed worker's part is rerun here.
   */
  run(op: typeof OP.sgemm | typeof OP.dgemm, parts: GemmArgs[]): void {
    const f = op === OP.sgemm ? this.rt.exports.sgemm : this.rt.exports.dgemm;
    const seq = ++this.seq | 0;
    const used: number[] = [];
    let p = 1;
    for (let t = 1; t < this.slots.length && p < parts.length; t++) {
      if (!this.isReady(t)) continue;
      const c = this.slots[t]!;
      c.set(parts[p]!, SLOT.args);
      c[SLOT.op] = op;
      Atomics.store(c, SLOT.seq, seq);
      Atomics.notify(c, SLOT.seq);
      used.push(p++, t);
    }
    // parts without a worker run here, after part 0
    call(f, parts[0]!);
    for (let q = p; q < parts.length; q++) call(f, parts[q]!);
    for (let u = 0; u < used.length; u += 2) {
      const c = this.slots[used[u + 1]!]!;
      this.waitDone(c, seq);
      if (Atomics.load(c, SLOT.status) !== 0) call(f, parts[used[u]!]!);
    }
  }

  private waitDone(c: Int32Array, seq: number): void {
    let spins = 0;
    for (;;) {
      const d = Atomics.load(c, SLOT.done);
      if (d === seq) return;
      if (++spins < 1_000_000 || !this.canBlock) continue;
      try {
        Atomics.wait(c, SLOT.done, d, 50);
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

/** A Node built-in module when running in Node ≥ 20.16 (`process.getBuiltinModule`), else null. */
export function nodeBuiltin<T>(name: string): T | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof proc?.getBuiltinModule === "function" ? (proc.getBuiltinModule(name) as T) : null;
}

/** Calls a gemm export with its 14 arguments written out (a spread call is slower in V8). */
function call(f: (...args: GemmArgs) => void, p: GemmArgs): void {
  f(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13]);
}
