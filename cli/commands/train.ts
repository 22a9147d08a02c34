/** @file `chainrule train`: train an MLP on a shipped dataset, with progress, a summary, charts and checkpoints. */
import type { Command } from "commander";
import pc from "picocolors";
import { data, ValueError, type nn, type optim } from "../../src/index.js";
import { loadCheckpoint, readCheckpointInfo, saveCheckpoint, type CheckpointInfo } from "../train/checkpoint.js";
import { defaultsFor } from "../train/defaults.js";
import {
  buildModel,
  evaluate,
  fit,
  makeOptimizer,
  modelSizes,
  OPTIMIZERS,
  prepare,
  type OptimizerName,
  type TrainConfig,
} from "../train/loop.js";
import { runTrainCnn } from "../train/cnn-run.js";
import { runTrainWords, WORDS_DEFAULTS, type WordsReport } from "../train/words-run.js";
import { checkWritable, writeOnnx } from "../train/onnx.js";
import { checkOutputDir, checkOutputFile } from "../output-paths.js";
import { BACKENDS, checkWebgpuFlags, onBackend, runMlpOnWebgpu, type BackendName } from "../train/backend-run.js";
import { writePictures } from "../train/pictures.js";
import { makeProgress } from "../train/progress.js";
import { summaryLines, type TrainReport } from "../train/report.js";
import { oneOf, parseDropout, parseFraction, parseLayers, parseLr, positiveInt } from "./train-flags.js";

const ACTIVATIONS = ["relu", "tanh", "sigmoid", "gelu", "silu", "softplus", "leakyRelu", "elu"] as const;

export interface TrainFlags {
  dataset?: string;
  model?: "mlp" | "cnn" | "transformer";
  layers?: number[];
  activation?: (typeof ACTIVATIONS)[number];
  optimizer?: OptimizerName;
  lr?: number;
  epochs?: number;
  batchSize?: number;
  seed: number;
  /** Share held out (default 0.2; 0.1 of the words). */
  testFraction?: number;
  /** Training steps of --model transformer. */
  steps?: number;
  dim?: number;
  heads?: number;
  blocks?: number;
  /** Dropout on each transformer block's branches (--model transformer). */
  dropout?: number;
  save?: string;
  saveOnnx?: string;
  load?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  /** Where to compute: js (default), wasm, or webgpu (the device loop; MLP and CNN). */
  backend?: BackendName;
}

/** The settings of the run: flags over the saved run (with --load) over the dataset's defaults. */
function resolveConfig(flags: TrainFlags, saved: CheckpointInfo | null): TrainConfig {
  const dataset = data.describeDataset(flags.dataset ?? saved?.dataset ?? "moons").name;
  const defaults = defaultsFor(dataset);
  if (saved) {
    const info = data.describeDataset(dataset);
    const [inputs, outputs] = [saved.sizes[0], saved.sizes[saved.sizes.length - 1]];
    if (inputs !== info.features || outputs !== (info.task === "classification" ? info.classes : 1)) {
      throw new ValueError(
        `train: the loaded model is an MLP ${saved.sizes.join("→")} trained on ${saved.dataset}; ${dataset} has ${info.features} features and ${info.task === "classification" ? `${info.classes} classes` : "one real-valued target"}. Drop --dataset or pick ${saved.dataset}.`,
      );
    }
    const savedHidden = saved.sizes.slice(1, -1);
    if (flags.layers && flags.layers.join(",") !== savedHidden.join(",")) {
      throw new ValueError(
        `train: --layers ${flags.layers.join(",") || "none"} differs from the loaded model's hidden layers ${savedHidden.join(",") || "none"}; drop --layers with --load.`,
      );
    }
    if (flags.activation && flags.activation !== saved.activation) {
      throw new ValueError(
        `train: --activation ${flags.activation} differs from the loaded model's ${saved.activation}; drop --activation with --load.`,
      );
    }
  }
  return {
    dataset,
    layers: saved ? saved.sizes.slice(1, -1) : (flags.layers ?? defaults.layers),
    activation: saved?.activation ?? flags.activation ?? defaults.activation,
    optimizer:
      flags.optimizer ??
      (saved && (OPTIMIZERS as readonly string[]).includes(saved.optimizer) ? (saved.optimizer as OptimizerName) : defaults.optimizer),
    lr: flags.lr ?? defaults.lr,
    epochs: flags.epochs ?? defaults.epochs,
    batchSize: flags.batchSize ?? defaults.batchSize,
    seed: flags.seed,
    testFraction: flags.testFraction ?? 0.2,
  };
}

/** The most parameters `train` builds: ~200 MB of float32 weights, with as much again for gradients and each optimizer buffer. */
export const MAX_PARAMETERS = 50_000_000;

function checkModelSize(config: TrainConfig): void {
  const info = data.describeDataset(config.dataset);
  const sizes = [info.features, ...config.layers, info.task === "classification" ? info.classes : 1];
  const count = sizes.slice(1).reduce((n, out, i) => n + (sizes[i]! + 1) * out, 0);
  if (count > MAX_PARAMETERS) {
    throw new ValueError(
      `train: --layers ${config.layers.join(",")} makes an MLP ${sizes.join("→")} with ${count} parameters; the limit is ${MAX_PARAMETERS} (about 200 MB of float32 weights, plus gradients and optimizer buffers). Use smaller layers.`,
    );
  }
}

/** Runs one training session as the flags ask; prints the summary (or JSON) and returns the report. */
export async function runTrain(flags: TrainFlags): Promise<TrainReport | WordsReport> {
  if (flags.backend === "webgpu") checkWebgpuFlags(flags);
  else if (flags.backend) return onBackend(flags.backend, () => runTrain({ ...flags, backend: undefined }));
  if (flags.model === "cnn") return runTrainCnn(flags);
  if (flags.model === "transformer" || flags.dataset === "words") return runTrainWords(flags);
  if (flags.dropout !== undefined) {
    throw new ValueError(`train: --dropout applies to --model transformer only; drop it for the ${flags.model ?? "mlp"} model.`);
  }
  // before any work: a run must never be lost at its end to a path that cannot be written
  if (flags.saveOnnx) await checkWritable(flags.saveOnnx, "--save-onnx");
  if (flags.save) await checkOutputFile("train --save", flags.save);
  if (flags.out) await checkOutputDir("train --out", flags.out);
  const saved = flags.load ? await readCheckpointInfo(flags.load) : null;
  const config = resolveConfig(flags, saved);
  checkModelSize(config);
  const dataset = config.dataset;
  const p = prepare(config, saved?.stats);
  const makeOpt = (m: nn.Module) => makeOptimizer(config.optimizer, m.parameters(), config.lr);
  if (flags.backend === "webgpu") return runMlpOnWebgpu(flags, config, p, makeOpt);
  let model: nn.MLP;
  let opt: optim.Optimizer;
  if (flags.load && saved) {
    const loaded = await loadCheckpoint(flags.load, saved, p.dataset, makeOpt);
    ({ model, opt } = loaded);
    // a restored optimizer continues with its saved learning rate unless --lr says otherwise
    if (loaded.restoredOptimizer && flags.lr === undefined) config.lr = opt.lr;
    opt.lr = config.lr;
  } else {
    model = buildModel(config, p.dataset);
    opt = makeOpt(model);
  }
  const progress = makeProgress({ stream: process.stderr, epochs: config.epochs, quiet: flags.quiet });
  const t0 = performance.now();
  let history;
  try {
    history = fit(model, p, config, progress, opt);
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  const train = evaluate(model, p.train);
  const test = evaluate(model, p.test);
  const sizes = modelSizes(p.dataset, config.layers);
  const report: TrainReport = {
    dataset,
    task: p.dataset.task,
    samples: { train: p.train.x.shape[0]!, test: p.test.x.shape[0]! },
    model: { sizes, activation: config.activation, parameters: model.parameters().reduce((s, t) => s + t.size, 0) },
    optimizer: config.optimizer,
    lr: config.lr,
    batchSize: config.batchSize,
    seed: config.seed,
    epochs: history.length,
    trainLoss: train.loss,
    trainAccuracy: train.accuracy,
    testLoss: test.loss,
    testAccuracy: test.accuracy,
    seconds,
    history,
    files: [],
    loadedFrom: flags.load ?? null,
    savedTo: null,
    onnxTo: null,
  };
  if (flags.out) {
    const acc = test.accuracy === null ? `test MSE ${test.loss.toFixed(4)}` : `test accuracy ${test.accuracy.toFixed(3)}`;
    const caption = {
      title: dataset,
      subtitle: `MLP ${sizes.join("→")} (${config.activation}), ${config.optimizer} lr ${config.lr}, ${history.length} epochs: ${acc}`,
    };
    report.files = await writePictures(flags.out, model, p, history, caption);
  }
  if (flags.save) {
    const epochs = (saved?.epochs ?? 0) + history.length;
    await saveCheckpoint(flags.save, model, opt, {
      format: 1,
      dataset,
      sizes,
      activation: config.activation,
      optimizer: config.optimizer,
      stats: p.stats,
      epochs,
    });
    report.savedTo = flags.save;
  }
  if (flags.saveOnnx) {
    await writeOnnx(flags.saveOnnx, model, p.stats, p.test.x, { "chainrule.dataset": dataset, "chainrule.sizes": sizes.join(",") });
    report.onnxTo = flags.saveOnnx;
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${summaryLines(report, pc.isColorSupported && Boolean(process.stdout.isTTY)).join("\n")}\n`);
  return report;
}

/** The per-dataset defaults, for --help. */
function defaultsTable(): string {
  const rows = data.datasetNames.map((name) => {
    const d = defaultsFor(name);
    const layers = d.layers.join(",") || "none";
    return `  ${name.padEnd(14)} --layers ${layers.padEnd(6)} --activation ${d.activation.padEnd(5)} --optimizer ${d.optimizer} --lr ${String(d.lr).padEnd(6)} --epochs ${String(d.epochs).padEnd(4)} --batch-size ${d.batchSize}`;
  });
  return `\nDefaults by dataset:\n${rows.join("\n")}\n\nExamples:\n  chainrule train --dataset digits\n  chainrule train --dataset digits --model cnn\n  chainrule train --dataset words --model transformer --save words.safetensors\n  chainrule train --dataset words --model transformer --save-onnx words.onnx\n  chainrule train --dataset moons --out out/ --save moons.safetensors\n  chainrule train --dataset moons --save-onnx moons.onnx\n  chainrule train --dataset digits --model cnn --save-onnx digits-cnn.onnx\n  chainrule train --load moons.safetensors --epochs 0 --json\n  chainrule train --dataset digits --backend webgpu`;
}

/**
 * Registers `chainrule train` on the program.
 * @example
 * registerTrain(program); // chainrule train --dataset digits --out out/
 */
export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("Train an MLP on a shipped dataset (progress on stderr, summary or --json on stdout, charts in --out).")
    .option("--dataset <name>", `one of ${data.datasetNames.join(", ")}, words (default: moons, or the loaded model's)`)
    .option(
      "--model <kind>",
      "mlp (default), cnn (a small convolutional network; digits only) or transformer (a character-level language model; words only)",
      oneOf("--model", ["mlp", "cnn", "transformer"] as const),
    )
    .option("--layers <sizes>", 'hidden layer sizes, e.g. "64,32" or "none" (default: per dataset)', parseLayers)
    .option(
      "--activation <name>",
      `hidden activation: ${ACTIVATIONS.join(", ")} (default: per dataset)`,
      oneOf("--activation", ACTIVATIONS),
    )
    .option("--optimizer <name>", `${OPTIMIZERS.join(", ")} (default: adam; sgd uses momentum 0.9)`, oneOf("--optimizer", OPTIMIZERS))
    .option("--lr <rate>", "learning rate (default: per dataset)", parseLr)
    .option("--epochs <n>", "passes over the training data (default: per dataset; 0 only evaluates)", positiveInt("--epochs", true))
    .option("--batch-size <n>", "samples per mini-batch (default: per dataset)", positiveInt("--batch-size"))
    .option("--seed <n>", "seed for data generation, split, initial weights and batch order", positiveInt("--seed", true), 0)
    .option("--test-fraction <f>", "share of samples held out for testing (default 0.2; 0.1 of the words, as dev)", parseFraction)
    .option("--steps <n>", `transformer: training steps (default ${WORDS_DEFAULTS.steps})`, positiveInt("--steps"))
    .option("--dim <d>", `transformer: width of each position's vector (default ${WORDS_DEFAULTS.dim})`, positiveInt("--dim"))
    .option("--heads <n>", `transformer: attention heads, dividing --dim (default ${WORDS_DEFAULTS.heads})`, positiveInt("--heads"))
    .option("--blocks <n>", `transformer: transformer blocks (default ${WORDS_DEFAULTS.blocks})`, positiveInt("--blocks"))
    .option("--dropout <p>", `transformer: dropout on each block's branches (default ${WORDS_DEFAULTS.dropout})`, parseDropout)
    .option("--save <file>", "save the trained model (safetensors, with its architecture and standardisation)")
    .option(
      "--save-onnx <file>",
      "also export the trained model as ONNX (takes raw features: the standardisation is in the graph; with --model cnn, raw pixels as [batch, 1, 8, 8]; with --model transformer, int64 token ids [batch, 11] → logits)",
    )
    .option(
      "--load <file>",
      "start from a model saved with --save: its layers, activation, standardisation and (same optimizer) optimizer state",
    )
    .option("--out <dir>", "write training.svg, and decision-boundary.svg (2-D data) or fit.svg (1-D regression)")
    .option(
      "--backend <name>",
      "js (default), wasm, or webgpu (MLP and --model cnn on the GPU; the loss is read once per epoch)",
      oneOf("--backend", BACKENDS),
    )
    .option("--json", "print one JSON document instead of the summary")
    .option("--quiet", "no progress output on stderr")
    .addHelpText("after", defaultsTable)
    .action(async (flags: TrainFlags) => {
      await runTrain(flags);
    });
}
