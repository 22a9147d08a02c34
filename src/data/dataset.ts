/** @file The Dataset record shared by every loader, split and batch iterator, and row gathering. */
import { ShapeError, ValueError } from "../errors.js";
import { allocate, checkDType, type DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";

/** What a dataset asks of a model: class indices or real-valued targets. */
export type Task = "classification" | "regression";

/**
 * A table of samples: `x` is `[n, features]`; `y` is `[n]` class indices (classification) or `[n, 1]` targets (regression).
 * @example
 * const ds = load("iris");
 * ds.x.shape; // [150, 4]
 * ds.classes; // ["setosa", "versicolor", "virginica"]
 */
export interface Dataset {
  /** The name `load()` knows it by (e.g. "digits"). */
  name: string;
  /** Inputs, one row per sample. */
  x: Tensor;
  /** Class indices 0..k-1 as numbers (`[n]`) for classification; targets `[n, 1]` for regression. */
  y: Tensor;
  /** Class names in index order; empty for regression. */
  classes: string[];
  /** One name per input column. */
  featureNames: string[];
  task: Task;
}

/**
 * Builds a Dataset from plain arrays, checking that the shapes agree.
 * @example
 * const ds = makeDataset("tiny", [[0, 1], [1, 0]], [0, 1], { classes: ["a", "b"], featureNames: ["u", "v"] });
 * ds.y.toArray(); // [0, 1]
 */
export function makeDataset(
  name: string,
  x: Float64Array | Float32Array | number[][],
  y: ArrayLike<number>,
  meta: { classes: string[]; featureNames: string[]; task?: Task; dtype?: DType },
): Dataset {
  const task = meta.task ?? "classification";
  const dtype = checkDType(meta.dtype ?? "float32", `makeDataset(${name})`);
  const d = meta.featureNames.length;
  const n = y.length;
  const xs = allocate(dtype, n * d);
  if (Array.isArray(x)) {
    if (x.length !== n) throw new ShapeError(`makeDataset(${name}): ${x.length} input rows but ${n} targets; give one target per row.`);
    x.forEach((row, i) => {
      if (row.length !== d) throw new ShapeError(`makeDataset(${name}): row ${i} has ${row.length} features, expected ${d}.`);
      xs.set(row, i * d);
    });
  } else {
    if (x.length !== n * d) throw new ShapeError(`makeDataset(${name}): ${x.length} input values for ${n} rows × ${d} features.`);
    xs.set(x);
  }
  const ys = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (task === "classification" && !(Number.isInteger(v) && v >= 0 && v < meta.classes.length)) {
      throw new ValueError(`makeDataset(${name}): target ${i} is ${v}, not a class index in 0..${meta.classes.length - 1}.`);
    }
    ys[i] = v;
  }
  return {
    name,
    x: new Tensor(xs, [n, d]),
    y: new Tensor(ys, task === "classification" ? [n] : [n, 1]),
    classes: [...meta.classes],
    featureNames: [...meta.featureNames],
    task,
  };
}

/**
 * The rows `indices` of `t` (along its first axis), as a new tensor outside any graph.
 * @example
 * takeRows(tensor([[1, 2], [3, 4], [5, 6]]), [2, 0]).toArray(); // [[5, 6], [1, 2]]
 */
export function takeRows(t: Tensor, indices: readonly number[]): Tensor {
  if (t.ndim < 1) throw new ShapeError(`takeRows: needs a tensor with a first axis to index, got a 0-d tensor.`);
  const n = t.shape[0]!;
  const row = n === 0 ? 0 : t.size / n;
  const out = allocate(t.dtype, indices.length * row);
  const src = t.data;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new ValueError(`takeRows: index ${i} (position ${k}) is outside 0..${n - 1} for shape [${t.shape.join(", ")}].`);
    }
    out.set(src.subarray(i * row, (i + 1) * row), k * row);
  }
  return new Tensor(out, [indices.length, ...t.shape.slice(1)]);
}

/**
 * The samples `indices` of a dataset, keeping its metadata.
 * @example
 * subset(load("iris"), [0, 1, 2]).x.shape; // [3, 4]
 */
export function subset(ds: Dataset, indices: readonly number[]): Dataset {
  return { ...ds, x: takeRows(ds.x, indices), y: takeRows(ds.y, indices), classes: [...ds.classes], featureNames: [...ds.featureNames] };
}

/**
 * Number of samples of each class (index order); an empty array for regression.
 * @example
 * classCounts(load("iris")); // [50, 50, 50]
 */
export function classCounts(ds: Dataset): number[] {
  if (ds.task !== "classification") return [];
  const counts = new Array<number>(ds.classes.length).fill(0);
  for (const v of ds.y.data) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/**
 * The class indices of a classification dataset as a plain array.
 * @example
 * labelsOf(load("iris")).slice(0, 3); // [0, 0, 0]
 */
export function labelsOf(ds: Dataset): number[] {
  if (ds.task !== "classification") {
    throw new ValueError(`labelsOf(${ds.name}): a ${ds.task} dataset has targets, not class labels; read ds.y instead.`);
  }
  return Array.from(ds.y.data);
}
