/** @file Comparisons: elementwise tests that give 1 or 0 and carry no gradient. */
import type { Tensor } from "../tensor/tensor.js";
import type { TensorLike } from "./apply.js";
import { binary } from "./binary.js";

/**
 * 1 where a = b, else 0 (no gradient).
 * @example
 * eq(tensor([1, 2]), 2).toArray(); // [0, 1]
 */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return binary("eq", a, b, false);
}
/**
 * 1 where a > b, else 0 (no gradient).
 * @example
 * gt(tensor([1, 3]), 2).toArray(); // [0, 1]
 */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return binary("gt", a, b, false);
}
/**
 * 1 where a < b, else 0 (no gradient).
 * @example
 * lt(tensor([1, 3]), 2).toArray(); // [1, 0]
 */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return binary("lt", a, b, false);
}
/**
 * 1 where a ≥ b, else 0 (no gradient).
 * @example
 * ge(tensor([2, 3]), 3).toArray(); // [0, 1]
 */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return binary("ge", a, b, false);
}
/**
 * 1 where a ≤ b, else 0 (no gradient).
 * @example
 * le(tensor([2, 3]), 2).toArray(); // [1, 0]
 */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return binary("le", a, b, false);
}
