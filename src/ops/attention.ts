/** @file Scaled dot-product attention, composed of matmul, mul, add and softmax (so every derivative order comes with it). */
import { getBackend } from "../backends/registry.js";
import { ShapeError, ValueError } from "../errors.js";
import { namedScope } from "../tape/scope.js";
import { allocate, type DType } from "../tensor/dtype.js";
import { broadcastShapes, fmtShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor } from "./apply.js";
import { add, mul } from "./binary.js";
import { matmul } from "./matmul.js";
import { softmax } from "./softmax.js";

/** Options of `scaledDotProductAttention`. */
export interface AttentionOptions {
  /** Query i attends to keys j ≤ i only (PyTorch's `is_causal`: the top-left lower triangle of [L, S]). */
  causal?: boolean;
  /**
   * An additive mask broadcastable to the scores [..., L, S] (PyTorch's float `attn_mask`): 0 keeps a
   * key, a large negative number or −Infinity drops it. −Infinity entries of a mask without gradient
   * become MASKED (−1e9), so a row that drops every key stays finite (uniform weights) instead of NaN.
   */
  mask?: Tensor;
  /** The factor on q·kᵀ (default 1/√d, d the last axis of q). */
  scale?: number;
}

/** The additive value of a dropped key: exp(−1e9 − m) is exactly 0 in float32 and float64, and it stays finite. */
export const MASKED = -1e9;

/**
 * Attention weights softmax(q kᵀ · scale + mask) applied to v: q [..., L, d], k [..., S, d],
 * v [..., S, dv] → [..., L, dv], leading (batch, head) axes broadcast. Written with matmul, mul,
 * add and softmax inside the named scope "attention", so first and second derivatives, gradcheck
 * and the pictures (one cluster, each node with its local derivative) come from those ops.
 * @example
 * const q = randn([2, 4, 8]), k = randn([2, 4, 8]), v = randn([2, 4, 8]);
 * scaledDotProductAttention(q, k, v, { causal: true }).shape; // [2, 4, 8]
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  for (const [name, t] of [
    ["q", q],
    ["k", k],
    ["v", v],
  ] as const) {
    checkTensor(t, `scaledDotProductAttention (${name})`);
    if (t.ndim < 2) {
      throw new ShapeError(`scaledDotProductAttention: ${name} ${t.describe()} needs at least 2 axes [..., length, features].`);
    }
  }
  const [L, d] = q.shape.slice(-2) as [number, number];
  const [S, dk] = k.shape.slice(-2) as [number, number];
  const Sv = v.shape[v.ndim - 2]!;
  if (dk !== d || Sv !== S) {
    throw new ShapeError(
      `scaledDotProductAttention: q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)} do not fit: ` +
        `q and k need the same last axis (got ${d} and ${dk}) and k and v the same length (axis −2: got ${S} and ${Sv}). Shapes are q [..., L, d], k [..., S, d], v [..., S, dv].`,
    );
  }
  const scale = opts.scale ?? 1 / Math.sqrt(d);
  if (!Number.isFinite(scale)) throw new ValueError(`scaledDotProductAttention: scale must be a finite number, got ${scale}.`);
  const lead = broadcastShapes(q.shape.slice(0, -2), k.shape.slice(0, -2), "scaledDotProductAttention (leading axes of q and k)");
  const mask = opts.mask === undefined ? null : checkMask(opts.mask, [...lead, L, S]);
  return namedScope("attention", () => {
    let scores = mul(matmul(q, k, { transB: true }), scale);
    if (opts.causal) scores = add(scores, causalMaskLike(scores));
    if (mask) scores = add(scores, mask);
    return matmul(softmax(scores, -1), v);
  });
}

/**
 * The additive causal mask [L, S]: 0 where j ≤ i, MASKED above the diagonal.
 * @example
 * causalMask(2, 2, "float32").toArray(); // [[0, -1e9], [0, 0]]
 */
export function causalMask(L: number, S: number, dtype: DType): Tensor {
  const data = allocate(dtype, L * S);
  for (let i = 0; i < L; i++) for (let j = i + 1; j < S; j++) data[i * S + j] = MASKED;
  const m = new Tensor(data, [L, S]);
  m.name = "causal";
  return m;
}

/** The last causal mask made at the scores' full shape: reused by every head and layer of a step. */
let lastMask: { key: string; mask: Tensor } | null = null;

/**
 * The causal mask at the full shape of `scores` [..., L, S], so the add is a plain same-shape one
 * (the fast kernel) rather than a broadcast; cached by shape, dtype and backend.
 */
function causalMaskLike(scores: Tensor): Tensor {
  const key = `${getBackend()}|${scores.dtype}|${scores.shape.join(",")}`;
  if (lastMask?.key === key) return lastMask.mask;
  const [L, S] = scores.shape.slice(-2) as [number, number];
  const one = causalMask(L, S, scores.dtype).data;
  const data = allocate(scores.dtype, scores.size);
  for (let i = 0; i < data.length; i += one.length) data.set(one, i);
  const mask = new Tensor(data, scores.shape.slice());
  mask.name = "causal";
  lastMask = { key, mask };
  return mask;
}

/** The user's mask, checked against the scores' shape, with −Infinity made MASKED when it carries no gradient. */
function checkMask(mask: Tensor, scores: number[]): Tensor {
  checkTensor(mask, "scaledDotProductAttention (mask)");
  let ok = mask.ndim <= scores.length;
  if (ok) {
    try {
      ok = broadcastShapes(mask.shape, scores, "mask").join(",") === scores.join(",");
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    throw new ShapeError(
      `scaledDotProductAttention: mask ${mask.describe()} does not broadcast to the scores ${fmtShape(scores)} ([..., L, S]); give it shape [L, S] or [..., L, S].`,
    );
  }
  if (mask.requiresGrad) return mask;
  const src = mask.data;
  if (!src.some((x) => x === -Infinity)) return mask;
  const data = allocate(mask.dtype, src.length);
  for (let i = 0; i < src.length; i++) data[i] = src[i] === -Infinity ? MASKED : src[i]!;
  const safe = new Tensor(data, mask.shape.slice());
  safe.name = mask.name ?? "mask";
  return safe;
}
