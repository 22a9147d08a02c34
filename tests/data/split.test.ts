/** @file Train/test split, standardisation and mini-batches. */
import { describe, it, expect } from "vitest";
import { data, tensor, Rng, ShapeError, ValueError } from "../../src/index.js";

const { load, trainTestSplit, standardize, fitStandardization, applyStandardization, batches, classCounts } = data;

/** Rows of a dataset as strings, to compare sets of samples. */
function rows(x: { data: ArrayLike<number>; shape: number[] }): string[] {
  const d = x.shape[1] ?? 1;
  return Array.from({ length: x.shape[0]! }, (_, i) =>
    Array.from(x.data)
      .slice(i * d, (i + 1) * d)
      .join(","),
  );
}

describe("data.trainTestSplit", () => {
  it("splits round(n·testFraction) samples off, without losing or repeating any", () => {
    const ds = load("iris");
    const { train, test } = trainTestSplit(ds, { testFraction: 0.3, seed: 1 });
    expect(test.x.shape).toEqual([45, 4]);
    expect(train.x.shape).toEqual([105, 4]);
    expect(train.y.shape).toEqual([105]);
    const all = [...rows(train.x), ...rows(test.x)].sort();
    expect(all).toEqual(rows(ds.x).sort());
    expect(train.classes).toEqual(ds.classes);
  });

  it("is deterministic by seed", () => {
    const ds = load("digits");
    const a = trainTestSplit(ds, { seed: 7 });
    const b = trainTestSplit(ds, { seed: 7 });
    const c = trainTestSplit(ds, { seed: 8 });
    expect(Array.from(a.test.y.data)).toEqual(Array.from(b.test.y.data));
    expect(Array.from(a.test.x.data)).toEqual(Array.from(b.test.x.data));
    expect(Array.from(a.test.x.data)).not.toEqual(Array.from(c.test.x.data));
  });

  it("stratify keeps each class's share in both parts", () => {
    const ds = load("digits");
    const { train, test } = trainTestSplit(ds, { testFraction: 0.2, seed: 0, stratify: true });
    expect(test.x.shape[0]).toBe(359); // round(1797 × 0.2)
    const full = classCounts(ds);
    const inTest = classCounts(test);
    const inTrain = classCounts(train);
    full.forEach((c, k) => {
      expect(Math.abs(inTest[k]! - c * 0.2)).toBeLessThanOrEqual(1);
      expect(inTest[k]! + inTrain[k]!).toBe(c);
    });
    const bc = trainTestSplit(load("breast-cancer"), { testFraction: 0.25, stratify: true });
    expect(classCounts(bc.test)).toEqual([53, 89]); // 212/4, 357/4 rounded by largest remainder to 142 in all
  });

  it("rejects fractions that leave a part empty, and stratifying a regression set", () => {
    const tiny = load("moons", { n: 4 });
    expect(() => trainTestSplit(tiny, { testFraction: 0.1 })).toThrow(/both need at least one/);
    expect(() => trainTestSplit(tiny, { testFraction: 1 })).toThrow(ValueError);
    expect(() => trainTestSplit(load("sine"), { stratify: true })).toThrow(/regression/);
  });
});

describe("data.standardize", () => {
  it("fits on train only: train columns get mean 0 and sd 1, test uses the train statistics", () => {
    const { train, test } = trainTestSplit(load("breast-cancer", { dtype: "float64" }), { seed: 0 });
    const { train: tr, test: te, stats } = standardize(train, test);
    const d = 30;
    const n = tr.x.shape[0]!;
    for (let j = 0; j < d; j++) {
      let m = 0;
      let s = 0;
      for (let i = 0; i < n; i++) m += tr.x.data[i * d + j]!;
      m /= n;
      for (let i = 0; i < n; i++) s += (tr.x.data[i * d + j]! - m) ** 2;
      expect(m).toBeCloseTo(0, 10);
      expect(Math.sqrt(s / n)).toBeCloseTo(1, 10);
      // test rows are transformed with the train statistics
      expect(te!.x.data[j]).toBeCloseTo((test.x.data[j]! - stats.mean[j]!) / stats.std[j]!, 10);
    }
    // the stats are the train part's, not the whole set's
    expect(stats.mean[3]).toBeCloseTo(fitStandardization(train).mean[3]!, 10);
    expect(stats.mean[3]).not.toBeCloseTo(fitStandardization(test).mean[3]!, 3);
    // the inputs are not modified
    expect(train.x.data[0]).not.toBeCloseTo(tr.x.data[0]!, 3);
  });

  it("maps a constant feature to 0 instead of NaN (digits has always-blank corner pixels)", () => {
    const { train, stats } = standardize(load("digits"));
    expect(stats.std[0]).toBe(1);
    expect(Array.from(train.x.data).every(Number.isFinite)).toBe(true);
  });

  it("works on tensors and checks the width", () => {
    const { train, stats } = standardize(
      tensor([
        [1, 10],
        [3, 10],
      ]),
    );
    expect(stats).toEqual({ mean: [2, 10], std: [1, 1] });
    expect(train.toArray()).toEqual([
      [-1, 0],
      [1, 0],
    ]);
    expect(() => applyStandardization(tensor([[1, 2, 3]]), stats)).toThrow(ShapeError);
  });
});

describe("data.batches", () => {
  const x = tensor(Array.from({ length: 10 }, (_, i) => [i, 10 * i]));
  const y = tensor(Array.from({ length: 10 }, (_, i) => i));

  it("covers every row once per pass, x and y rows staying paired", () => {
    const seen: number[] = [];
    const sizes: number[] = [];
    for (const b of batches(x, y, { batchSize: 4, seed: 1 })) {
      sizes.push(b.x.shape[0]!);
      expect(b.x.shape[1]).toBe(2);
      b.indices.forEach((i, k) => {
        expect(b.y.data[k]).toBe(i);
        expect(b.x.data[2 * k + 1]).toBe(10 * i);
      });
      seen.push(...b.indices);
    }
    expect(sizes).toEqual([4, 4, 2]);
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("is reproducible by seed; a shared rng gives a new order each epoch; shuffle false keeps order", () => {
    const order = (opts: Parameters<typeof batches>[2]) => [...batches(x, y, opts)].flatMap((b) => b.indices);
    expect(order({ seed: 5 })).toEqual(order({ seed: 5 }));
    const rng = new Rng(5);
    const first = order({ rng });
    expect(first).toEqual(order({ seed: 5 }));
    expect(order({ rng })).not.toEqual(first);
    expect(order({ shuffle: false, batchSize: 3 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...batches(x, y, { batchSize: 4, dropLast: true, shuffle: false })].length).toBe(2);
  });

  it("rejects mismatched rows and bad batch sizes", () => {
    expect(() => [...batches(x, tensor([1, 2]))]).toThrow(ShapeError);
    expect(() => [...batches(x, y, { batchSize: 0 })]).toThrow(/batchSize/);
  });
});
