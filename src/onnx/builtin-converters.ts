/** @file The ONNX form of each built-in module: one small function per module class, collected in BUILTIN_CONVERTERS. */
import { ExportError, ShapeError } from "../errors.js";
import { ELU, Flatten, GELU, Identity, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Softplus, Tanh } from "../nn/activations.js";
import { Dropout } from "../nn/dropout.js";
import { Linear } from "../nn/linear.js";
import { MLP } from "../nn/mlp.js";
import { Sequential } from "../nn/sequential.js";
import { fmtShape } from "../tensor/shape.js";
import type { ConvertContext, ConverterEntry, OnnxConverter } from "./converters.js";
import type { OnnxValue } from "./graph.js";
import { ATTENTION_CONVERTERS } from "./attention-converters.js";
import { LAYER_CONVERTERS } from "./layer-converters.js";
import type { Dim } from "./proto.js";

/** A node with one input whose output has the input's shape. */
function elementwise(op: string, x: OnnxValue, ctx: ConvertContext, attributes = ctx.noAttributes): OnnxValue {
  return { name: ctx.node(op, [x.name], attributes), shape: x.shape };
}

/** Linear: Gemm(x, W, b, transB=1) for a batch of rows; MatMul(x, Transpose(W)) (+ b) for other ranks. */
const linear: OnnxConverter<Linear> = (m, x, ctx) => {
  const last = x.shape[x.shape.length - 1];
  if (last !== m.inFeatures) {
    throw new ShapeError(`exportOnnx: ${ctx.where} takes ${m.inFeatures} features but receives ${fmtShape(x.shape as number[])}.`);
  }
  const w = ctx.graph.parameter(m.weight, ctx.where);
  const b = m.bias ? ctx.graph.parameter(m.bias, ctx.where) : null;
  const shape: Dim[] = [...x.shape.slice(0, -1), m.outFeatures];
  if (x.shape.length === 2) {
    const name = ctx.node("Gemm", b ? [x.name, w, b] : [x.name, w], [{ name: "transB", kind: "int", value: 1 }]);
    return { name, shape };
  }
  const wT = ctx.node("Transpose", [w], [{ name: "perm", kind: "ints", value: [1, 0] }]);
  const xw = ctx.node("MatMul", [x.name, wT]);
  return { name: b ? ctx.node("Add", [xw, b]) : xw, shape };
};

/** Sequential: its layers in order, each under its index ("0", "1", …). */
const sequential: OnnxConverter<Sequential> = (m, x, ctx) => m.layers.reduce((h, layer, i) => ctx.child(String(i), layer, h), x);

/** MLP: its `layers` Sequential. */
const mlp: OnnxConverter<MLP> = (m, x, ctx) => ctx.child("layers", m.layers, x);

/** Dropout and Identity: the input itself (exports are for inference, where dropout is off). */
const passThrough: OnnxConverter<Dropout | Identity> = (_m, x) => x;

/** GELU(x) = x·Φ(x): the Gelu operator from opset 20, else 0.5·x·(1 + erf(x/√2)) in the order chainrule computes it. */
const gelu: OnnxConverter<GELU> = (_m, x, ctx) => {
  if (ctx.graph.opset >= 20) return elementwise("Gelu", x, ctx, [{ name: "approximate", kind: "string", value: "none" }]);
  const g = ctx.graph;
  const half = ctx.node("Mul", [x.name, g.constant(0.5)]);
  const erf = ctx.node("Erf", [ctx.node("Mul", [x.name, g.constant(Math.SQRT1_2)])]);
  return { name: ctx.node("Mul", [half, ctx.node("Add", [erf, g.constant(1)])]), shape: x.shape };
};

/** SiLU(x) = x·σ(x). */
const silu: OnnxConverter<SiLU> = (_m, x, ctx) => ({ name: ctx.node("Mul", [x.name, ctx.node("Sigmoid", [x.name])]), shape: x.shape });

/** Softmax and LogSoftmax along the module's axis (opset ≥ 13 semantics: one axis, negative counts from the end). */
function softmaxLike(op: "Softmax" | "LogSoftmax"): OnnxConverter<Softmax | LogSoftmax> {
  return (m, x, ctx) => {
    const rank = x.shape.length;
    if (!Number.isInteger(m.axis) || m.axis < -rank || m.axis >= rank) {
      throw new ExportError(`exportOnnx: ${ctx.where} has axis ${m.axis}, out of range for its ${rank}-d input.`);
    }
    return elementwise(op, x, ctx, [{ name: "axis", kind: "int", value: m.axis }]);
  };
}

/** Flatten: [N, d₁, d₂, …] → [N, d₁·d₂·…], ONNX Flatten with axis 1. */
const flatten: OnnxConverter<Flatten> = (_m, x, ctx) => {
  if (x.shape.length < 1) throw new ExportError(`exportOnnx: ${ctx.where} needs at least one axis (the batch).`);
  const rest = x.shape.slice(1).reduce<number>((p, d) => p * (d as number), 1);
  return { name: ctx.node("Flatten", [x.name], [{ name: "axis", kind: "int", value: 1 }]), shape: [x.shape[0]!, rest] };
};

/**
 * Every built-in module with an ONNX form. A new layer adds one line here and one small function above.
 * Lookup is by exact class: a subclass is not exported as its parent (its forward may differ).
 */
export const BUILTIN_CONVERTERS: ConverterEntry[] = [
  [Linear, linear],
  [Sequential, sequential],
  [MLP, mlp],
  [Dropout, passThrough],
  [Identity, passThrough],
  [ReLU, (_m, x, ctx) => elementwise("Relu", x, ctx)],
  [Sigmoid, (_m, x, ctx) => elementwise("Sigmoid", x, ctx)],
  [Tanh, (_m, x, ctx) => elementwise("Tanh", x, ctx)],
  [Softplus, (_m, x, ctx) => elementwise("Softplus", x, ctx)],
  [LeakyReLU, (m: LeakyReLU, x, ctx) => elementwise("LeakyRelu", x, ctx, [{ name: "alpha", kind: "float", value: m.slope }])],
  [ELU, (m: ELU, x, ctx) => elementwise("Elu", x, ctx, [{ name: "alpha", kind: "float", value: m.alpha }])],
  [GELU, gelu],
  [SiLU, silu],
  [Softmax, softmaxLike("Softmax")],
  [LogSoftmax, softmaxLike("LogSoftmax")],
  [Flatten, flatten],
  ...LAYER_CONVERTERS,
  ...ATTENTION_CONVERTERS,
] as ConverterEntry[];
