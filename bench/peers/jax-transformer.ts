/** @file @jax-js/jax's side of the transformer-step workload (wasm device, with and without jit); arrays follow its ownership rules (`.ref` to reuse). */
import { grad, jit, nn, numpy as np, tree } from "@jax-js/jax";
import { TRANSFORMER, causalMask, transformerBatch, transformerWeights } from "../transformer-data.js";
import type { Contender, Step } from "../harness.js";
import { contender } from "./jax.js";

type JArray = np.Array;
type Block = Record<"ln1g" | "ln1b" | "wqkv" | "bqkv" | "wo" | "bo" | "ln2g" | "ln2b" | "w1" | "b1" | "w2" | "b2", JArray>;
type Params = { tokens: JArray; positions: JArray; blocks: Block[]; lnfg: JArray; lnfb: JArray; head: JArray; headb: JArray };

const { vocab, context: T, d, heads: H, hidden, batch: B } = TRANSFORMER;
const dh = d / H;
const arr = (data: Float32Array, shape: number[]): JArray => np.array(data).reshape(shape);

function layerNorm(x: JArray, g: JArray, b: JArray): JArray {
  const mean = np.mean(x.ref, -1, { keepdims: true });
  const centred = x.sub(mean);
  const variance = np.mean(np.square(centred.ref), -1, { keepdims: true });
  return centred
    .div(np.sqrt(variance.add(1e-5)))
    .mul(g)
    .add(b);
}

const linear = (x: JArray, w: JArray, b: JArray): JArray => np.matmul(x, w).add(b);
const split = (x: JArray): JArray => np.transpose(x.reshape([B, T, H, dh]), [0, 2, 1, 3]);

function loss(p: Params, tokens: JArray, positions: JArray, onehot: JArray, mask: JArray): JArray {
  let x = np.take(p.tokens, tokens, 0).add(np.take(p.positions, positions, 0));
  for (const b of p.blocks) {
    const qkv = linear(layerNorm(x.ref, b.ln1g, b.ln1b), b.wqkv, b.bqkv);
    const q = split(qkv.ref.slice([], [0, d]));
    const k = split(qkv.ref.slice([], [d, 2 * d]));
    const v = split(qkv.slice([], [2 * d, 3 * d]));
    const scores = np
      .matmul(q, np.transpose(k, [0, 1, 3, 2]))
      .mul(1 / Math.sqrt(dh))
      .add(mask.ref);
    const att = np.matmul(nn.softmax(scores, -1), v);
    const merged = np.transpose(att, [0, 2, 1, 3]).reshape([B * T, d]);
    x = x.add(linear(merged, b.wo, b.bo));
    const h = nn.relu(linear(layerNorm(x.ref, b.ln2g, b.ln2b), b.w1, b.b1));
    x = x.add(linear(h, b.w2, b.b2));
  }
  mask.dispose();
  const logits = linear(layerNorm(x, p.lnfg, p.lnfb), p.head, p.headb);
  return nn.logSoftmax(logits, -1).mul(onehot).sum(-1).mean().neg();
}

function sgdStep(p: Params, tokens: JArray, positions: JArray, onehot: JArray, mask: JArray): Params {
  const g = grad(loss)(tree.ref(p), tokens, positions, onehot, mask) as Params;
  return tree.map((v: JArray, gv: JArray) => v.sub(gv.mul(TRANSFORMER.lr)), p, g) as Params;
}

/** One SGD step of the 2-block causal transformer, waiting until the new parameters exist. */
export function transformerStep(useJit: boolean): Step {
  const w0 = transformerWeights();
  let p: Params = {
    tokens: arr(w0.tokens, [vocab, d]),
    positions: arr(w0.positions, [T, d]),
    blocks: w0.blocks.map((b) => ({
      ln1g: arr(b.ln1g, [d]),
      ln1b: arr(b.ln1b, [d]),
      wqkv: arr(b.wqkv, [d, 3 * d]),
      bqkv: arr(b.bqkv, [3 * d]),
      wo: arr(b.wo, [d, d]),
      bo: arr(b.bo, [d]),
      ln2g: arr(b.ln2g, [d]),
      ln2b: arr(b.ln2b, [d]),
      w1: arr(b.w1, [d, hidden]),
      b1: arr(b.b1, [hidden]),
      w2: arr(b.w2, [hidden, d]),
      b2: arr(b.b2, [d]),
    })),
    lnfg: arr(w0.lnfg, [d]),
    lnfb: arr(w0.lnfb, [d]),
    head: arr(w0.head, [d, vocab]),
    headb: arr(w0.headb, [vocab]),
  };
  const data = transformerBatch();
  const tokens = np.array(data.tokens);
  const positions = np.array(Int32Array.from({ length: B * T }, (_, i) => i % T));
  const onehot = np
    .array(Float32Array.from({ length: B * T * vocab }, (_, i) => (data.targets[Math.floor(i / vocab)] === i % vocab ? 1 : 0)))
    .reshape([B * T, vocab]);
  const mask = arr(causalMask(), [T, T]);
  const step = useJit ? (jit(sgdStep) as typeof sgdStep) : sgdStep;
  return async () => {
    p = step(p, tokens.ref, positions.ref, onehot.ref, mask.ref);
    await p.head.ref.data();
  };
}

/** The transformer step on jax-js, without and with jit. */
export function transformerContenders(): Contender[] {
  return [contender("jax-js", () => transformerStep(false)), contender("jax-js-jit", () => transformerStep(true))];
}
