/** @file Cutting a value out of the graph, used inside composites (a constant shift, a mask). */
import { Tensor } from "../tensor/tensor.js";

/** The same data as `x`, as a constant (no node, no gradient). */
export function detachValue(x: Tensor): Tensor {
  return x.node === null && !x.requiresGrad ? x : new Tensor(x.store, x.shape.slice());
}
