/** @file The coordinator's handle on one peer process: requests with timeouts, and a crash or exit turned into errors. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Reply, Request, Transport } from "./protocol.js";

/** One timed sample as a peer reports it. */
export interface SampleReply {
  msPerStep: number;
  /** CPU (ms) the peer's process used while it waited since its previous reply. */
  idleCpuMs: number;
}

type Pending = { resolve(r: Reply & { ok: true }): void; reject(e: Error): void; timer: NodeJS.Timeout };

/**
 * Sends requests to one peer and matches replies by id. Requests fail (never hang) when the peer
 * answers with an error, exits, or takes longer than `timeoutMs` (then the peer is ended, since a
 * late reply would arrive out of turn).
 * @example
 * const c = new PeerClient("chainrule", transport, 60_000);
 * await c.hello; await c.setup("seed-f-16", 100); (await c.sample(50)).msPerStep;
 */
export class PeerClient {
  /** Resolves with the peer's description (chainrule's backend) once its library is loaded. */
  readonly hello: Promise<string | undefined>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Why no more requests can be sent (set at a timeout, before the process has gone). */
  private gone: string | null = null;
  private readonly ended: Promise<void>;
  private hasEnded = false;

  constructor(
    readonly peer: string,
    private readonly t: Transport<Request, Reply>,
    private readonly timeoutMs: number,
    /** The process id, for a peer in its own process. */
    readonly pid?: number,
  ) {
    t.onMessage((reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.ok) p.resolve(reply);
      else p.reject(new Error(reply.error));
    });
    let endedNow = (): void => {};
    this.ended = new Promise((resolve) => (endedNow = resolve));
    t.onClose((reason) => {
      this.gone = reason;
      this.hasEnded = true;
      endedNow();
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        clearTimeout(p.timer);
        p.reject(new Error(`${peer} process ${reason}`));
      }
    });
    this.hello = this.expect(0, "start").then((r) => r.info);
    this.hello.catch(() => {}); // a peer that never started fails its first request; nobody must await this
  }

  /** Whether the peer's process is still there. */
  get alive(): boolean {
    return this.gone === null;
  }

  private expect(id: number, what: string): Promise<Reply & { ok: true }> {
    if (this.gone !== null) return Promise.reject(new Error(`${this.peer} process ${this.gone}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.peer}: ${what} took over ${this.timeoutMs} ms; process ended`));
        this.gone = `was ended after a timeout`;
        this.t.close();
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  private request(req: Request, what: string): Promise<Reply & { ok: true }> {
    const reply = this.expect(req.id, what);
    if (this.gone === null) this.t.send(req);
    return reply;
  }

  /** Sets up and warms up the peer's contender for `workload`. */
  async setup(workload: string, warmupMs: number): Promise<void> {
    await this.request({ id: this.nextId++, type: "setup", workload, warmupMs }, `setting up ${workload}`);
  }

  /** Takes one timed sample of at least `sampleMs` of the set-up workload. */
  async sample(sampleMs: number): Promise<SampleReply> {
    const r = await this.request({ id: this.nextId++, type: "sample", sampleMs }, "a sample");
    return { msPerStep: r.msPerStep ?? NaN, idleCpuMs: r.idleCpuMs ?? 0 };
  }

  /** Asks the peer to exit, and ends it after `graceMs` if it has not. */
  async close(graceMs = 3000): Promise<void> {
    if (this.hasEnded) return;
    if (this.gone === null) this.t.send({ id: this.nextId++, type: "exit" });
    else this.t.close();
    const timer = setTimeout(() => this.t.close(), graceMs);
    await this.ended;
    clearTimeout(timer);
  }
}

/** The coordinator's end of a child process's IPC channel. */
function childTransport(child: ChildProcess): Transport<Request, Reply> {
  const closeCbs: ((reason: string) => void)[] = [];
  let reason: string | null = null;
  const fire = (r: string): void => {
    if (reason !== null) return;
    reason = r;
    closeCbs.forEach((cb) => cb(r));
  };
  child.on("exit", (code, signal) => fire(signal ? `was killed (${signal})` : `exited with code ${code}`));
  child.on("error", (e) => fire(`failed: ${e.message}`));
  return {
    send: (m) => {
      if (child.connected) child.send(m, (err) => err && fire(`failed: ${err.message}`));
    },
    onMessage: (cb) => void child.on("message", (m) => cb(m as Reply)),
    onClose: (cb) => (reason === null ? void closeCbs.push(cb) : cb(reason)),
    close: () => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")),
  };
}

/** Options of {@link forkPeer}. */
export interface ForkOptions {
  /** Milliseconds a start, a set-up or a sample may take before the peer is ended. */
  timeoutMs: number;
  /** A module to take contenders from instead of bench/workloads.ts (tests use a fake one). */
  source?: string;
}

/**
 * Starts one peer in its own Node process (bench/peer-child), its output going to stderr.
 * @example
 * const c = forkPeer("tfjs-wasm", { timeoutMs: 120_000 });
 */
export function forkPeer(peer: string, opts: ForkOptions): PeerClient {
  const ts = import.meta.url.endsWith(".ts"); // run from source with tsx (tests), else from dist/
  const entry = fileURLToPath(new URL(ts ? "./peer-child.ts" : "./peer-child.js", import.meta.url));
  const child = fork(entry, [peer, ...(opts.source ? [opts.source] : [])], {
    stdio: ["ignore", 2, 2, "ipc"],
    execArgv: ts ? ["--import", "tsx"] : process.execArgv,
  });
  return new PeerClient(peer, childTransport(child), opts.timeoutMs, child.pid);
}
