/** @file Re-runs one recorded op on new inputs, from its record and attributes: the forward that a rule is checked against. */
import type { GraphNode } from "../tape/node.js";
import { recordOf } from "../ops/registry.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Computes the op of `node` on `inputs` with its recorded attributes; `outShape` is the recorded
 * output's shape (reshape, expand, slice and pad keep their target there rather than in attrs).
 * `cast` of an input already in the target dtype is the identity.
 * @example
 * const y = x.exp(); rerunOp(y.node!, [x2], y.shape); // exp(x2)
 */
export function rerunOp(node: GraphNode, inputs: readonly Tensor[], outShape: readonly number[]): Tensor {
  return recordOf(node).rerun(inputs, node.attrs, outShape);
}
