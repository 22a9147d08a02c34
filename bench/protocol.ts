/** @file The coordinator ↔ peer-process protocol: messages, transports, and the peer side that answers them. */
import { rewarmedSample, sample, type Contender, type Step } from "./harness.js";

/** Coordinator → peer: set up and warm up a workload, take one timed sample, or exit. */
export type Request =
  | { id: number; type: "setup"; workload: string; warmupMs: number }
  | { id: number; type: "sample"; sampleMs: number }
  | { id: number; type: "exit" };

/** Peer → coordinator: `id` 0 is the hello sent once the peer's library is loaded. */
export type Reply =
  { id: number; ok: true; info?: string; msPerStep?: number; idleCpuMs?: number } | { id: number; ok: false; error: string };

/** A message channel between the two processes (or two ends in memory, for tests). */
export interface Transport<Out, In> {
  send(msg: Out): void;
  onMessage(cb: (msg: In) => void): void;
  /** Called once when the other side is gone (process exit, closed channel). */
  onClose(cb: (reason: string) => void): void;
  /** Ends the channel; for a process, kills it. */
  close(): void;
}

/** Where a peer process gets its contenders from (bench/workloads.ts, or a fake in tests). */
export interface PeerSource {
  contendersOf(peer: string, workload: string): Promise<Contender[]>;
  describePeer?(peer: string): Promise<string | undefined>;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}

/**
 * Serves one peer over `t`: says hello, then sets up workloads and takes samples on request, one
 * request at a time. Between requests it does nothing, so it does not compete with the peer being
 * timed; each sample reply says how much CPU this process used while it waited (`idleCpuMs`:
 * background GC or compiler threads that would have run during another peer's sample).
 * @example
 * await servePeer(processPeerTransport(), await import("./workloads.js"), "chainrule");
 */
export async function servePeer(t: Transport<Reply, Request>, source: PeerSource, peer: string): Promise<void> {
  let current: { c: Contender; step: Step } | null = null;
  let idleFrom: NodeJS.CpuUsage | null = null;
  const handle = async (req: Request): Promise<Reply> => {
    if (req.type === "setup") {
      current = null; // the previous workload's inputs become garbage now, not during a sample
      const [c] = await source.contendersOf(peer, req.workload);
      if (!c) throw new Error(`${peer} has no contender for ${req.workload}`);
      await c.activate?.();
      const step = await c.setup();
      await sample(step, req.warmupMs);
      current = { c, step };
      return { id: req.id, ok: true };
    }
    if (req.type === "sample") {
      if (!current) throw new Error(`${peer}: sample requested before a successful setup`);
      return { id: req.id, ok: true, msPerStep: await rewarmedSample(current.step, req.sampleMs) };
    }
    return { id: req.id, ok: true };
  };
  let queue = Promise.resolve();
  t.onMessage((req) => {
    const idle = idleFrom ? process.cpuUsage(idleFrom) : null;
    queue = queue.then(async () => {
      let reply: Reply;
      try {
        reply = await handle(req);
        if (reply.ok && idle && req.type === "sample") reply.idleCpuMs = (idle.user + idle.system) / 1000;
      } catch (e) {
        reply = { id: req.id, ok: false, error: firstLine(e) };
      }
      t.send(reply);
      idleFrom = process.cpuUsage();
      if (req.type === "exit") t.close();
    });
  });
  let info: string | undefined;
  try {
    info = await source.describePeer?.(peer);
  } catch (e) {
    t.send({ id: 0, ok: false, error: firstLine(e) });
    return;
  }
  t.send({ id: 0, ok: true, ...(info === undefined ? {} : { info }) });
  idleFrom = process.cpuUsage();
}

/** One end of an in-memory channel; closing either end closes both (each end's `onClose` fires once). */
class MemoryEnd<Out, In> implements Transport<Out, In> {
  other: MemoryEnd<In, Out> | null = null;
  private open = true;
  private reported = false;
  private readonly messageCbs: ((m: In) => void)[] = [];
  private readonly closeCbs: ((reason: string) => void)[] = [];
  send(msg: Out): void {
    const o = this.other;
    if (this.open && o) setImmediate(() => o.open && o.messageCbs.forEach((cb) => cb(msg)));
  }
  onMessage(cb: (msg: In) => void): void {
    this.messageCbs.push(cb);
  }
  onClose(cb: (reason: string) => void): void {
    this.closeCbs.push(cb);
  }
  close(): void {
    this.shut();
    this.other?.shut();
  }
  private shut(): void {
    this.open = false;
    setImmediate(() => {
      if (this.reported) return;
      this.reported = true;
      this.closeCbs.forEach((cb) => cb("closed"));
    });
  }
}

/**
 * Two connected in-memory transports (coordinator end, peer end); delivery is asynchronous like IPC.
 * @example
 * const [coordinator, peerEnd] = memoryTransports();
 */
export function memoryTransports(): [Transport<Request, Reply>, Transport<Reply, Request>] {
  const a = new MemoryEnd<Request, Reply>();
  const b = new MemoryEnd<Reply, Request>();
  a.other = b;
  b.other = a;
  return [a, b];
}
