/** @file Re-runs one recorded primitive on new inputs, from its op name and attributes: the forward that a rule is checked against. */
import { relu, sigmoid, softplus, tanh } from "../ops/activation.js";
import { logSoftmax } from "../ops/softmax.js";
import { softmaxCrossEntropy, type CrossEntropyReduction } from "../ops/cross-entropy.js";
import { add, div, maximum, minimum, mul, pow, sub } from "../ops/binary.js";
import { linear } from "../ops/linear.js";
import { matmul } from "../ops/matmul.js";
import { concat, expand, pad, reshape, slice, transpose } from "../ops/movement.js";
import type { PrimitiveName } from "../ops/primitive-names.js";
import { max, min, sum } from "../ops/reduce.js";
import { abs, cos, erf, exp, expm1, log, log1p, neg, reciprocal, sin, sqrt, square } from "../ops/unary.js";
import { where } from "../ops/where.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Computes primitive `op` of `inputs` with the recorded `attrs`; `outShape` is the recorded output's
 * shape (reshape, expand, slice and pad keep their target there rather than in attrs). `cast` of an
 * input already in the target dtype is the identity.
 * @example
 * const y = x.exp(); rerunOp(y.node!.op, [x2], y.node!.attrs, y.shape); // exp(x2)
 */
export function rerunOp(
  op: PrimitiveName,
  inputs: readonly Tensor[],
  attrs: Readonly<Record<string, unknown>>,
  outShape: readonly number[],
): Tensor {
  const [a, b, c] = inputs as [Tensor, Tensor, Tensor];
  switch (op) {
    case "neg":
      return neg(a);
    case "exp":
      return exp(a);
    case "log":
      return log(a);
    case "sqrt":
      return sqrt(a);
    case "abs":
      return abs(a);
    case "sigmoid":
      return sigmoid(a);
    case "tanh":
      return tanh(a);
    case "relu":
      return relu(a, { subgradient: attrs["subgradient"] as 0 | 1 });
    case "softplus":
      return softplus(a);
    case "logSoftmax":
      return logSoftmax(a, attrs["axis"] as number);
    case "crossEntropy":
      return softmaxCrossEntropy(a, b, attrs["reduction"] as CrossEntropyReduction);
    case "erf":
      return erf(a);
    case "expm1":
      return expm1(a);
    case "log1p":
      return log1p(a);
    case "sin":
      return sin(a);
    case "cos":
      return cos(a);
    case "reciprocal":
      return reciprocal(a);
    case "square":
      return square(a);
    case "add":
      return add(a, b);
    case "sub":
      return sub(a, b);
    case "mul":
      return mul(a, b);
    case "div":
      return div(a, b);
    case "pow":
      return pow(a, b);
    case "maximum":
      return maximum(a, b);
    case "minimum":
      return minimum(a, b);
    case "where":
      return where(a, b, c);
    case "sum":
      return sum(a, attrs["axes"] as number[], attrs["keepdims"] as boolean);
    case "max":
      return max(a, attrs["axes"] as number[], attrs["keepdims"] as boolean);
    case "min":
      return min(a, attrs["axes"] as number[], attrs["keepdims"] as boolean);
    case "reshape":
      return reshape(a, outShape);
    case "transpose":
      return transpose(a, attrs["perm"] as number[]);
    case "expand":
      return expand(a, outShape);
    case "slice": {
      const starts = attrs["starts"] as number[];
      const steps = attrs["steps"] as number[];
      return slice(a, ...starts.map((s, i) => ({ start: s, stop: s + (outShape[i]! - 1) * steps[i]! + 1, step: steps[i]! })));
    }
    case "pad":
      return pad(a, outShape, attrs["starts"] as number[], attrs["steps"] as number[]);
    case "concat":
      return concat(inputs, attrs["axis"] as number);
    case "cast":
      return a;
    case "matmul":
      return matmul(a, b, { transA: attrs["transA"] as boolean, transB: attrs["transB"] as boolean });
    case "linear":
      return linear(a, b, c, { activation: attrs["relu"] === true ? "relu" : "none" });
    default: {
      const never: never = op;
      throw new Error(`rerunOp: unknown primitive ${String(never)}`);
    }
  }
}
