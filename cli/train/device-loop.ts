/** @file The training loop of `chainrule train --backend webgpu`: batches uploaded from host arrays, losses summed on the device, one asynchronous read per epoch. */
import { data, nn, noGrad, type optim, Rng, tensor, type Tensor } from "../../src/index.js";
import type { EpochRecord, TrainConfig, TrainHooks } from "./loop.js";

/** A dataset's values as host float32 arrays (read from its CPU tensors before the device is selected). */
export interface HostData {
  task: data.Task;
  /** Rows of x, flattened; each row has `shape` (without the batch axis). */
  x: Float32Array;
  shape: number[];
  /** Targets: a class index per row, or a row of real values for regression. */
  y: Float32Array;
  n: number;
}

/**
 * The host arrays of a dataset whose tensors live on a CPU backend.
 * @example
 * const h = hostData(p.train); h.n; // rows
 */
export function hostData(ds: data.Dataset): HostData {
  const n = ds.x.shape[0]!;
  return { task: ds.task, x: Float32Array.from(ds.x.data), shape: ds.x.shape.slice(1), y: Float32Array.from(ds.y.data), n };
}

/** Rows `rows` of a host array of `width` values per row, as one array. */
function gatherRows(src: Float32Array, width: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, k) => out.set(src.subarray(r * width, (r + 1) * width), k * width));
  return out;
}

/** The loss of a batch: cross-entropy against class indices (made on the host), or MSE against a device tensor. */
function lossOf(h: HostData, out: Tensor, rows: readonly number[]): Tensor {
  if (h.task === "classification")
    return nn.crossEntropy(
      out,
      Array.from(rows, (r) => h.y[r]!),
    );
  const width = h.y.length / h.n;
  return nn.mseLoss(out, tensor(gatherRows(h.y, width, rows), { shape: [rows.length, ...out.shape.slice(1)] }));
}

/** The loss (a device tensor) and the logits of a whole dataset in eval mode, without a graph. */
function evalTensors(model: nn.Module, h: HostData, x: Tensor): { loss: Tensor; out: Tensor } {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const out = model.forward(x);
      return {
        loss: lossOf(
          h,
          out,
          Array.from({ length: h.n }, (_, i) => i),
        ),
        out,
      };
    });
  } finally {
    model.train(wasTraining);
  }
}

/** Accuracy from logits read back [n, C] against the class indices. */
function accuracyOf(h: HostData, logits: Float32Array): number | null {
  if (h.task !== "classification") return null;
  const c = logits.length / h.n;
  let hits = 0;
  for (let i = 0; i < h.n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (logits[i * c + j]! > logits[i * c + best]!) best = j;
    if (best === h.y[i]) hits++;
  }
  return hits / h.n;
}

/** What a device loop needs besides the model: the optimizer, and optionally a per-step schedule and a batch augmentation. */
export interface DeviceTraining {
  opt: optim.Optimizer;
  /** Called after each optimizer step (e.g. a learning-rate schedule). */
  afterStep?: () => void;
  /** Rewrites a batch's host values before upload (e.g. random shifts of images). */
  augment?: (x: Float32Array, shape: number[], rng: Rng) => Float32Array;
}

/** Loss and accuracy on the train and test parts, read together (one round of reads). */
export interface DeviceEval {
  train: { loss: number; accuracy: number | null };
  test: { loss: number; accuracy: number | null };
}

/**
 * Evaluates `model` (on the device) on both parts with one round of asynchronous reads.
 * @example
 * const { test } = await evaluateOnDevice(model, train, test, xTrain, xTest);
 */
export async function evaluateOnDevice(
  model: nn.Module,
  train: HostData,
  test: HostData,
  xTrain: Tensor,
  xTest: Tensor,
): Promise<DeviceEval> {
  const a = evalTensors(model, train, xTrain);
  const b = evalTensors(model, test, xTest);
  const [la, oa, lb, ob] = await Promise.all([a.loss, a.out, b.loss, b.out].map((t) => t.dataAsync()));
  return {
    train: { loss: la![0]!, accuracy: accuracyOf(train, oa as Float32Array) },
    test: { loss: lb![0]!, accuracy: accuracyOf(test, ob as Float32Array) },
  };
}

/**
 * Trains on the selected device backend for `config.epochs` epochs of shuffled mini-batches (the order of `data.batches`
 * with the same seed). Nothing is read inside a step: each batch's loss·rows is added to a sum on the device, read
 * once per epoch together with the evaluation on both parts. Returns one record per epoch and the final evaluation.
 * @example
 * const { history } = await fitOnDevice(model, train, test, config, { opt });
 */
export async function fitOnDevice(
  model: nn.Module,
  train: HostData,
  test: HostData,
  config: TrainConfig,
  run: DeviceTraining,
  hooks: TrainHooks = {},
): Promise<{ history: EpochRecord[]; final: DeviceEval }> {
  const rng = new Rng(config.seed + 1);
  const width = train.x.length / train.n;
  const xTrain = tensor(train.x, { shape: [train.n, ...train.shape] });
  const xTest = tensor(test.x, { shape: [test.n, ...test.shape] });
  const perEpoch = Math.ceil(train.n / config.batchSize);
  const history: EpochRecord[] = [];
  const t0 = performance.now();
  let final: DeviceEval | null = null;
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    model.train();
    const order = rng.shuffle(Array.from({ length: train.n }, (_, i) => i));
    let lossSum: Tensor | null = null;
    for (let start = 0; start < train.n; start += config.batchSize) {
      const rows = order.slice(start, start + config.batchSize);
      const shape = [rows.length, ...train.shape];
      const host = gatherRows(train.x, width, rows);
      const x = tensor(run.augment ? run.augment(host, shape, rng) : host, { shape });
      run.opt.zeroGrad();
      const loss = lossOf(train, model.forward(x), rows);
      loss.backward();
      run.opt.step();
      run.afterStep?.();
      // Σ loss·rows stays on the device: no read inside the epoch
      const weighted = noGrad(() => loss.detach().mul(rows.length));
      lossSum = lossSum ? noGrad(() => lossSum!.add(weighted)) : weighted;
    }
    const [sum, evaluation] = await Promise.all([
      lossSum ? lossSum.dataAsync() : Promise.resolve(null),
      evaluateOnDevice(model, train, test, xTrain, xTest),
    ]);
    const running = sum ? sum[0]! / train.n : NaN;
    if (sum && !Number.isFinite(running)) {
      throw new Error(`train: the loss became ${running} in epoch ${epoch}; lower --lr (now ${config.lr}) or try --optimizer adam.`);
    }
    final = evaluation;
    hooks.onBatch?.(epoch, perEpoch, perEpoch, running, null);
    const record: EpochRecord = {
      epoch,
      trainLoss: final.train.loss,
      testLoss: final.test.loss,
      trainAccuracy: final.train.accuracy,
      testAccuracy: final.test.accuracy,
      seconds: (performance.now() - t0) / 1000,
    };
    history.push(record);
    hooks.onEpoch?.(record);
  }
  final ??= await evaluateOnDevice(model, train, test, xTrain, xTest);
  return { history, final };
}
