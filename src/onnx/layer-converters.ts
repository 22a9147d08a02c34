/** @file The ONNX form of the layers beyond Linear: Conv1d/Conv2d, pooling, BatchNorm, LayerNorm and Embedding. */
import { ExportError } from "../errors.js";
import { Identity } from "../nn/activations.js";
import { Conv1d, Conv2d } from "../nn/conv.js";
import { Dropout } from "../nn/dropout.js";
import { Embedding } from "../nn/embedding.js";
import type { Module } from "../nn/module.js";
import { BatchNorm1d, BatchNorm2d, LayerNorm } from "../nn/norm.js";
import { AvgPool2d, MaxPool2d } from "../nn/pool.js";
import { Sequential } from "../nn/sequential.js";
import { pair } from "../ops/window.js";
import type { ConvertContext, ConverterEntry, OnnxConverter } from "./converters.js";
import type { OnnxValue } from "./graph.js";
import { DataType, type Attribute, type Dim } from "./proto.js";

/** The spatial settings of a window op, per spatial axis. */
interface Window {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
}

/** Output length of one spatial axis: ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1 (floor mode, as chainrule computes it). */
function outLength(n: Dim, w: Window, i: number, ctx: ConvertContext): number {
  if (typeof n !== "number") throw new ExportError(`exportOnnx: ${ctx.where} needs fixed spatial sizes, got the symbolic axis "${n}".`);
  return Math.floor((n + 2 * w.padding[i]! - w.dilation[i]! * (w.kernel[i]! - 1) - 1) / w.stride[i]!) + 1;
}

/** The attributes shared by Conv, MaxPool and AveragePool; ONNX pads list every axis's start, then every axis's end. */
function windowAttributes(w: Window, withDilation: boolean): Attribute[] {
  const attrs: Attribute[] = [
    { name: "kernel_shape", kind: "ints", value: w.kernel },
    { name: "strides", kind: "ints", value: w.stride },
    { name: "pads", kind: "ints", value: [...w.padding, ...w.padding] },
  ];
  if (withDilation) attrs.push({ name: "dilations", kind: "ints", value: w.dilation });
  return attrs;
}

/** The input's rank must be 2 + the window's spatial axes (the model already ran on the example, so this guards converters). */
function checkRank(x: OnnxValue, spatial: number, ctx: ConvertContext): void {
  if (x.shape.length !== 2 + spatial) {
    throw new ExportError(`exportOnnx: ${ctx.where} expects a ${2 + spatial}-d input, got [${x.shape.join(", ")}].`);
  }
}

/** Conv1d and Conv2d: Conv(x, W, b) with strides, symmetric pads, dilations and group. */
function conv(m: Conv1d | Conv2d, w: Window, x: OnnxValue, ctx: ConvertContext): OnnxValue {
  checkRank(x, w.kernel.length, ctx);
  const weight = ctx.graph.parameter(m.weight, ctx.where);
  const inputs = m.bias ? [x.name, weight, ctx.graph.parameter(m.bias, ctx.where)] : [x.name, weight];
  const attrs = [...windowAttributes(w, true), { name: "group", kind: "int", value: m.groups } as const];
  const spatial = w.kernel.map((_, i) => outLength(x.shape[2 + i]!, w, i, ctx));
  return { name: ctx.node("Conv", inputs, attrs), shape: [x.shape[0]!, m.outChannels, ...spatial] };
}

const conv2d: OnnxConverter<Conv2d> = (m, x, ctx) =>
  conv(m, { kernel: m.kernel, stride: m.stride, padding: m.padding, dilation: m.dilation }, x, ctx);

const conv1d: OnnxConverter<Conv1d> = (m, x, ctx) =>
  conv(m, { kernel: [m.kernelSize], stride: [m.stride], padding: [m.padding], dilation: [m.dilation] }, x, ctx);

/**
 * MaxPool2d → MaxPool (padding never wins: chainrule pads with −∞); AvgPool2d → AveragePool with
 * count_include_pad = 1, since chainrule averages zero padding into each window (PyTorch's default).
 */
function pool(op: "MaxPool" | "AveragePool"): OnnxConverter<MaxPool2d | AvgPool2d> {
  return (m, x, ctx) => {
    checkRank(x, 2, ctx);
    const name = m.constructor.name;
    const kernel = pair(m.kernelSize, 1, "kernelSize", name, 1);
    const w: Window = {
      kernel,
      stride: pair(m.opts.stride ?? kernel, 1, "stride", name, 1),
      padding: pair(m.opts.padding, 0, "padding", name, 0),
      dilation: [1, 1],
    };
    const attrs = windowAttributes(w, false);
    if (op === "AveragePool") attrs.push({ name: "count_include_pad", kind: "int", value: 1 });
    return {
      name: ctx.node(op, [x.name], attrs),
      shape: [x.shape[0]!, x.shape[1]!, outLength(x.shape[2]!, w, 0, ctx), outLength(x.shape[3]!, w, 1, ctx)],
    };
  };
}

/**
 * BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]) in eval mode:
 * y = (x − running_mean) / √(running_var + ε) · weight + bias per channel (axis 1 in every layout,
 * which is ONNX's). Without affine, the scale and bias are constants 1 and 0.
 */
const batchNorm: OnnxConverter<BatchNorm1d | BatchNorm2d> = (m, x, ctx) => {
  const g = ctx.graph;
  const c = [m.numFeatures];
  const scale = m.weight ? g.parameter(m.weight, ctx.where) : g.filled(1, c);
  const bias = m.bias ? g.parameter(m.bias, ctx.where) : g.filled(0, c);
  const inputs = [x.name, scale, bias, g.parameter(m.runningMean, ctx.where), g.parameter(m.runningVar, ctx.where)];
  return { name: ctx.node("BatchNormalization", inputs, [{ name: "epsilon", kind: "float", value: m.eps }]), shape: x.shape };
};

/**
 * LayerNorm over the last k axes. Opset ≥ 17: LayerNormalization(axis = −k). Below 17 the same formula
 * in the order chainrule computes it: c = x − mean(x); y = c / √(mean(c·c) + ε) · weight + bias.
 */
const layerNorm: OnnxConverter<LayerNorm> = (m, x, ctx) => {
  const g = ctx.graph;
  const k = m.normalizedShape.length;
  if (g.opset >= 17) {
    const scale = m.weight ? g.parameter(m.weight, ctx.where) : g.filled(1, m.normalizedShape);
    const inputs = m.bias ? [x.name, scale, g.parameter(m.bias, ctx.where)] : [x.name, scale];
    const attrs: Attribute[] = [
      { name: "axis", kind: "int", value: -k },
      { name: "epsilon", kind: "float", value: m.eps },
    ];
    return { name: ctx.node("LayerNormalization", inputs, attrs), shape: x.shape };
  }
  const reduce: Attribute[] = [
    { name: "axes", kind: "ints", value: m.normalizedShape.map((_, i) => i - k) },
    { name: "keepdims", kind: "int", value: 1 },
  ];
  const centred = ctx.node("Sub", [x.name, ctx.node("ReduceMean", [x.name], reduce)]);
  const variance = ctx.node("ReduceMean", [ctx.node("Mul", [centred, centred])], reduce);
  let y = ctx.node("Div", [centred, ctx.node("Sqrt", [ctx.node("Add", [variance, g.constant(m.eps)])])]);
  if (m.weight) y = ctx.node("Mul", [y, g.parameter(m.weight, ctx.where)]);
  if (m.bias) y = ctx.node("Add", [y, g.parameter(m.bias, ctx.where)]);
  return { name: y, shape: x.shape };
};

/**
 * Embedding → Gather(weight, indices, axis 0): [...indices.shape, embeddingDim]. The indices are int64
 * when they are the graph input; a float value (an Embedding deeper in a custom model) is cast first.
 */
const embedding: OnnxConverter<Embedding> = (m, x, ctx) => {
  const indices = x.type === "int64" ? x.name : ctx.node("Cast", [x.name], [{ name: "to", kind: "int", value: DataType.INT64 }]);
  const name = ctx.node("Gather", [ctx.graph.parameter(m.weight, ctx.where), indices], [{ name: "axis", kind: "int", value: 0 }]);
  return { name, shape: [...x.shape, m.embeddingDim] };
};

/**
 * Whether the model reads integer indices (its first layer, past any Dropout or Identity, is an
 * Embedding), so the exported graph's input is int64.
 * @example
 * takesIndices(new nn.Sequential(new nn.Embedding(10, 4), new nn.Flatten())); // true
 */
export function takesIndices(m: Module): boolean {
  if (m.constructor === Embedding) return true;
  if (m.constructor !== Sequential) return false;
  const first = (m as Sequential).layers.find((l) => l.constructor !== Dropout && l.constructor !== Identity);
  return first !== undefined && takesIndices(first);
}

/** The table entries of these layers (spread into BUILTIN_CONVERTERS). */
export const LAYER_CONVERTERS: ConverterEntry[] = [
  [Conv1d, conv1d],
  [Conv2d, conv2d],
  [MaxPool2d, pool("MaxPool")],
  [AvgPool2d, pool("AveragePool")],
  [BatchNorm1d, batchNorm],
  [BatchNorm2d, batchNorm],
  [LayerNorm, layerNorm],
  [Embedding, embedding],
] as ConverterEntry[];
