/** @file Seeded toy datasets: XOR, two moons, circles, spirals (2-D classification) and a sine curve (regression). */
import { ValueError } from "../errors.js";
import type { DType } from "../tensor/dtype.js";
import { Rng } from "../tensor/random.js";
import { makeDataset, type Dataset } from "./dataset.js";

/** Options of the generated datasets. The same `seed` always gives the same samples. */
export interface SyntheticOptions {
  /** Number of samples (split as evenly as possible between the classes). */
  n?: number;
  /** Standard deviation of Gaussian noise added to every coordinate (the target, for "sine"). */
  noise?: number;
  /** Seed of the generator; default 0. */
  seed?: number;
  dtype?: DType;
}

/** Options of `spirals`: also the number of arms. */
export interface SpiralOptions extends SyntheticOptions {
  /** Number of spiral arms, one class each; default 3. */
  classes?: number;
}

function check(name: string, opts: SyntheticOptions, defaults: { n: number; noise: number }, minN: number) {
  const n = opts.n ?? defaults.n;
  const noise = opts.noise ?? defaults.noise;
  if (!Number.isInteger(n) || n < minN)
    throw new ValueError(`${name}: n must be an integer ≥ ${minN} (at least one sample per class), got ${n}.`);
  if (!Number.isFinite(noise) || noise < 0) throw new ValueError(`${name}: noise must be a finite number ≥ 0, got ${noise}.`);
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed)) throw new ValueError(`${name}: seed must be an integer, got ${seed}.`);
  return { n, noise, rng: new Rng(seed) };
}

/** Points in class order → jittered, shuffled 2-D dataset. */
function finish2d(name: string, pts: number[][], labels: number[], classes: string[], noise: number, rng: Rng, dtype?: DType): Dataset {
  const order = rng.shuffle(Array.from(pts.keys()));
  const x = order.map((i) => pts[i]!.map((v) => v + noise * rng.normal()));
  return makeDataset(
    name,
    x,
    order.map((i) => labels[i]!),
    { classes, featureNames: ["x1", "x2"], dtype },
  );
}

/** k evenly spread class sizes that sum to n. */
function sizes(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, j) => Math.floor(n / k) + (j < n % k ? 1 : 0));
}

/**
 * XOR: points in the four quadrants of [-1, 1]²; class 1 where the two coordinates have opposite signs.
 * Defaults: n = 400, noise = 0.05 (quadrants are kept 0.1 apart before the noise).
 * @example
 * const ds = xor({ n: 100, seed: 1 }); ds.x.shape; // [100, 2]
 */
export function xor(opts: SyntheticOptions = {}): Dataset {
  const { n, noise, rng } = check("xor", opts, { n: 400, noise: 0.05 }, 2);
  const pts: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const sx = rng.uniform() < 0.5 ? -1 : 1;
    const sy = label === 1 ? -sx : sx;
    pts.push([sx * (0.1 + 0.9 * rng.uniform()), sy * (0.1 + 0.9 * rng.uniform())]);
    labels.push(label);
  }
  return finish2d("xor", pts, labels, ["same sign", "opposite signs"], noise, rng, opts.dtype);
}

/**
 * Two interleaving half circles (scikit-learn's make_moons). Defaults: n = 500, noise = 0.1.
 * @example
 * moons({ seed: 0 }).classes; // ["upper moon", "lower moon"]
 */
export function moons(opts: SyntheticOptions = {}): Dataset {
  const { n, noise, rng } = check("moons", opts, { n: 500, noise: 0.1 }, 2);
  const [nOut, nIn] = sizes(n, 2) as [number, number];
  const pts: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < nOut; i++) {
    const t = nOut === 1 ? 0 : (Math.PI * i) / (nOut - 1);
    pts.push([Math.cos(t), Math.sin(t)]);
    labels.push(0);
  }
  for (let i = 0; i < nIn; i++) {
    const t = nIn === 1 ? 0 : (Math.PI * i) / (nIn - 1);
    pts.push([1 - Math.cos(t), 0.5 - Math.sin(t)]);
    labels.push(1);
  }
  return finish2d("moons", pts, labels, ["upper moon", "lower moon"], noise, rng, opts.dtype);
}

/**
 * A circle of radius 1 around one of radius 0.5 (scikit-learn's make_circles). Defaults: n = 500, noise = 0.08.
 * @example
 * circles({ n: 50 }).y.shape; // [50]
 */
export function circles(opts: SyntheticOptions = {}): Dataset {
  const { n, noise, rng } = check("circles", opts, { n: 500, noise: 0.08 }, 2);
  const pts: number[][] = [];
  const labels: number[] = [];
  sizes(n, 2).forEach((m, label) => {
    const radius = label === 0 ? 1 : 0.5;
    for (let i = 0; i < m; i++) {
      const t = (2 * Math.PI * i) / m;
      pts.push([radius * Math.cos(t), radius * Math.sin(t)]);
      labels.push(label);
    }
  });
  return finish2d("circles", pts, labels, ["outer", "inner"], noise, rng, opts.dtype);
}

/**
 * Interleaved spiral arms, one class each (as in CS231n's spiral data). Defaults: n = 600, classes = 3, noise = 0.03.
 * Arm j at radius r ∈ [0.05, 1] sits at angle 2πj/classes + 4r.
 * @example
 * spirals({ classes: 2 }).classes; // ["arm 0", "arm 1"]
 */
export function spirals(opts: SpiralOptions = {}): Dataset {
  const k = opts.classes ?? 3;
  if (!Number.isInteger(k) || k < 2) throw new ValueError(`spirals: classes must be an integer ≥ 2, got ${k}.`);
  const { n, noise, rng } = check("spirals", opts, { n: 600, noise: 0.03 }, k);
  const pts: number[][] = [];
  const labels: number[] = [];
  sizes(n, k).forEach((m, j) => {
    for (let i = 0; i < m; i++) {
      const r = 0.05 + (0.95 * (i + 0.5)) / m;
      const angle = (2 * Math.PI * j) / k + 4 * r;
      pts.push([r * Math.cos(angle), r * Math.sin(angle)]);
      labels.push(j);
    }
  });
  const classes = Array.from({ length: k }, (_, j) => `arm ${j}`);
  return finish2d("spirals", pts, labels, classes, noise, rng, opts.dtype);
}

/**
 * Regression: y = sin(x) + noise·N(0, 1) with x uniform in [-π, π]. Defaults: n = 200, noise = 0.1.
 * @example
 * const ds = sine({ n: 64 }); ds.y.shape; // [64, 1]
 */
export function sine(opts: SyntheticOptions = {}): Dataset {
  const { n, noise, rng } = check("sine", opts, { n: 200, noise: 0.1 }, 1);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = Math.PI * (2 * rng.uniform() - 1);
    x.push([v]);
    y.push(Math.sin(v) + noise * rng.normal());
  }
  return makeDataset("sine", x, y, { classes: [], featureNames: ["x"], task: "regression", dtype: opts.dtype });
}
