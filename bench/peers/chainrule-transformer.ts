/** @file chainrule's side of the transformer-step workload: the same maths as the other peers, through the public API. */
import { layerNorm, linear, optim, scaledDotProductAttention, setBackend, slice, take, tensor, transpose, nn } from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { TRANSFORMER, transformerBatch, transformerWeights } from "../transformer-data.js";
import type { Contender } from "../harness.js";

const { vocab, context: T, d, heads: H, hidden, batch: B } = TRANSFORMER;
const dh = d / H;

/** A parameter from [in, out] numbers, stored [out, in] for `linear` (x·Wᵀ), as nn.Linear keeps it. */
function weight(data: Float32Array, inDim: number, outDim: number): Tensor {
  const t = new Float32Array(data.length);
  for (let i = 0; i < inDim; i++) for (let o = 0; o < outDim; o++) t[o * inDim + i] = data[i * outDim + o]!;
  return tensor(t, { dtype: "float32", shape: [outDim, inDim], requiresGrad: true });
}

const param = (data: Float32Array, shape: number[]): Tensor => tensor(data, { dtype: "float32", shape, requiresGrad: true });

const heads = (x: Tensor): Tensor => transpose(x.reshape([B, T, H, dh]), [0, 2, 1, 3]);

/**
 * Builds one SGD step of the 2-block causal transformer on one batch (zero the gradients, forward,
 * backward, update) on the current backend; the step returns the loss.
 * @example
 * const step = transformerTrainer();
 * step(); // ≈ 3.54
 */
export function transformerTrainer(): () => number {
  const w0 = transformerWeights();
  const blocks = w0.blocks.map((b) => ({
    ln1g: param(b.ln1g, [d]),
    ln1b: param(b.ln1b, [d]),
    wqkv: weight(b.wqkv, d, 3 * d),
    bqkv: param(b.bqkv, [3 * d]),
    wo: weight(b.wo, d, d),
    bo: param(b.bo, [d]),
    ln2g: param(b.ln2g, [d]),
    ln2b: param(b.ln2b, [d]),
    w1: weight(b.w1, d, hidden),
    b1: param(b.b1, [hidden]),
    w2: weight(b.w2, hidden, d),
    b2: param(b.b2, [d]),
  }));
  const tokens = param(w0.tokens, [vocab, d]);
  const positions = param(w0.positions, [T, d]);
  const lnfg = param(w0.lnfg, [d]);
  const lnfb = param(w0.lnfb, [d]);
  const head = weight(w0.head, d, vocab);
  const headb = param(w0.headb, [vocab]);
  const all = [tokens, positions, lnfg, lnfb, head, headb, ...blocks.flatMap((b) => Object.values(b))];
  const opt = new optim.SGD(all, { lr: TRANSFORMER.lr });
  const data = transformerBatch();
  const ids = tensor(data.tokens, { dtype: "int32", shape: [B, T] });
  return () => {
    opt.zeroGrad();
    let x = take(tokens, ids, 0)
      .add(positions)
      .reshape([B * T, d]); // [B·T, d]
    for (const b of blocks) {
      const qkv = linear(layerNorm(x, [d], b.ln1g, b.ln1b), b.wqkv, b.bqkv);
      const part = (i: number): Tensor => heads(slice(qkv, null, { start: i * d, stop: (i + 1) * d }));
      const att = scaledDotProductAttention(part(0), part(1), part(2), { causal: true });
      x = x.add(linear(transpose(att, [0, 2, 1, 3]).reshape([B * T, d]), b.wo, b.bo));
      const h = linear(layerNorm(x, [d], b.ln2g, b.ln2b), b.w1, b.b1, { activation: "relu" });
      x = x.add(linear(h, b.w2, b.b2));
    }
    const logits = linear(layerNorm(x, [d], lnfg, lnfb), head, headb);
    const loss = nn.crossEntropy(logits, data.targets);
    loss.backward();
    opt.step();
    return loss.item();
  };
}

/** The transformer step on chainrule's wasm backend (or `backendName`). */
export function transformerContender(peer = "chainrule", backendName = "wasm"): Contender {
  return {
    peer,
    activate: async () => setBackend(backendName),
    setup: async () => {
      const step = transformerTrainer();
      return () => void step();
    },
  };
}
