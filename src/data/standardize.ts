/** @file Standardisation: subtract each feature's train mean and divide by its train standard deviation. */
import { ShapeError } from "../errors.js";
import { allocate } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import type { Dataset } from "./dataset.js";

/** Per-feature statistics fitted on the training inputs. */
export interface Standardization {
  mean: number[];
  /** Population standard deviation; a constant feature gets 1 so it maps to 0 instead of NaN. */
  std: number[];
}

function inputs(v: Tensor | Dataset): Tensor {
  return v instanceof Tensor ? v : v.x;
}

/**
 * Mean and standard deviation of each column of `x` ([n, features]).
 * @example
 * fitStandardization(tensor([[1, 10], [3, 10]])); // { mean: [2, 10], std: [1, 1] }
 */
export function fitStandardization(x: Tensor | Dataset): Standardization {
  const t = inputs(x);
  if (t.ndim !== 2 || t.shape[0] === 0)
    throw new ShapeError(`standardize: needs inputs shaped [n, features] with n ≥ 1, got [${t.shape.join(", ")}].`);
  const [n, d] = t.shape as [number, number];
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += t.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = t.data[i * d + j]! - mean[j]!;
      sq[j]! += c * c;
    }
  }
  const std = sq.map((s) => {
    const sd = Math.sqrt(s / n);
    return sd > 1e-12 ? sd : 1;
  });
  return { mean, std };
}

/**
 * Applies fitted statistics: (x − mean) / std per column. Returns a new tensor (or dataset).
 * @example
 * const stats = fitStandardization(train.x);
 * const grid = applyStandardization(gridPoints, stats);
 */
export function applyStandardization<T extends Tensor | Dataset>(x: T, stats: Standardization): T {
  const t = inputs(x);
  const d = stats.mean.length;
  if (t.ndim !== 2 || t.shape[1] !== d) {
    throw new ShapeError(
      `applyStandardization: the statistics cover ${d} features but the inputs are [${t.shape.join(", ")}]; expected [n, ${d}].`,
    );
  }
  const out = allocate(t.dtype, t.size);
  for (let k = 0; k < t.size; k++) {
    const j = k % d;
    out[k] = (t.data[k]! - stats.mean[j]!) / stats.std[j]!;
  }
  const xt = new Tensor(out, [...t.shape]);
  return (x instanceof Tensor ? xt : { ...(x as Dataset), x: xt }) as T;
}

/**
 * Standardises train (and test) inputs with statistics fitted on the train part only; returns them and the statistics.
 * Pass datasets or input tensors.
 * @example
 * const { train: tr, test: te, stats } = standardize(train, test);
 * // columns of tr.x now have mean 0 and standard deviation 1; te.x used the same stats
 */
export function standardize<T extends Tensor | Dataset>(train: T, test?: T): { train: T; test: T | undefined; stats: Standardization } {
  const stats = fitStandardization(train);
  return { train: applyStandardization(train, stats), test: test === undefined ? undefined : applyStandardization(test, stats), stats };
}
