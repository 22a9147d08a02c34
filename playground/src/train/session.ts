/** @file One training run: the standardised split, the MLP, its optimizer, and one step per mini-batch that keeps what the page draws. */
import { data, nn, noGrad, optim, Rng, tensor, type Tensor } from "../chainrule.js";
import type { Settings } from "./settings.js";

/** What a Linear layer looked like after the last step: weights [out][in] and |∂L/∂W| from that step's backward. */
export interface LayerSnapshot {
  weight: ArrayLike<number>;
  grad: ArrayLike<number>;
  bias: ArrayLike<number>;
  inputs: number;
  outputs: number;
}

const copy = (t: Tensor | null): ArrayLike<number> => (t ? t.dataSync() : new Float32Array(0));

function makeOptimizer(s: Settings, params: Tensor[]): optim.Optimizer {
  switch (s.optimizer) {
    case "adam":
      return new optim.Adam(params, { lr: s.lr });
    case "sgd":
      return new optim.SGD(params, { lr: s.lr });
    case "momentum":
      return new optim.SGD(params, { lr: s.lr, momentum: 0.9 });
    case "rmsprop":
      return new optim.RMSprop(params, { lr: s.lr });
    case "adagrad":
      return new optim.Adagrad(params, { lr: s.lr });
  }
}

/** A training run on one dataset; `step()` trains one mini-batch. */
export class Session {
  readonly train: data.Dataset;
  readonly test: data.Dataset;
  readonly stats: data.Standardization;
  /** The raw (unstandardised) inputs of every sample, for plotting. */
  readonly raw: data.Dataset;
  readonly model: nn.MLP;
  readonly classes: number;
  readonly sizes: number[];
  readonly losses: number[] = [];
  steps = 0;
  epoch = 0;
  /** The mini-batch of the last step (standardised inputs), for the neuron inspector. */
  lastBatch: { x: Tensor; y: Tensor } | null = null;
  layers: LayerSnapshot[] = [];
  private readonly opt: optim.Optimizer;
  private readonly rng: Rng;
  private queue: Iterator<data.Batch> | null = null;

  constructor(readonly settings: Settings) {
    this.raw = data.load(settings.dataset, { seed: settings.seed });
    const split = data.trainTestSplit(this.raw, { testFraction: 0.2, seed: settings.seed, stratify: true });
    const st = data.standardize(split.train, split.test);
    this.train = st.train;
    this.test = st.test!;
    this.stats = st.stats;
    this.classes = this.raw.classes.length;
    this.sizes = [this.raw.x.shape[1]!, ...settings.hidden, this.classes];
    this.model = new nn.MLP(this.sizes, { activation: settings.activation, seed: settings.seed });
    this.opt = makeOptimizer(settings, this.model.parameters());
    this.rng = new Rng(settings.seed + 1);
    this.snapshot();
  }

  /** The Linear layers' (weight, bias) pairs in order. */
  linears(): { weight: Tensor; bias: Tensor | null }[] {
    const params = this.model.namedParameters();
    const out: { weight: Tensor; bias: Tensor | null }[] = [];
    for (const [name, p] of params) {
      if (name.endsWith(".weight")) out.push({ weight: p, bias: params.find(([n]) => n === name.replace(/weight$/, "bias"))?.[1] ?? null });
    }
    return out;
  }

  /**
   * Trains on the next mini-batch (a new shuffled epoch when one runs out) and returns its loss.
   * @example
   * const loss = session.step();
   */
  step(): number {
    let next = this.queue?.next();
    if (!next || next.done) {
      this.queue = data.batches(this.train.x, this.train.y, { batchSize: this.settings.batchSize, rng: this.rng });
      this.epoch += this.steps > 0 ? 1 : 0;
      next = this.queue.next();
    }
    const batch = next.value as data.Batch;
    this.opt.zeroGrad();
    const loss = nn.crossEntropy(this.model.forward(batch.x), batch.y);
    loss.backward();
    const grads = this.linears().map((l) => copy(l.weight.grad));
    this.opt.step();
    const value = loss.item();
    this.losses.push(value);
    this.steps++;
    this.lastBatch = { x: batch.x, y: batch.y };
    this.snapshot(grads);
    return value;
  }

  private snapshot(grads?: ArrayLike<number>[]): void {
    this.layers = this.linears().map((l, i) => ({
      weight: copy(l.weight),
      grad: grads?.[i] ?? new Float32Array(l.weight.size),
      bias: copy(l.bias),
      inputs: l.weight.shape[1]!,
      outputs: l.weight.shape[0]!,
    }));
  }

  /**
   * Fraction of samples the model classifies right.
   * @example
   * session.accuracy(session.test); // 0.98
   */
  accuracy(ds: data.Dataset): number {
    const pred = this.predict(ds.x);
    const y = ds.y.dataSync();
    let right = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === y[i]) right++;
    return right / Math.max(1, pred.length);
  }

  /** Class probabilities for standardised inputs [n, features], row-major [n × classes]. */
  probabilities(x: Tensor): ArrayLike<number> {
    return noGrad(() => this.model.forward(x).softmax(-1)).dataSync();
  }

  /** The most likely class of each standardised input row. */
  predict(x: Tensor): Int32Array {
    const p = this.probabilities(x);
    const c = this.classes;
    const out = new Int32Array(p.length / c);
    for (let i = 0; i < out.length; i++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (p[i * c + k]! > p[i * c + best]!) best = k;
      out[i] = best;
    }
    return out;
  }

  /** Raw inputs as a standardised tensor (for grid points of the decision boundary). */
  standardize(rows: Float32Array, n: number): Tensor {
    const d = this.stats.mean.length;
    const out = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (rows[i * d + j]! - this.stats.mean[j]!) / this.stats.std[j]!;
    return tensor(out, { dtype: this.train.x.dtype }).reshape([n, d]);
  }
}
