/** @file Seeded train/test split, optionally stratified so each class keeps its share in both parts. */
import { ValueError } from "../errors.js";
import { Rng } from "../tensor/random.js";
import { subset, type Dataset } from "./dataset.js";

/** Options of `trainTestSplit`. */
export interface SplitOptions {
  /** Share of samples in the test part, in (0, 1); default 0.2. The test part has round(n·testFraction) samples. */
  testFraction?: number;
  /** Seed of the shuffle; default 0. */
  seed?: number;
  /** Keep class proportions equal in both parts (classification only); default false. */
  stratify?: boolean;
}

/** How many test samples each class gets: its share of nTest, rounded by largest remainder so they sum to nTest. */
function stratifiedQuota(counts: number[], n: number, nTest: number): number[] {
  const exact = counts.map((c) => (c * nTest) / n);
  const quota = exact.map(Math.floor);
  let left = nTest - quota.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c);
  for (const { c } of byRemainder) {
    if (left === 0) break;
    if (quota[c]! < counts[c]!) {
      quota[c]!++;
      left--;
    }
  }
  return quota;
}

/**
 * Splits a dataset into a train and a test part, shuffled with `seed` (the same seed gives the same split).
 * @example
 * const { train, test } = trainTestSplit(load("digits"), { testFraction: 0.2, seed: 0, stratify: true });
 * test.x.shape; // [359, 64]
 */
export function trainTestSplit(ds: Dataset, opts: SplitOptions = {}): { train: Dataset; test: Dataset } {
  const f = opts.testFraction ?? 0.2;
  const n = ds.x.shape[0]!;
  if (!(f > 0 && f < 1)) throw new ValueError(`trainTestSplit(${ds.name}): testFraction must be in (0, 1), got ${f}.`);
  const nTest = Math.round(n * f);
  if (nTest < 1 || nTest > n - 1) {
    throw new ValueError(
      `trainTestSplit(${ds.name}): testFraction ${f} of ${n} samples leaves ${nTest} for test and ${n - nTest} for train; both need at least one. Use more samples or another fraction.`,
    );
  }
  const rng = new Rng(opts.seed ?? 0);
  let testIdx: number[];
  let trainIdx: number[];
  if (opts.stratify) {
    if (ds.task !== "classification")
      throw new ValueError(`trainTestSplit(${ds.name}): stratify needs class labels; this is a ${ds.task} dataset.`);
    const byClass: number[][] = ds.classes.map(() => []);
    ds.y.data.forEach((c, i) => byClass[c]!.push(i));
    const quota = stratifiedQuota(
      byClass.map((ix) => ix.length),
      n,
      nTest,
    );
    testIdx = [];
    trainIdx = [];
    byClass.forEach((ix, c) => {
      rng.shuffle(ix);
      testIdx.push(...ix.slice(0, quota[c]));
      trainIdx.push(...ix.slice(quota[c]));
    });
    rng.shuffle(testIdx);
    rng.shuffle(trainIdx);
  } else {
    const all = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    testIdx = all.slice(0, nTest);
    trainIdx = all.slice(nTest);
  }
  return { train: subset(ds, trainIdx), test: subset(ds, testIdx) };
}
