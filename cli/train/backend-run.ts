/** @file `chainrule train --backend`: a CPU backend for the usual loop, or the webgpu backend with the device loop and its report. */
import pc from "picocolors";
import { getBackend, memory, type nn, type optim, setBackend, ValueError } from "../../src/index.js";
import type { TrainFlags } from "../commands/train.js";
import { fitOnDevice, hostData, type DeviceTraining, type HostData } from "./device-loop.js";
import { buildModel, modelSizes, type Prepared, type TrainConfig } from "./loop.js";
import { makeProgress } from "./progress.js";
import { summaryLines, type TrainReport } from "./report.js";

/** Backends `--backend` accepts. */
export const BACKENDS = ["js", "wasm", "webgpu"] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * Refuses, before any work, what `--backend webgpu` cannot do yet: the transformer (its loop reads the loss
 * synchronously every step), and the flags that read the model's values synchronously (checkpoints, ONNX, pictures).
 * @example
 * checkWebgpuFlags({ seed: 0, backend: "webgpu", save: "m.safetensors" }); // throws, naming --save
 */
export function checkWebgpuFlags(flags: TrainFlags): void {
  if (flags.model === "transformer" || flags.dataset === "words") {
    throw new ValueError(
      `train: --backend webgpu trains the MLP and --model cnn; the words transformer's loop reads its loss synchronously every step, which a GPU tensor cannot do. Drop --backend webgpu.`,
    );
  }
  for (const [flag, set] of [
    ["--load", flags.load],
    ["--save", flags.save],
    ["--save-onnx", flags.saveOnnx],
    ["--out", flags.out],
  ] as const) {
    if (set !== undefined) {
      throw new ValueError(
        `train: ${flag} is not available with --backend webgpu yet (it reads the model synchronously); drop it, or train on a CPU backend.`,
      );
    }
  }
}

/**
 * Runs `fn` with the CPU backend `name` selected, then selects the previous one again.
 * @example
 * await onBackend("wasm", () => runTrain(flags));
 */
export async function onBackend<T>(name: BackendName, fn: () => Promise<T>): Promise<T> {
  const previous = getBackend();
  await setBackend(name);
  try {
    return await fn();
  } finally {
    await setBackend(previous);
  }
}

/** Selects webgpu, or says why it cannot load and what to do. */
async function loadWebgpu(): Promise<void> {
  try {
    await setBackend("webgpu");
  } catch (e) {
    // the registry's message already names the fix for this machine (npm i webgpu, a driver, SwiftShader)
    throw new ValueError(
      `train --backend webgpu: the WebGPU backend could not load: ${(e as Error).message} Or drop --backend webgpu to train on the CPU (js or wasm).`,
    );
  }
}

/** One webgpu training job: settings, data as host arrays, how to build the model and its training, and how the report names them. */
export interface WebgpuJob {
  flags: TrainFlags;
  config: TrainConfig;
  train: HostData;
  test: HostData;
  build(): nn.Module;
  training(model: nn.Module, perEpoch: number): DeviceTraining;
  model: { sizes: number[]; activation: string; description?: string };
  optimizer: string;
}

/**
 * Trains `job` on the webgpu backend (the previous backend is selected again afterwards), prints the summary (or JSON)
 * and returns the report.
 * @example
 * await runOnWebgpu({ flags, config, train, test, build, training, model: { sizes, activation }, optimizer: "adam" });
 */
export async function runOnWebgpu(job: WebgpuJob): Promise<TrainReport> {
  const { flags, config } = job;
  const previous = getBackend();
  await loadWebgpu();
  try {
    const model = job.build();
    const progress = makeProgress({ stream: process.stderr, epochs: config.epochs, quiet: flags.quiet });
    const t0 = performance.now();
    let result;
    try {
      result = await fitOnDevice(
        model,
        job.train,
        job.test,
        config,
        job.training(model, Math.ceil(job.train.n / config.batchSize)),
        progress,
      );
    } finally {
      progress.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    const { train, test } = result.final;
    const report: TrainReport = {
      dataset: config.dataset,
      task: job.train.task,
      samples: { train: job.train.n, test: job.test.n },
      model: { ...job.model, parameters: model.numParameters() },
      optimizer: job.optimizer,
      lr: config.lr,
      batchSize: config.batchSize,
      seed: config.seed,
      epochs: result.history.length,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy,
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      seconds,
      history: result.history,
      files: [],
      loadedFrom: null,
      savedTo: null,
      onnxTo: null,
      backend: `webgpu (${memory().webgpu?.adapter ?? "unknown adapter"})`,
    };
    if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${summaryLines(report, pc.isColorSupported && Boolean(process.stdout.isTTY)).join("\n")}\n`);
    return report;
  } finally {
    await setBackend(previous);
  }
}

/**
 * The MLP of `chainrule train` on the webgpu backend, with the run's optimizer.
 * @example
 * await runMlpOnWebgpu(flags, config, prepare(config), (m) => makeOptimizer("adam", m.parameters(), 1e-3));
 */
export function runMlpOnWebgpu(
  flags: TrainFlags,
  config: TrainConfig,
  p: Prepared,
  makeOpt: (m: nn.Module) => optim.Optimizer,
): Promise<TrainReport> {
  return runOnWebgpu({
    flags,
    config,
    train: hostData(p.train),
    test: hostData(p.test),
    build: () => buildModel(config, p.dataset),
    training: (m) => ({ opt: makeOpt(m) }),
    model: { sizes: modelSizes(p.dataset, config.layers), activation: config.activation },
    optimizer: config.optimizer,
  });
}
