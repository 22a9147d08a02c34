/** @file `chainrule train --dataset words --model transformer`: a character-level language model of the shipped word list. */
import pc from "picocolors";
import { data, optim, Rng, saveModel, ValueError, nn } from "../../src/index.js";
import type { TrainFlags } from "../commands/train.js";
import { checkOutputFile } from "../output-paths.js";
import { checkWritable } from "./onnx.js";
import { makeProgress } from "./progress.js";
import { CharTransformer, encodeWords, lossPerChar, MAX_LETTERS, type WordsModelConfig } from "./words-model.js";
import { writeWordsOnnx } from "./words-onnx.js";

/** Metadata key of a saved words model (JSON of WordsCheckpoint). */
export const WORDS_KEY = "chainrule.words";

/** Defaults, measured on this machine (see the README): AdamW, warmup then cosine decay to lr/10. */
export const WORDS_DEFAULTS = { dim: 64, heads: 4, blocks: 2, dropout: 0, steps: 2000, batchSize: 128, lr: 1e-2, evalEvery: 250 } as const;

/** What `--save` records besides the tensors. */
export interface WordsCheckpoint {
  format: 1;
  model: WordsModelConfig;
  steps: number;
  devLoss: number;
}

/** One evaluation during training. */
export interface WordsRecord {
  step: number;
  /** Mean loss of the training batches since the previous record (nats per character). */
  trainLoss: number;
  devLoss: number;
  seconds: number;
}

/** What `train --model transformer --json` prints. */
export interface WordsReport {
  dataset: "words";
  model: WordsModelConfig & { parameters: number; description: string };
  samples: { train: number; dev: number };
  optimizer: string;
  lr: number;
  batchSize: number;
  steps: number;
  seed: number;
  /** Loss per character (nats) on 5,000 training words and on all dev words after training. */
  trainLoss: number;
  devLoss: number;
  seconds: number;
  stepsPerSecond: number;
  history: WordsRecord[];
  savedTo: string | null;
  /** Where `--save-onnx` wrote the model (logits of int64 token ids [batch, context]), or null. */
  onnxTo: string | null;
}

/** AdamW (weight decay 0.01) with a warmup of min(100, steps/10) steps then a cosine down to lr/10. */
function makeSchedule(model: nn.Module, lr: number, steps: number): { opt: optim.AdamW; sched: optim.CosineWarmupLR | null } {
  const opt = new optim.AdamW(model.parameters(), { lr, weightDecay: 0.01 });
  const warmup = Math.min(100, Math.floor(steps / 10));
  const sched = steps > 1 ? new optim.CosineWarmupLR(opt, { warmupSteps: warmup, totalSteps: steps, minLr: lr / 10 }) : null;
  return { opt, sched };
}

/**
 * Trains the character-level transformer on the words as the flags ask; prints the summary (or JSON).
 * @example
 * await runTrainWords({ dataset: "words", model: "transformer", steps: 10, seed: 0, testFraction: 0.1, quiet: true });
 */
export async function runTrainWords(flags: TrainFlags): Promise<WordsReport> {
  if ((flags.dataset ?? "words") !== "words") {
    throw new ValueError(`train: --model transformer is a language model of the words dataset; use --dataset words, not ${flags.dataset}.`);
  }
  if (flags.model !== undefined && flags.model !== "transformer") {
    throw new ValueError(`train: the words dataset trains a transformer; drop --model ${flags.model} or pass --model transformer.`);
  }
  for (const [flag, set] of [
    ["--layers", flags.layers],
    ["--activation", flags.activation],
    ["--epochs", flags.epochs],
    ["--load", flags.load],
    ["--out", flags.out],
  ] as const) {
    if (set !== undefined)
      throw new ValueError(`train: ${flag} is not available with --model transformer; drop it (see --steps, --dim, --heads, --blocks).`);
  }
  if (flags.optimizer !== undefined && flags.optimizer !== "adamw") {
    throw new ValueError(
      `train: --model transformer trains with adamw under warmup and cosine decay; drop --optimizer ${flags.optimizer}.`,
    );
  }
  if (flags.save) await checkOutputFile("train --save", flags.save);
  if (flags.saveOnnx) await checkWritable(flags.saveOnnx, "--save-onnx");
  const config: WordsModelConfig = {
    dim: flags.dim ?? WORDS_DEFAULTS.dim,
    heads: flags.heads ?? WORDS_DEFAULTS.heads,
    blocks: flags.blocks ?? WORDS_DEFAULTS.blocks,
    dropout: flags.dropout ?? WORDS_DEFAULTS.dropout,
    context: MAX_LETTERS + 1,
    mlpRatio: 4,
    seed: flags.seed,
  };
  if (config.dim % config.heads !== 0) {
    throw new ValueError(`train: --heads ${config.heads} must divide --dim ${config.dim} (each head gets dim/heads features).`);
  }
  const steps = flags.steps ?? WORDS_DEFAULTS.steps;
  const batchSize = flags.batchSize ?? WORDS_DEFAULTS.batchSize;
  const lr = flags.lr ?? WORDS_DEFAULTS.lr;
  const split = data.wordsSplit({ seed: flags.seed, devFraction: flags.testFraction });
  const model = new CharTransformer(config);
  const { opt, sched } = makeSchedule(model, lr, steps);
  const rng = new Rng(flags.seed + 1);
  const evalEvery = Math.min(WORDS_DEFAULTS.evalEvery, Math.max(1, steps));
  const progress = makeProgress({ stream: process.stderr, epochs: steps, quiet: flags.quiet, unit: "step", testName: "dev" });
  const history: WordsRecord[] = [];
  const t0 = performance.now();
  let trainSeconds = 0;
  try {
    let sum = 0;
    let seen = 0;
    for (let step = 1; step <= steps; step++) {
      const tStep = performance.now();
      const batch = encodeWords(Array.from({ length: batchSize }, () => split.train[rng.int(split.train.length)]!));
      opt.zeroGrad();
      const loss = nn.crossEntropy(model.logitsAt(model.forward(batch.x), batch.rows), batch.targets);
      loss.backward();
      opt.step();
      sched?.step();
      sum += loss.item();
      seen++;
      trainSeconds += (performance.now() - tStep) / 1000;
      const round = Math.ceil(step / evalEvery);
      progress.onBatch?.(round, step - (round - 1) * evalEvery, evalEvery, sum / seen, null);
      if (step % evalEvery === 0 || step === steps) {
        const record = { step, trainLoss: sum / seen, devLoss: lossPerChar(model, split.dev), seconds: (performance.now() - t0) / 1000 };
        history.push(record);
        progress.onEpoch?.({
          epoch: step,
          trainLoss: record.trainLoss,
          testLoss: record.devLoss,
          trainAccuracy: null,
          testAccuracy: null,
          seconds: record.seconds,
        });
        sum = 0;
        seen = 0;
      }
    }
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  const devLoss = history.at(-1)?.devLoss ?? lossPerChar(model, split.dev);
  const report: WordsReport = {
    dataset: "words",
    model: {
      ...config,
      parameters: model.numParameters(),
      description: `transformer: ${config.blocks} pre-norm blocks, d ${config.dim}, ${config.heads} heads, context ${config.context}${config.dropout ? `, dropout ${config.dropout}` : ""}`,
    },
    samples: { train: split.train.length, dev: split.dev.length },
    optimizer: "adamw (warmup + cosine)",
    lr,
    batchSize,
    steps,
    seed: flags.seed,
    trainLoss: lossPerChar(model, split.train.slice(0, 5000)),
    devLoss,
    seconds,
    stepsPerSecond: trainSeconds > 0 ? steps / trainSeconds : 0,
    history,
    savedTo: null,
    onnxTo: null,
  };
  if (flags.save) {
    const info: WordsCheckpoint = { format: 1, model: config, steps, devLoss };
    await saveModel(flags.save, model, undefined, { [WORDS_KEY]: JSON.stringify(info) });
    report.savedTo = flags.save;
  }
  if (flags.saveOnnx) {
    await writeWordsOnnx(flags.saveOnnx, model);
    report.onnxTo = flags.saveOnnx;
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${wordsSummary(report, pc.isColorSupported && Boolean(process.stdout.isTTY)).join("\n")}\n`);
  return report;
}

/**
 * The end-of-run summary, one string per line.
 * @example
 * console.log(wordsSummary(report, false).join("\n"));
 */
export function wordsSummary(r: WordsReport, color: boolean): string[] {
  const b = (s: string) => (color ? pc.bold(s) : s);
  const g = (s: string) => (color ? pc.green(s) : s);
  const lines = [
    `${b("dataset")}    words: ${r.samples.train} train / ${r.samples.dev} dev words`,
    `${b("model")}      ${r.model.description}, ${r.model.parameters.toLocaleString("en-US")} parameters`,
    `${b("training")}   ${r.optimizer} lr ${r.lr}, batch ${r.batchSize} words, ${r.steps} steps, seed ${r.seed}`,
    `${b("train")}      ${r.trainLoss.toFixed(4)} nats/char`,
    `${b("dev")}        ${g(r.devLoss.toFixed(4))} nats/char`,
    `${b("time")}       ${r.seconds.toFixed(1)} s (${r.stepsPerSecond.toFixed(2)} steps/s)`,
  ];
  if (r.savedTo) lines.push(`${b("saved")}      ${r.savedTo} (chainrule sample --load ${r.savedTo})`);
  if (r.onnxTo) lines.push(`${b("onnx")}       ${r.onnxTo} (int64 token ids [batch, ${r.model.context}] → logits)`);
  return lines;
}
