/** @file The small CNN behind `chainrule train --model cnn` (digits as 1×8×8 images): model, shifts, one-cycle training loop. */
import { data, nn, optim, Rng, tensor, Tensor, type DType } from "../../src/index.js";
import { argmaxRows, evaluate, type EpochRecord, type TrainConfig, type TrainHooks } from "./loop.js";

/** Image side of the digits dataset. */
const SIDE = 8;

/**
 * The digits as images [n, 1, 8, 8] with pixels scaled from 0..16 to 0..1 (the raw, unstandardised features).
 * @example
 * asImages(p.raw.train).x.shape; // [1437, 1, 8, 8]
 */
export function asImages(ds: data.Dataset): data.Dataset {
  if (ds.x.shape[1] !== SIDE * SIDE) {
    throw new Error(`--model cnn: needs 8×8 images (64 features, the digits dataset); ${ds.name} has ${ds.x.shape[1]} features.`);
  }
  const x = new Tensor(
    Float32Array.from(ds.x.data, (v) => v / 16),
    [ds.x.shape[0]!, 1, SIDE, SIDE],
  );
  return { ...ds, x };
}

/**
 * conv3×3(1→16)+BN+ReLU, conv3×3(16→32)+BN+ReLU, 2×2 max pool, then a linear head 32·4·4 → classes
 * (float32 unless `dtype` says otherwise).
 * @example
 * buildCnn(10, 0).forward(zeros([2, 1, 8, 8])).shape; // [2, 10]
 */
export function buildCnn(classes: number, seed: number, dtype?: DType): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 16, 3, { padding: 1, seed, bias: false, dtype }),
    new nn.BatchNorm2d(16, { dtype }),
    new nn.ReLU(),
    new nn.Conv2d(16, 32, 3, { padding: 1, seed: seed + 1, bias: false, dtype }),
    new nn.BatchNorm2d(32, { dtype }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(32 * (SIDE / 2) * (SIDE / 2), classes, { seed: seed + 2, dtype }),
  );
}

/**
 * Moves each image of a batch [b, 1, h, w] by a random −1, 0 or +1 pixels on each axis (zeros fill in).
 * @example
 * randomShift(batch.x, new Rng(0)).shape; // same as batch.x
 */
export function randomShift(x: Tensor, rng: Rng): Tensor {
  return tensor(shiftImages(x.data, x.shape, rng), { shape: x.shape.slice() });
}

/**
 * `randomShift` on host values: images `src` of `shape` [b, c, h, w], each moved by −1, 0 or +1 pixels per axis.
 * @example
 * shiftImages(new Float32Array(64), [1, 1, 8, 8], new Rng(0)).length; // 64
 */
export function shiftImages(src: ArrayLike<number>, shape: readonly number[], rng: Rng): Float32Array {
  const [b, c, h, w] = shape as [number, number, number, number];
  const out = new Float32Array(src.length);
  for (let i = 0; i < b; i++) {
    const dy = rng.int(3) - 1;
    const dx = rng.int(3) - 1;
    for (let ch = 0; ch < c; ch++) {
      const base = (i * c + ch) * h * w;
      for (let y = 0; y < h; y++) {
        const sy = y - dy;
        if (sy < 0 || sy >= h) continue;
        for (let xx = 0; xx < w; xx++) {
          const sx = xx - dx;
          if (sx >= 0 && sx < w) out[base + y * w + xx] = src[base + sy * w + sx]!;
        }
      }
    }
  }
  return out;
}

/**
 * Trains the CNN with AdamW (weight decay 1e-4) under a one-cycle schedule peaking at `config.lr`,
 * on randomly shifted batches; returns one record per epoch (evaluated in eval mode on train and test).
 * @example
 * const history = fitCnn(model, train, test, config);
 */
export function fitCnn(
  model: nn.Module,
  train: data.Dataset,
  test: data.Dataset,
  config: TrainConfig,
  hooks: TrainHooks = {},
): EpochRecord[] {
  const rng = new Rng(config.seed + 1);
  const n = train.x.shape[0]!;
  const perEpoch = Math.ceil(n / config.batchSize);
  const opt = new optim.AdamW(model.parameters(), { lr: config.lr, weightDecay: 1e-4 });
  const sched = config.epochs > 0 ? new optim.OneCycleLR(opt, { maxLr: config.lr, totalSteps: config.epochs * perEpoch }) : null;
  const history: EpochRecord[] = [];
  const t0 = performance.now();
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    model.train();
    let lossSum = 0;
    let hits = 0;
    let seen = 0;
    let b = 0;
    for (const batch of data.batches(train.x, train.y, { batchSize: config.batchSize, rng })) {
      opt.zeroGrad();
      const out = model.forward(randomShift(batch.x, rng));
      const loss = nn.crossEntropy(out, batch.y);
      loss.backward();
      opt.step();
      sched!.step();
      const m = batch.indices.length;
      lossSum += loss.item() * m;
      seen += m;
      hits += argmaxRows(out).reduce((acc, p, i) => acc + (p === batch.y.data[i] ? 1 : 0), 0);
      hooks.onBatch?.(epoch, ++b, perEpoch, lossSum / seen, hits / seen);
    }
    const tr = evaluate(model, train);
    const te = evaluate(model, test);
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
