/** @file The ONNX form of MultiheadAttention, TransformerBlock and the positional embeddings, in standard operators. */
import { ExportError } from "../errors.js";
import { MultiheadAttention } from "../nn/attention.js";
import { PositionalEmbedding, SinusoidalPositionalEmbedding, sinusoidalPositions } from "../nn/positional.js";
import { TransformerBlock } from "../nn/transformer.js";
import { causalMask } from "../ops/attention.js";
import type { ConvertContext, ConverterEntry, OnnxConverter } from "./converters.js";
import type { OnnxValue } from "./graph.js";

/** The sequence length (axis −2) of x [batch, length, d]: a fixed number, the example input's. */
function lengthOf(x: OnnxValue, d: number, ctx: ConvertContext): number {
  const L = x.shape[x.shape.length - 2];
  if (x.shape.length !== 3 || x.shape[2] !== d || typeof L !== "number") {
    throw new ExportError(
      `exportOnnx: ${ctx.where} exports inputs [batch, length, ${d}] with a fixed length, got [${x.shape.join(", ")}]; pass an example with a batch axis, e.g. [1, length, ${d}].`,
    );
  }
  return L;
}

/**
 * MultiheadAttention as self-attention (its converter only ever sees one input: the cross-attention
 * form forward(query, key, value) is reached only from a custom module, which needs its own converter):
 * qkv = x·in_proj_weightᵀ + in_proj_bias [B, L, 3E] → Slice into q, k, v → Reshape [B, L, H, E/H] →
 * Transpose to heads [B, H, L, E/H] (k to [B, H, E/H, L]) → scores = (q·kᵀ)·(1/√(E/H)) (+ the causal mask
 * [L, L], 0 on and below the diagonal and −1e9 above, a constant) → Softmax(axis −1) → ·v → Transpose and
 * Reshape back to [B, L, E] → out_proj. The mask fixes the length to the example's; ONNX Runtime rejects other lengths.
 */
const multiheadAttention: OnnxConverter<MultiheadAttention> = (m, x, ctx) => {
  const g = ctx.graph;
  const [E, H, hd] = [m.embedDim, m.numHeads, m.headDim];
  const L = lengthOf(x, E, ctx);
  const wT = ctx.node("Transpose", [g.parameter(m.inProjWeight, ctx.where)], [{ name: "perm", kind: "ints", value: [1, 0] }]);
  const xw = ctx.node("MatMul", [x.name, wT]);
  const qkv = m.inProjBias ? ctx.node("Add", [xw, g.parameter(m.inProjBias, ctx.where)]) : xw;
  // projection i (0 q, 1 k, 2 v) as heads [B, H, L, hd] (perm [0, 2, 1, 3]) or, for k, [B, H, hd, L]
  const heads = (i: number, perm: number[]): string => {
    const part = ctx.node("Slice", [qkv, g.int64s([i * E]), g.int64s([(i + 1) * E]), g.int64s([-1])]);
    const split = ctx.node("Reshape", [part, g.int64s([0, 0, H, hd])]);
    return ctx.node("Transpose", [split], [{ name: "perm", kind: "ints", value: perm }]);
  };
  const [q, kT, v] = [heads(0, [0, 2, 1, 3]), heads(1, [0, 2, 3, 1]), heads(2, [0, 2, 1, 3])];
  let scores = ctx.node("Mul", [ctx.node("MatMul", [q, kT]), g.constant(1 / Math.sqrt(hd))]);
  if (m.causal) scores = ctx.node("Add", [scores, g.table(`causal_${L}`, [L, L], () => causalMask(L, L, "float64").data)]);
  const weights = ctx.node("Softmax", [scores], [{ name: "axis", kind: "int", value: -1 }]);
  const joined = ctx.node("Transpose", [ctx.node("MatMul", [weights, v])], [{ name: "perm", kind: "ints", value: [0, 2, 1, 3] }]);
  return ctx.child("out_proj", m.outProj, { name: ctx.node("Reshape", [joined, g.int64s([0, 0, E])]), shape: x.shape });
};

/** TransformerBlock (pre-norm): h = x + drop(attn(ln1(x))); h + drop(mlp(ln2(h))), each child by its own converter. */
const transformerBlock: OnnxConverter<TransformerBlock> = (m, x, ctx) => {
  const branch = (input: OnnxValue, steps: [string, TransformerBlock["ln1" | "attn" | "ln2" | "mlp" | "drop"]][]): OnnxValue =>
    steps.reduce((h, [key, layer]) => ctx.child(key, layer, h), input);
  const a = branch(x, [
    ["ln1", m.ln1],
    ["attn", m.attn],
    ["drop", m.drop],
  ]);
  const h: OnnxValue = { name: ctx.node("Add", [x.name, a.name]), shape: x.shape };
  const b = branch(h, [
    ["ln2", m.ln2],
    ["mlp", m.mlp],
    ["drop", m.drop],
  ]);
  return { name: ctx.node("Add", [h.name, b.name]), shape: x.shape };
};

/** The length of x [..., length, d] checked against maxLen (the example ran, so this guards converters). */
function positionsFor(m: PositionalEmbedding | SinusoidalPositionalEmbedding, x: OnnxValue, ctx: ConvertContext): number {
  const L = x.shape[x.shape.length - 2];
  if (x.shape.length < 3 || typeof L !== "number" || L > m.maxLen || x.shape[x.shape.length - 1] !== m.d) {
    throw new ExportError(
      `exportOnnx: ${ctx.where} exports inputs [batch, length ≤ ${m.maxLen}, ${m.d}] with a fixed length, got [${x.shape.join(", ")}].`,
    );
  }
  return L;
}

/** PositionalEmbedding: x + Slice(weight, rows 0..length−1) (the whole `weight` when length = maxLen). */
const positionalEmbedding: OnnxConverter<PositionalEmbedding> = (m, x, ctx) => {
  const g = ctx.graph;
  const L = positionsFor(m, x, ctx);
  const w = g.parameter(m.weight, ctx.where);
  const rows = L === m.maxLen ? w : ctx.node("Slice", [w, g.int64s([0]), g.int64s([L]), g.int64s([0])]);
  return { name: ctx.node("Add", [x.name, rows]), shape: x.shape };
};

/** SinusoidalPositionalEmbedding: x + the fixed table's first `length` rows, a constant [length, d]. */
const sinusoidalEmbedding: OnnxConverter<SinusoidalPositionalEmbedding> = (m, x, ctx) => {
  const L = positionsFor(m, x, ctx);
  const table = ctx.graph.table(`positions_${L}x${m.d}`, [L, m.d], () => sinusoidalPositions(L, m.d, "float64").data);
  return { name: ctx.node("Add", [x.name, table]), shape: x.shape };
};

/** The table entries of these layers (spread into BUILTIN_CONVERTERS). */
export const ATTENTION_CONVERTERS: ConverterEntry[] = [
  [MultiheadAttention, multiheadAttention],
  [TransformerBlock, transformerBlock],
  [PositionalEmbedding, positionalEmbedding],
  [SinusoidalPositionalEmbedding, sinusoidalEmbedding],
] as ConverterEntry[];
