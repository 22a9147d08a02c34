/** @file The public API of chainrule (see API.md): re-exports only. */
import "./autograd/tensor-methods.js";
import "./backends/wasm/default.js";
import "./backends/webgpu/index.js";

export { Tensor } from "./tensor/tensor.js";
export type { NestedArray } from "./tensor/nest.js";
export type { DType, FloatDType, TypedArray } from "./tensor/dtype.js";
export { tensor } from "./tensor/from-data.js";
export { zeros, ones, full, eye, arange, linspace, randn, rand, zerosLike, onesLike } from "./tensor/create.js";
export type { TensorOptions } from "./tensor/from-data.js";
export type { CreateOptions, RandomOptions, FullOptions } from "./tensor/create.js";
export { Rng, manualSeed } from "./tensor/random.js";
export { ChainruleError, ShapeError, DTypeError, GradientError, ValueError, FormatError, ExportError, ExpressionError } from "./errors.js";
export { MissingDependencyError } from "./errors.js";

export type { TensorLike } from "./ops/apply.js";
export * from "./ops/unary.js";
export { add, sub, mul, div, pow, maximum, minimum } from "./ops/binary.js";
export { eq, gt, lt, ge, le } from "./ops/compare.js";
export { where } from "./ops/where.js";
export { sum, mean, max, min, logsumexp, type Axis } from "./ops/reduce.js";
export { reshape, transpose, expand } from "./ops/movement.js";
export { slice, concat, type SliceSpec } from "./ops/slice-concat.js";
export { cast } from "./ops/cast.js";
export { squeeze, unsqueeze, flatten, stack } from "./ops/shape-composites.js";
export { matmul, dot, outer, type MatmulOptions } from "./ops/matmul.js";
export { linear } from "./ops/linear.js";
export { unfold, fold, type Pair, type WindowOptions } from "./ops/window.js";
export { conv2d, conv1d, type Conv2dOptions } from "./ops/conv.js";
export { maxPool2d, avgPool2d, type PoolOptions } from "./ops/pool.js";
export { take, indexAdd, embedding, type Indices } from "./ops/gather.js";
export { cumsum } from "./ops/cumsum.js";
export { tril, triu } from "./ops/triangle.js";
export { argmax, argmin, topk, type TopkOptions, type TopkResult } from "./ops/select.js";
export { layerNorm, batchNorm, type BatchNormOptions } from "./ops/norm.js";
export { scaledDotProductAttention, type AttentionOptions } from "./ops/attention.js";
export * from "./ops/activation.js";
export { rules as derivativeRules } from "./ops/registry.js";
export { defineOp, type OpDefinition, type CustomOp } from "./ops/custom-op.js";
export type { PrimitiveName, OpName } from "./ops/primitive-names.js";

export { backward, gradients, type BackwardOptions } from "./autograd/backward.js";
export { namedScope, currentScope } from "./tape/scope.js";
export type { GraphNode } from "./tape/node.js";
export { noGrad, enableGrad, isGradEnabled, detectAnomaly } from "./tape/grad-mode.js";
export { grad, valueAndGrad, vjp, jvp, jacobian, hessian, type GradOptions } from "./autograd/transforms.js";

export { setBackend, getBackend, listBackends } from "./backends/registry.js";
export { memory, flushWebgpu, type WebgpuMemory } from "./backends/webgpu/index.js";

export { numericalGrad, type NumericalGradOptions } from "./check/finite-diff.js";
export { gradcheck, type GradcheckOptions } from "./check/gradcheck.js";
export { gradgradcheck } from "./check/gradgradcheck.js";
export { checkRules } from "./check/rule-check.js";
export { CHECK_DEFAULTS } from "./check/defaults.js";
export type {
  CheckedFn,
  CheckSettings,
  DiffMethod,
  GradcheckFailure,
  GradcheckResult,
  KinkReport,
  RuleCheck,
  RuleInputCheck,
} from "./check/types.js";

export * as data from "./data/index.js";

export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export {
  encodeSafetensors,
  decodeSafetensors,
  saveSafetensors,
  loadSafetensors,
  writeFileAtomic,
  saveModel,
  loadModel,
  modelToBytes,
  modelFromBytes,
  modelToSafetensors,
  loadModelFromSafetensors,
  saveOnnx,
  type SafetensorsFile,
} from "./io/index.js";
export {
  exportOnnx,
  registerOnnxConverter,
  OnnxGraph,
  MIN_OPSET as ONNX_MIN_OPSET,
  MAX_OPSET as ONNX_MAX_OPSET,
  DEFAULT_OPSET as ONNX_DEFAULT_OPSET,
  type ExportOnnxOptions,
  type OnnxConverter,
  type ConvertContext,
  type OnnxValue,
} from "./onnx/index.js";

export { toDot, toMermaid, toJSON, renderSvg, toHTML, explain, captureGraph } from "./graph/index.js";
export type { GraphModel, NodeModel, EdgeModel, GraphOptions, Explanation, EquationLine, HtmlOptions } from "./graph/index.js";

export { derive, Derivative, Gradient, checkDerivative, parseExpression } from "./derive/index.js";
export type { DerivativeCheck, DerivativeCheckPoint, DerivativeCheckOptions, DerivePoint } from "./derive/index.js";
