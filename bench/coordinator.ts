/** @file The default mode: each peer in its own process, the coordinator taking interleaved rounds of one sample per peer. */
import { median, type RunOptions } from "./harness.js";
import { forkPeer, type PeerClient } from "./peer-client.js";
import type { WorkloadResult } from "./table.js";
import type { WorkloadSpec } from "./workloads.js";

/** Options of an isolated run. */
export interface IsolatedOptions extends RunOptions {
  /** Milliseconds a peer's start, set-up or sample may take before it counts as failed (default 300 s). */
  timeoutMs?: number;
  /** Starts a peer's process (default: {@link forkPeer} on bench/peer-child). */
  start?: (peer: string) => PeerClient;
}

/** An isolated run's medians, and each peer's description of itself (chainrule's backend). */
export interface IsolatedRun {
  results: WorkloadResult[];
  info: Record<string, string>;
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;

/**
 * One workload over running peers: every peer sets up and warms up in turn, then `rounds` rounds
 * ask each peer in turn for one sample (the others wait, idle, for their next request). Returns
 * the median score per peer; NaN, with the reason logged, for a peer whose set-up or any sample failed.
 * @example
 * await runIsolatedWorkload(selectWorkloads("seed-f-16")[0]!, clients, { rounds: 7, sampleMs: 150, warmupMs: 400 });
 */
export async function runIsolatedWorkload(
  w: Pick<WorkloadSpec, "name" | "score">,
  clients: readonly PeerClient[],
  opts: RunOptions,
): Promise<Record<string, number>> {
  const live: { c: PeerClient; ms: number[]; idleMs: number; failed: boolean }[] = [];
  for (const c of clients) {
    try {
      await c.setup(w.name, opts.warmupMs);
      live.push({ c, ms: [], idleMs: 0, failed: false });
    } catch (e) {
      opts.log?.(`  ${w.name}: ${c.peer} failed: ${reason(e)}`);
    }
  }
  const t0 = performance.now();
  for (let r = 0; r < opts.rounds; r++) {
    for (const s of live) {
      if (s.failed) continue;
      try {
        const got = await s.c.sample(opts.sampleMs);
        s.ms.push(got.msPerStep);
        if (r > 0) s.idleMs += got.idleCpuMs; // round 0's wait spans the others' set-ups, not samples
      } catch (e) {
        s.failed = true;
        opts.log?.(`  ${w.name}: ${s.c.peer} failed: ${reason(e)}`);
      }
    }
  }
  if (live.length > 1 && opts.rounds > 1) {
    const per = (x: number): string => (x / (opts.rounds - 1)).toFixed(1);
    const round = (performance.now() - t0) / opts.rounds;
    const idle = live.map((s) => `${s.c.peer} ${per(s.idleMs)}`).join(", ");
    opts.log?.(`  ${w.name}: CPU ms used by waiting peer processes per round of ${round.toFixed(0)} ms: ${idle}`);
  }
  const out: Record<string, number> = {};
  for (const c of clients) {
    const s = live.find((x) => x.c === c);
    out[c.peer] = s && !s.failed && s.ms.length > 0 ? w.score(median(s.ms) / 1000) : NaN;
  }
  return out;
}

/**
 * Runs workloads with each peer in its own process: the processes start once (in parallel, before
 * any timing), a process that died is started again for the next workload, and all of them are
 * ended when the run finishes or fails.
 * @example
 * const { results } = await runIsolated(selectWorkloads("mlp-step"), selectPeers(), { rounds: 7, sampleMs: 150, warmupMs: 400 });
 */
export async function runIsolated(specs: readonly WorkloadSpec[], peers: readonly string[], opts: IsolatedOptions): Promise<IsolatedRun> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const start = opts.start ?? ((peer: string) => forkPeer(peer, { timeoutMs }));
  const info: Record<string, string> = {};
  const clients: PeerClient[] = [];
  const launch = async (i: number): Promise<void> => {
    const c = start(peers[i]!);
    clients[i] = c;
    try {
      const about = await c.hello;
      if (about !== undefined) info[c.peer] = about;
    } catch (e) {
      opts.log?.(`  ${c.peer} did not start: ${reason(e)}`);
    }
  };
  const results: WorkloadResult[] = [];
  try {
    await Promise.all(peers.map((_, i) => launch(i)));
    for (const w of specs) {
      opts.log?.(`running ${w.name} …`);
      for (let i = 0; i < clients.length; i++) if (!clients[i]!.alive) await launch(i);
      const r = await runIsolatedWorkload(w, clients, opts);
      results.push({ name: w.name, unit: w.unit, higherIsBetter: w.higherIsBetter, results: r });
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  return { results, info };
}
