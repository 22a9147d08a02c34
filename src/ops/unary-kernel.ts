/** @file Running a unary elementwise kernel: recorded as a primitive, or as a constant (masks, signs). */
import { backend } from "../backends/registry.js";
import type { MaskKernelName, UnaryKernelName } from "../backends/kernels.js";
import { allocateOutput } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor, constOutput, result } from "./apply.js";
import type { PrimitiveName } from "./primitive-names.js";

/** Runs a unary kernel and records the primitive of the same name. */
export function unary(op: UnaryKernelName & PrimitiveName, x: Tensor, attrs?: Record<string, unknown>): Tensor {
  checkTensor(x, op);
  const out = allocateOutput(x.dtype, x.storage.length);
  backend().unary[op](x.storage, out);
  return result(op, out, x.shape, [x], attrs);
}

/** Runs a unary kernel with no gradient (masks, signs). */
export function unaryConst(op: MaskKernelName, x: Tensor): Tensor {
  const out = allocateOutput(x.dtype, x.storage.length);
  backend().unary[op](x.storage, out);
  return constOutput(out, x.shape.slice());
}
