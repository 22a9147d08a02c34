/** @file Progress while training: a cli-progress bar on a terminal, plain one-line-per-epoch text otherwise. */
import cliProgress from "cli-progress";
import type { EpochRecord, TrainHooks } from "./loop.js";

/** Where progress goes and how. */
export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  epochs: number;
  /** Draw nothing at all. */
  quiet?: boolean;
  /**
   * "step": the bar counts steps and `epochs` is the step count; each `onEpoch` is an evaluation,
   * its `epoch` the step (default "epoch").
   */
  unit?: "epoch" | "step";
  /** The name of the held-out part (default "test"). */
  testName?: string;
}

const fmt = (v: number | null, digits = 4): string => (v === null ? "—" : v.toFixed(digits));

/**
 * One line for an epoch: losses, accuracies (classification) and elapsed seconds.
 * @example
 * epochLine(record, 30); // "epoch  3/30  train loss 0.1234  acc 0.9712 │ test loss 0.1501  acc 0.9650  1.2s"
 */
export function epochLine(r: EpochRecord, epochs: number, unit = "epoch", testName = "test"): string {
  const w = String(epochs).length;
  const acc = (a: number | null) => (a === null ? "" : `  acc ${fmt(a)}`);
  return `${unit} ${String(r.epoch).padStart(w)}/${epochs}  train loss ${fmt(r.trainLoss)}${acc(r.trainAccuracy)} │ ${testName} loss ${fmt(r.testLoss)}${acc(r.testAccuracy)}  ${r.seconds.toFixed(1)}s`;
}

/**
 * Hooks for `fit` that show progress, and `stop()` to finish the bar. The bar is drawn only when the stream is a TTY.
 * @example
 * const progress = makeProgress({ stream: process.stderr, epochs: 30 });
 * fit(model, p, config, progress); progress.stop();
 */
export function makeProgress(opts: ProgressOptions): TrainHooks & { stop(): void } {
  if (opts.quiet) return { stop() {} };
  if (!opts.stream.isTTY) {
    return {
      onEpoch: (r) => void opts.stream.write(`${epochLine(r, opts.epochs, opts.unit, opts.testName)}\n`),
      stop() {},
    };
  }
  const steps = opts.unit === "step";
  const bar = new cliProgress.SingleBar(
    {
      stream: opts.stream,
      format: `${steps ? "step {value}/{total}" : "epoch {epoch}/{epochs}"} {bar} {percentage}% │ loss {loss}{acc} │ ${opts.testName ?? "test"}{testLoss}{testAcc} │ {duration_formatted} (eta {eta_formatted})`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 200,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let last: EpochRecord | null = null;
  const tail = () => ({
    testLoss: last ? ` loss ${fmt(last.testLoss)}` : " —",
    testAcc: last && last.testAccuracy !== null ? ` acc ${fmt(last.testAccuracy)}` : "",
  });
  return {
    onBatch(epoch, batch, perEpoch, loss, acc) {
      const payload = { epoch, epochs: opts.epochs, loss: fmt(loss), acc: acc === null ? "" : ` acc ${fmt(acc)}`, ...tail() };
      const value = (epoch - 1) * perEpoch + batch;
      if (!started) {
        bar.start(steps ? opts.epochs : opts.epochs * perEpoch, value, payload);
        started = true;
      } else bar.update(value, payload);
    },
    onEpoch(r) {
      last = r;
      bar.update(tail());
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
