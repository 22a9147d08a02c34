/** @file exportOnnx: a module as the bytes of an ONNX model, built by walking its layers (browser-safe). */
import { noGrad } from "../tape/grad-mode.js";
import { ExportError, ShapeError, ValueError } from "../errors.js";
import type { Module } from "../nn/module.js";
import type { DType } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkGraph } from "./check.js";
import { convertModule } from "./converters.js";
import { elemTypeOf, OnnxGraph, type OnnxValue } from "./graph.js";
import { checkOpset, DEFAULT_OPSET, irVersionFor } from "./opsets.js";
import { takesIndices } from "./layer-converters.js";
import { DataType, encodeModel, type Dim, type GraphProto } from "./proto.js";

/** Options of `exportOnnx`. */
export interface ExportOnnxOptions {
  /** ONNX opset to target, 13–22 (default 17). GELU becomes the Gelu operator from opset 20, an Erf formula below. */
  opset?: number;
  /** Name of the graph input (default "input"). */
  inputName?: string;
  /** Name of the graph output (default "output"). */
  outputName?: string;
  /** Make axis 0 a symbolic "batch" dimension, so any batch size runs (default true; needs a ≥ 2-d input). */
  dynamicBatch?: boolean;
  /**
   * Element type of the exported graph (default: the example input's; for a model that starts with an
   * Embedding, whose input is int64 indices, its weights'). float64 exports as ONNX DOUBLE,
   * which the ONNX spec allows for every operator used; ONNX Runtime's CPU kernels lack double for Erf
   * (GELU), Softplus, Elu, LeakyRelu (opset ≥ 16) and x·σ(x) (SiLU, which it fuses): pass "float32" to
   * export such a float64 model as FLOAT (weights rounded to float32).
   */
  dtype?: DType;
  /** Standardise the input first, (x − mean) / std over its last axis (as `chainrule train` does), inside the graph. */
  standardize?: { mean: readonly number[]; std: readonly number[] };
  /** String pairs stored in the model's metadata_props. */
  metadata?: Record<string, string>;
  /**
   * The input is int64 token indices (default: whether the model starts with an Embedding, directly or as
   * the first layer of a Sequential). Pass true for a custom model whose forward begins with an Embedding.
   */
  indices?: boolean;
  /** Graph name (default: the model's class name). */
  graphName?: string;
}

/**
 * The model as the bytes of an ONNX file (ModelProto), ready for ONNX Runtime, Netron or any ONNX tool.
 * The exporter walks the module tree (Linear → Gemm, ReLU → Relu, …; see BUILTIN_CONVERTERS) and runs
 * the model once on `exampleInput` (in eval mode, then restores the mode) to check the shapes. Weights
 * become initializers named by their stateDict keys (`layers.0.weight`). Dropout is the identity (an
 * exported model is for inference). A module with no ONNX form throws an ExportError naming its path.
 * Works in browsers and Node; `saveOnnx` writes the file in Node.
 *
 * A model whose first layer is an `Embedding` reads token indices: pass them as a tensor of whole
 * numbers, e.g. `tensor([[3, 1, 4]])` (a batch of one sequence of length 3); the graph input is then
 * int64 [batch, 3] and the float type is the weights'.
 * @example
 * const model = new nn.MLP([2, 16, 2], { seed: 0 });
 * const bytes = exportOnnx(model, randn([1, 2]), { opset: 17 });
 * bytes[0]; // 8: the first field of an ONNX ModelProto (ir_version)
 */
export function exportOnnx(model: Module, exampleInput: Tensor, opts: ExportOnnxOptions = {}): Uint8Array {
  const opset = opts.opset ?? DEFAULT_OPSET;
  checkOpset(opset);
  if (!(exampleInput instanceof Tensor)) {
    throw new ValueError(`exportOnnx: exampleInput must be a Tensor (e.g. randn([1, features])), got ${typeof exampleInput}.`);
  }
  if (exampleInput.ndim === 0) throw new ShapeError(`exportOnnx: exampleInput must have at least one axis, got a 0-d tensor.`);
  // a model that starts with an Embedding reads int64 indices; its float type is its weights'
  const indices = opts.indices ?? takesIndices(model);
  const dtype = opts.dtype ?? (indices ? (model.parameters()[0]?.dtype ?? "float32") : exampleInput.dtype);
  if (dtype !== "float32" && dtype !== "float64")
    throw new ValueError(`exportOnnx: dtype must be "float32" or "float64", got ${String(dtype)}.`);
  const dynamic = opts.dynamicBatch ?? true;
  if (dynamic && exampleInput.ndim < 2) {
    throw new ShapeError(
      `exportOnnx: a dynamic batch needs an example input with a batch axis, got ${fmtShape(exampleInput.shape)}; pass e.g. shape [1, ${exampleInput.shape[0]}], or { dynamicBatch: false }.`,
    );
  }
  const expected = expectedOutput(model, exampleInput);

  const named = [...model.namedParameters(), ...model.namedBuffers()];
  const graph = new OnnxGraph(opset, dtype, new Map(named.map(([n, p]) => [p, n])));
  const inputName = graph.reserve(opts.inputName ?? "input", "the graph input");
  const dims: Dim[] = exampleInput.shape.slice();
  if (dynamic) dims[0] = "batch";
  let x: OnnxValue = indices ? { name: inputName, shape: dims, type: "int64" } : { name: inputName, shape: dims };
  if (opts.standardize) {
    if (indices) throw new ExportError(`exportOnnx: standardize cannot apply to the integer indices an Embedding reads; drop it.`);
    x = standardize(graph, x, opts.standardize);
  }
  const y = convertModule(graph, model, "", x);
  const outputName = finalOutput(graph, y, opts.outputName ?? "output", inputName);

  const outShape = expected.shape;
  const symbolic = y.shape.map((d) => (d === "batch" ? exampleInput.shape[0]! : d));
  if (symbolic.length !== outShape.length || symbolic.some((d, i) => d !== outShape[i])) {
    throw new ExportError(
      `exportOnnx: the exported graph's output would be [${y.shape.join(", ")}] but ${model.constructor.name} returns ${fmtShape(outShape)} for the example input; a converter computes shapes wrongly.`,
    );
  }
  const elemType = elemTypeOf(dtype);
  const g: GraphProto = {
    name: opts.graphName ?? model.constructor.name,
    nodes: graph.nodes,
    initializers: graph.initializers,
    inputs: [{ name: inputName, elemType: indices ? DataType.INT64 : elemType, shape: dims }],
    outputs: [{ name: outputName, elemType, shape: y.shape }],
  };
  checkGraph(g);
  return encodeModel({
    irVersion: irVersionFor(opset),
    opsetVersion: opset,
    producerName: "chainrule",
    producerVersion: "",
    graph: g,
    metadata: opts.metadata ?? {},
  });
}

/** The model's output for the example input, in eval mode and without a graph; the mode is restored. */
function expectedOutput(model: Module, x: Tensor): Tensor {
  const modes = model.namedModules().map(([, m]) => [m, m.training] as const);
  model.eval();
  try {
    return noGrad(() => model.forward(x));
  } finally {
    for (const [m, t] of modes) m.training = t;
  }
}

/** Sub and Div nodes for (x − mean) / std, with the statistics as initializers. */
function standardize(graph: OnnxGraph, x: OnnxValue, stats: { mean: readonly number[]; std: readonly number[] }): OnnxValue {
  const n = x.shape[x.shape.length - 1] as number;
  if (stats.mean.length !== n || stats.std.length !== n) {
    throw new ShapeError(
      `exportOnnx: standardize has ${stats.mean.length} means and ${stats.std.length} stds but the input has ${n} features in its last axis.`,
    );
  }
  if (stats.std.some((s) => !(s > 0) || !Number.isFinite(s)) || stats.mean.some((m) => !Number.isFinite(m))) {
    throw new ValueError(`exportOnnx: standardize needs finite means and positive finite stds.`);
  }
  const where = "the input standardisation";
  const mean = graph.values("standardize.mean", [n], stats.mean);
  const std = graph.values("standardize.std", [n], stats.std);
  const centred = graph.node("Sub", [x.name, mean], { where, path: "standardize" });
  return { name: graph.node("Div", [centred, std], { where, path: "standardize" }), shape: x.shape };
}

/** Renames the last value to `name` (an Identity node when the model returns its input unchanged). */
function finalOutput(graph: OnnxGraph, y: OnnxValue, name: string, inputName: string): string {
  graph.reserve(name, "the graph output");
  const producer = graph.nodes.find((n) => n.outputs.includes(y.name));
  if (!producer || y.name === inputName) {
    graph.nodes.push({ opType: "Identity", name: graph.fresh("output/Identity"), inputs: [y.name], outputs: [name], attributes: [] });
    return name;
  }
  const rename = (v: string): string => (v === y.name ? name : v);
  for (const n of graph.nodes) {
    n.inputs = n.inputs.map(rename);
    n.outputs = n.outputs.map(rename);
  }
  return name;
}
