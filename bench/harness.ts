/** @file Timing harness: one sample of a step, medians, and the in-process mode (every peer in this process, interleaved rounds). */

/** One timed operation; sync or async (jax-js reads back asynchronously). */
export type Step = () => void | Promise<void>;

/** A peer's implementation of one workload. */
export interface Contender {
  peer: string;
  /** Builds inputs and returns the step to time; called once, outside timing. */
  setup(): Promise<Step>;
  /** Selects this peer's global backend before each sample (tfjs has one global backend). */
  activate?(): Promise<void>;
}

/** How a workload is reported. */
export interface Workload {
  name: string;
  unit: "GFLOP/s" | "ms" | "µs";
  higherIsBetter: boolean;
  /** Converts seconds per step into the unit. */
  score(secondsPerStep: number): number;
  contenders: Contender[];
}

/** Options of a benchmark run. */
export interface RunOptions {
  rounds: number;
  /** Minimum milliseconds of one sample (the step is repeated until this passes). */
  sampleMs: number;
  warmupMs: number;
  log?: (line: string) => void;
}

/**
 * Repeats `step` for at least `ms` milliseconds and `minSteps` steps, returning milliseconds per step. Steps run in
 * growing batches between two clock reads, and a step is awaited only when it returns a promise,
 * so neither the clock nor an `await` per call is charged to microsecond-scale steps (of any peer).
 * @example
 * await sample(() => void Math.sqrt(2), 50); // ≈ 0.00001 (ms per step)
 */
export async function sample(step: Step, ms: number, minSteps = 2): Promise<number> {
  let n = 0;
  let batch = 1;
  const t0 = performance.now();
  for (;;) {
    for (let i = 0; i < batch; i++) {
      const r = step();
      if (r) await r;
    }
    n += batch;
    const elapsed = performance.now() - t0;
    if (elapsed >= ms && n >= minSteps) return elapsed / n;
    batch = Math.min(batch * 2, 4096);
  }
}

/**
 * One timed sample of `ms` after an untimed run of a sixth of that: a peer that sat idle while the
 * others were timed (its caches cold, its threads asleep, its heap shrunk by an idle GC) is timed
 * in the steady state of a training loop. Every peer gets the same re-warm.
 * @example
 * await rewarmedSample(step, 150); // runs ~25 ms (at least one step) untimed, then times ≥ 150 ms
 */
export async function rewarmedSample(step: Step, ms: number): Promise<number> {
  await sample(step, ms / 6, 1);
  return sample(step, ms);
}

/**
 * Median of a list of numbers.
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Runs one workload: each contender is set up and warmed up, then `rounds` rounds take one sample
 * of each contender in turn (interleaved, so drifting machine load hits every peer alike).
 * Returns the median score per peer (NaN for a peer that failed, with the reason logged).
 * @example
 * await runWorkload(workload, { rounds: 7, sampleMs: 150, warmupMs: 400 });
 */
export async function runWorkload(w: Workload, opts: RunOptions): Promise<Record<string, number>> {
  const steps: { c: Contender; step: Step; ms: number[] }[] = [];
  for (const c of w.contenders) {
    try {
      await c.activate?.();
      const step = await c.setup();
      await sample(step, opts.warmupMs);
      steps.push({ c, step, ms: [] });
    } catch (e) {
      opts.log?.(`  ${w.name}: ${c.peer} failed: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  for (let r = 0; r < opts.rounds; r++) {
    for (const s of steps) {
      await s.c.activate?.();
      s.ms.push(await rewarmedSample(s.step, opts.sampleMs));
    }
  }
  const out: Record<string, number> = {};
  for (const c of w.contenders) {
    const s = steps.find((x) => x.c === c);
    out[c.peer] = s ? w.score(median(s.ms) / 1000) : NaN;
  }
  return out;
}
