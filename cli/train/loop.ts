/** @file The training loop behind `chainrule train`: prepare the data, build the MLP, run epochs, evaluate. */
import { data, nn, noGrad, optim, Rng, type Tensor } from "../../src/index.js";

/** Optimizers `--optimizer` accepts. */
export const OPTIMIZERS = ["sgd", "adam", "adamw", "rmsprop", "adagrad"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Everything one training run depends on. */
export interface TrainConfig {
  dataset: string;
  /** Hidden layer sizes (input and output sizes come from the dataset). */
  layers: number[];
  activation: nn.ActivationName;
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  batchSize: number;
  seed: number;
  /** Share of the samples held out for testing. */
  testFraction: number;
}

/** Metrics after one epoch, measured on the whole train and test parts in eval mode. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  /** Share of correct predictions; null for regression. */
  trainAccuracy: number | null;
  testAccuracy: number | null;
  /** Seconds since training started. */
  seconds: number;
}

/** The data of a run: the standardised parts and the statistics used (fitted on the train part). */
export interface Prepared {
  dataset: data.Dataset;
  train: data.Dataset;
  test: data.Dataset;
  stats: data.Standardization;
  /** The same train and test samples before standardisation (for pictures in the data's own units). */
  raw: { train: data.Dataset; test: data.Dataset };
}

/**
 * Loads the dataset, splits it (stratified for classification) and standardises the inputs with statistics fitted on
 * the train part (or with `stats`, e.g. those a loaded model was trained with).
 * @example
 * const p = prepare({ ...config, dataset: "moons" }); p.train.x.shape; // [400, 2]
 */
export function prepare(config: Pick<TrainConfig, "dataset" | "seed" | "testFraction">, stats?: data.Standardization): Prepared {
  const info = data.describeDataset(config.dataset);
  const dataset = data.load(info.name, info.generated ? { seed: config.seed } : {});
  const parts = data.trainTestSplit(dataset, {
    testFraction: config.testFraction,
    seed: config.seed,
    stratify: dataset.task === "classification",
  });
  if (stats) {
    // a loaded model keeps the statistics it was trained with
    const train = data.applyStandardization(parts.train, stats);
    return { dataset, train, test: data.applyStandardization(parts.test, stats), stats, raw: parts };
  }
  const fitted = data.standardize(parts.train, parts.test);
  return { dataset, train: fitted.train, test: fitted.test!, stats: fitted.stats, raw: parts };
}

/** Input and output widths of the network for a dataset. */
export function modelSizes(ds: data.Dataset, hidden: number[]): number[] {
  const out = ds.task === "classification" ? ds.classes.length : 1;
  return [ds.featureNames.length, ...hidden, out];
}

/**
 * The MLP for a run, weights drawn from the run's seed.
 * @example
 * const model = buildModel(config, p.dataset);
 */
export function buildModel(config: Pick<TrainConfig, "layers" | "activation" | "seed">, ds: data.Dataset): nn.MLP {
  return new nn.MLP(modelSizes(ds, config.layers), { activation: config.activation, seed: config.seed });
}

/**
 * The optimizer named by `--optimizer` (SGD uses momentum 0.9).
 * @example
 * const opt = makeOptimizer("adam", model.parameters(), 3e-3);
 */
export function makeOptimizer(name: OptimizerName, params: Tensor[], lr: number): optim.Optimizer {
  switch (name) {
    case "sgd":
      return new optim.SGD(params, { lr, momentum: 0.9 });
    case "adam":
      return new optim.Adam(params, { lr });
    case "adamw":
      return new optim.AdamW(params, { lr });
    case "rmsprop":
      return new optim.RMSprop(params, { lr });
    case "adagrad":
      return new optim.Adagrad(params, { lr });
    default: {
      const never: never = name;
      throw new Error(`unknown optimizer ${String(never)}`);
    }
  }
}

function lossOf(task: data.Task, out: Tensor, y: Tensor): Tensor {
  return task === "classification" ? nn.crossEntropy(out, y) : nn.mseLoss(out, y);
}

/** Index of the largest logit in each row of an [n, C] tensor. */
export function argmaxRows(logits: Tensor): number[] {
  const [n, c] = logits.shape as [number, number];
  const d = logits.data;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (d[i * c + j]! > d[i * c + best]!) best = j;
    out[i] = best;
  }
  return out;
}

function correct(logits: Tensor, y: Tensor): number {
  return argmaxRows(logits).reduce((acc, p, i) => acc + (p === y.data[i] ? 1 : 0), 0);
}

/**
 * Loss and accuracy (null for regression) of `model` on a whole dataset, without recording a graph.
 * @example
 * evaluate(model, p.test); // { loss: 0.08, accuracy: 0.97 }
 */
export function evaluate(model: nn.Module, ds: data.Dataset): { loss: number; accuracy: number | null } {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const out = model.forward(ds.x);
      const loss = lossOf(ds.task, out, ds.y).item();
      const accuracy = ds.task === "classification" ? correct(out, ds.y) / ds.y.shape[0]! : null;
      return { loss, accuracy };
    });
  } finally {
    model.train(wasTraining);
  }
}

/** Called while training, for progress display. */
export interface TrainHooks {
  /** After each mini-batch: running mean loss and accuracy of this epoch so far. */
  onBatch?(epoch: number, batch: number, batchesPerEpoch: number, runningLoss: number, runningAccuracy: number | null): void;
  onEpoch?(record: EpochRecord): void;
}

/**
 * Trains `model` on `p.train` for `config.epochs` epochs of shuffled mini-batches; returns one record per epoch.
 * The batch order comes from `config.seed`, so a run is reproducible. Pass `opt` to continue with a restored optimizer.
 * @example
 * const history = fit(model, prepare(config), config, { onEpoch: (r) => console.log(r.testAccuracy) });
 */
export function fit(
  model: nn.Module,
  p: Prepared,
  config: TrainConfig,
  hooks: TrainHooks = {},
  opt: optim.Optimizer = makeOptimizer(config.optimizer, model.parameters(), config.lr),
): EpochRecord[] {
  const rng = new Rng(config.seed + 1);
  const n = p.train.x.shape[0]!;
  const perEpoch = Math.ceil(n / config.batchSize);
  const history: EpochRecord[] = [];
  const t0 = performance.now();
  model.train();
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    let lossSum = 0;
    let hits = 0;
    let seen = 0;
    let b = 0;
    for (const batch of data.batches(p.train.x, p.train.y, { batchSize: config.batchSize, rng })) {
      opt.zeroGrad();
      const out = model.forward(batch.x);
      const loss = lossOf(p.train.task, out, batch.y);
      loss.backward();
      opt.step();
      const m = batch.indices.length;
      const value = loss.item();
      if (!Number.isFinite(value)) {
        throw new Error(
          `train: the loss became ${value} at epoch ${epoch}, batch ${b + 1}; lower --lr (now ${config.lr}) or try --optimizer adam.`,
        );
      }
      lossSum += value * m;
      seen += m;
      if (p.train.task === "classification") hits += correct(out, batch.y);
      hooks.onBatch?.(epoch, ++b, perEpoch, lossSum / seen, p.train.task === "classification" ? hits / seen : null);
    }
    const tr = evaluate(model, p.train);
    const te = evaluate(model, p.test);
    const record: EpochRecord = {
      epoch,
      trainLoss: tr.loss,
      testLoss: te.loss,
      trainAccuracy: tr.accuracy,
      testAccuracy: te.accuracy,
      seconds: (performance.now() - t0) / 1000,
    };
    history.push(record);
    hooks.onEpoch?.(record);
  }
  return history;
}
