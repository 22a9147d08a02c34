/** @file Embedded and generated datasets: shapes, class counts, values and determinism by seed. */
import { describe, it, expect } from "vitest";
import { data, ValueError } from "../../src/index.js";

const { load, classCounts, datasetNames, describeDataset } = data;

describe("data.load: real datasets embedded in the package", () => {
  it("iris: 150 × 4, three species of 50, values as in the source", () => {
    const ds = load("iris");
    expect(ds.x.shape).toEqual([150, 4]);
    expect(ds.y.shape).toEqual([150]);
    expect(ds.task).toBe("classification");
    expect(ds.classes).toEqual(["setosa", "versicolor", "virginica"]);
    expect(ds.featureNames).toEqual(["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]);
    expect(classCounts(ds)).toEqual([50, 50, 50]);
    // first and last rows of iris.csv: 5.1,3.5,1.4,0.2,0 and 5.9,3.0,5.1,1.8,2
    expect(Array.from(ds.x.data.slice(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(Array.from(ds.x.data.slice(-4))).toEqual([5.9, 3.0, 5.1, 1.8].map(Math.fround));
    expect(ds.y.data[149]).toBe(2);
    // summary statistics from the dataset description: petal length mean 3.76, sd 1.76
    const col = Array.from({ length: 150 }, (_, i) => ds.x.data[i * 4 + 2]!);
    expect(col.reduce((a, b) => a + b) / 150).toBeCloseTo(3.758, 3);
  });

  it("breast-cancer: 569 × 30, 212 malignant and 357 benign", () => {
    const ds = load("breast-cancer");
    expect(ds.x.shape).toEqual([569, 30]);
    expect(ds.classes).toEqual(["malignant", "benign"]);
    expect(classCounts(ds)).toEqual([212, 357]);
    expect(ds.featureNames[0]).toBe("mean radius");
    expect(ds.featureNames[10]).toBe("radius error");
    expect(ds.featureNames[29]).toBe("worst fractal dimension");
    expect(ds.x.data[0]).toBeCloseTo(17.99, 4);
    expect(ds.x.data[3]).toBe(1001);
    // the description's min/max of mean area: 143.5 and 2501
    const area = Array.from({ length: 569 }, (_, i) => ds.x.data[i * 30 + 3]!);
    expect(Math.min(...area)).toBeCloseTo(143.5, 4);
    expect(Math.max(...area)).toBe(2501);
  });

  it("digits: 1,797 images of 8×8 integer pixels 0–16, about 180 per digit", () => {
    const ds = load("digits");
    expect(ds.x.shape).toEqual([1797, 64]);
    expect(ds.classes).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(classCounts(ds)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(ds.featureNames[9]).toBe("pixel_1_1");
    const px = Array.from(ds.x.data);
    expect(px.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
    expect(Math.max(...px)).toBe(16);
    // first image of digits.csv.gz (a zero)
    expect(px.slice(0, 8)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect(ds.y.data[0]).toBe(0);
  });

  it("returns fresh tensors each call (callers may modify them)", () => {
    const a = load("iris");
    a.x.data[0] = 99;
    expect(load("iris").x.data[0]).toBeCloseTo(5.1, 5);
  });

  it("honours dtype", () => {
    expect(load("iris", { dtype: "float64" }).x.dtype).toBe("float64");
    expect(load("moons", { dtype: "float64", n: 10 }).y.dtype).toBe("float64");
  });
});

describe("data.load: generated datasets", () => {
  it.each([
    ["xor", 400, 2, [200, 200]],
    ["moons", 500, 2, [250, 250]],
    ["circles", 500, 2, [250, 250]],
    ["spirals", 600, 2, [200, 200, 200]],
  ] as const)("%s: default size %i, %i features, balanced classes", (name, n, d, counts) => {
    const ds = load(name);
    expect(ds.x.shape).toEqual([n, d]);
    expect(ds.y.shape).toEqual([n]);
    expect(classCounts(ds)).toEqual(counts);
    expect(describeDataset(name)).toMatchObject({ samples: n, features: d, classes: counts.length });
  });

  it("takes n, noise, seed (and classes for spirals); odd n splits as evenly as possible", () => {
    expect(classCounts(load("moons", { n: 101 }))).toEqual([51, 50]);
    expect(classCounts(load("spirals", { n: 50, classes: 4 }))).toEqual([13, 13, 12, 12]);
    expect(load("spirals", { classes: 2 }).classes).toEqual(["arm 0", "arm 1"]);
  });

  it("is deterministic by seed, and different seeds differ", () => {
    for (const name of ["xor", "moons", "circles", "spirals", "sine"]) {
      const a = load(name, { seed: 3, n: 64 });
      const b = load(name, { seed: 3, n: 64 });
      const c = load(name, { seed: 4, n: 64 });
      expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
      expect(Array.from(a.y.data)).toEqual(Array.from(b.y.data));
      expect(Array.from(a.x.data)).not.toEqual(Array.from(c.x.data));
    }
  });

  it("noise 0 puts moons exactly on the two half circles", () => {
    const ds = load("moons", { n: 40, noise: 0 });
    for (let i = 0; i < 40; i++) {
      const [u, v] = [ds.x.data[2 * i]!, ds.x.data[2 * i + 1]!];
      const r = ds.y.data[i] === 0 ? Math.hypot(u, v) : Math.hypot(u - 1, v - 0.5);
      expect(r).toBeCloseTo(1, 5);
    }
  });

  it("xor labels are the sign XOR of the clean coordinates", () => {
    const ds = load("xor", { n: 100, noise: 0 });
    for (let i = 0; i < 100; i++) {
      const opposite = ds.x.data[2 * i]! * ds.x.data[2 * i + 1]! < 0;
      expect(ds.y.data[i]).toBe(opposite ? 1 : 0);
    }
  });

  it("sine is a regression set with y ≈ sin(x)", () => {
    const ds = load("sine", { noise: 0, n: 30 });
    expect(ds.task).toBe("regression");
    expect(ds.y.shape).toEqual([30, 1]);
    expect(ds.classes).toEqual([]);
    for (let i = 0; i < 30; i++) expect(ds.y.data[i]).toBeCloseTo(Math.sin(ds.x.data[i]!), 5);
  });

  it("names every dataset and refuses unknown names and misplaced options", () => {
    expect([...datasetNames].sort()).toEqual(["breast-cancer", "circles", "digits", "iris", "moons", "sine", "spirals", "xor"]);
    expect(load("breast_cancer").name).toBe("breast-cancer");
    expect(() => load("mnist")).toThrow(/unknown dataset "mnist".*digits/);
    expect(() => load("digits", { n: 10 })).toThrow(ValueError);
    expect(() => load("moons", { classes: 3 })).toThrow(/only applies to "spirals"/);
    expect(() => load("moons", { n: 1 })).toThrow(/n must be an integer ≥ 2/);
    expect(() => load("circles", { noise: -1 })).toThrow(/noise/);
  });
});
