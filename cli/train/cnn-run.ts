/** @file `chainrule train --model cnn`: the digits as images through a small CNN, reported like an MLP run. */
import pc from "picocolors";
import { data, optim, ValueError } from "../../src/index.js";
import type { TrainFlags } from "../commands/train.js";
import { runOnWebgpu } from "./backend-run.js";
import { asImages, buildCnn, fitCnn, shiftImages } from "./cnn.js";
import { hostData } from "./device-loop.js";
import { evaluate, prepare, type TrainConfig } from "./loop.js";
import { checkWritable, writeCnnOnnx } from "./onnx.js";
import { makeProgress } from "./progress.js";
import { summaryLines, type TrainReport } from "./report.js";

/** Defaults of the CNN, measured on this machine (see the README): AdamW under one cycle peaking at lr, shifted batches. */
export const CNN_DEFAULTS = { lr: 5e-3, epochs: 5, batchSize: 32 } as const;

const DESCRIPTION = "CNN conv3×3(16)+BN+ReLU → conv3×3(32)+BN+ReLU → maxpool 2 → linear 512 → 10";

/**
 * Trains the CNN on the digits as the flags ask; prints the summary (or JSON) and returns the report.
 * @example
 * await runTrainCnn({ dataset: "digits", model: "cnn", seed: 0, testFraction: 0.2, quiet: true });
 */
export async function runTrainCnn(flags: TrainFlags): Promise<TrainReport> {
  const dataset = data.describeDataset(flags.dataset ?? "digits").name;
  if (dataset !== "digits") throw new ValueError(`train: --model cnn needs 8×8 images; only the digits dataset has them, not ${dataset}.`);
  for (const [flag, set] of [
    ["--layers", flags.layers],
    ["--activation", flags.activation],
    ["--load", flags.load],
    ["--save", flags.save],
    ["--out", flags.out],
  ] as const) {
    if (set !== undefined) throw new ValueError(`train: ${flag} is not available with --model cnn yet; drop it (or use the MLP).`);
  }
  if (flags.optimizer !== undefined && flags.optimizer !== "adamw") {
    throw new ValueError(`train: --model cnn trains with adamw under a one-cycle schedule; drop --optimizer ${flags.optimizer}.`);
  }
  // before any work: a run must never be lost at its end to a path that cannot be written
  if (flags.saveOnnx) await checkWritable(flags.saveOnnx, "--save-onnx");
  const config: TrainConfig = {
    dataset,
    layers: [],
    activation: "relu",
    optimizer: "adamw",
    lr: flags.lr ?? CNN_DEFAULTS.lr,
    epochs: flags.epochs ?? CNN_DEFAULTS.epochs,
    batchSize: flags.batchSize ?? CNN_DEFAULTS.batchSize,
    seed: flags.seed,
    testFraction: flags.testFraction ?? 0.2,
  };
  const p = prepare(config);
  const train = asImages(p.raw.train);
  const test = asImages(p.raw.test);
  if (flags.backend === "webgpu") return runCnnOnWebgpu(flags, config, train, test, p.dataset.classes.length);
  const model = buildCnn(p.dataset.classes.length, config.seed);
  const progress = makeProgress({ stream: process.stderr, epochs: config.epochs, quiet: flags.quiet });
  const t0 = performance.now();
  let history;
  try {
    history = fitCnn(model, train, test, config, progress);
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  const tr = evaluate(model, train);
  const te = evaluate(model, test);
  const report: TrainReport = {
    dataset,
    task: "classification",
    samples: { train: train.x.shape[0]!, test: test.x.shape[0]! },
    model: { sizes: [64, p.dataset.classes.length], activation: "relu", parameters: model.numParameters(), description: DESCRIPTION },
    optimizer: "adamw (one-cycle)",
    lr: config.lr,
    batchSize: config.batchSize,
    seed: config.seed,
    epochs: history.length,
    trainLoss: tr.loss,
    trainAccuracy: tr.accuracy,
    testLoss: te.loss,
    testAccuracy: te.accuracy,
    seconds,
    history,
    files: [],
    loadedFrom: null,
    savedTo: null,
    onnxTo: null,
  };
  if (flags.saveOnnx) {
    await writeCnnOnnx(flags.saveOnnx, model, test.x.shape[0] ? test.x : train.x);
    report.onnxTo = flags.saveOnnx;
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${summaryLines(report, pc.isColorSupported && Boolean(process.stdout.isTTY)).join("\n")}\n`);
  return report;
}

/** The CNN on the webgpu backend: the same model, AdamW under one cycle and shifted batches, through the device loop. */
function runCnnOnWebgpu(
  flags: TrainFlags,
  config: TrainConfig,
  train: data.Dataset,
  test: data.Dataset,
  classes: number,
): Promise<TrainReport> {
  return runOnWebgpu({
    flags,
    config,
    train: hostData(train),
    test: hostData(test),
    build: () => buildCnn(classes, config.seed),
    training: (model, perEpoch) => {
      const opt = new optim.AdamW(model.parameters(), { lr: config.lr, weightDecay: 1e-4 });
      const sched = config.epochs > 0 ? new optim.OneCycleLR(opt, { maxLr: config.lr, totalSteps: config.epochs * perEpoch }) : null;
      return { opt, afterStep: () => sched?.step(), augment: shiftImages };
    },
    model: { sizes: [64, classes], activation: "relu", description: DESCRIPTION },
    optimizer: "adamw (one-cycle)",
  });
}
