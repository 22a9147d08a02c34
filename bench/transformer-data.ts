/** @file The transformer-step workload's sizes, initial weights and batch: the same seeded numbers for every peer. */
import { uniform } from "./data.js";

/** A 2-block pre-norm decoder (causal), d = 64, 4 heads, context 16, batch 32, ReLU MLP of 4d, SGD. */
export const TRANSFORMER = { vocab: 28, context: 16, d: 64, heads: 4, blocks: 2, hidden: 256, batch: 32, lr: 0.01 } as const;

/** One block's weights, stored [in, out] for x·W (PyTorch's Linear keeps [out, in]; peers transpose as needed). */
export interface BlockWeights {
  ln1g: Float32Array;
  ln1b: Float32Array;
  wqkv: Float32Array;
  bqkv: Float32Array;
  wo: Float32Array;
  bo: Float32Array;
  ln2g: Float32Array;
  ln2b: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

/** Every weight of the model. */
export interface TransformerWeights {
  tokens: Float32Array;
  positions: Float32Array;
  blocks: BlockWeights[];
  lnfg: Float32Array;
  lnfb: Float32Array;
  head: Float32Array;
  headb: Float32Array;
}

const ones = (n: number): Float32Array => new Float32Array(n).fill(1);

/** Seeded initial weights (uniform with fan-in scale), identical across peers. */
export function transformerWeights(): TransformerWeights {
  const { vocab, context, d, blocks, hidden } = TRANSFORMER;
  let seed = 300;
  const u = (size: number, fanIn: number): Float32Array => uniform(size, seed++, 1 / Math.sqrt(fanIn));
  return {
    tokens: u(vocab * d, 1),
    positions: u(context * d, 1),
    blocks: Array.from({ length: blocks }, () => ({
      ln1g: ones(d),
      ln1b: new Float32Array(d),
      wqkv: u(d * 3 * d, d),
      bqkv: new Float32Array(3 * d),
      wo: u(d * d, d),
      bo: new Float32Array(d),
      ln2g: ones(d),
      ln2b: new Float32Array(d),
      w1: u(d * hidden, d),
      b1: new Float32Array(hidden),
      w2: u(hidden * d, hidden),
      b2: new Float32Array(d),
    })),
    lnfg: ones(d),
    lnfb: new Float32Array(d),
    head: u(d * vocab, d),
    headb: new Float32Array(vocab),
  };
}

/** Input tokens [batch, context] (int32) and next-token targets [batch · context], as plain numbers. */
export function transformerBatch(): { tokens: Int32Array; targets: number[] } {
  const { vocab, context, batch } = TRANSFORMER;
  const r = uniform(batch * (context + 1), 77);
  const seq = Array.from(r, (v) => Math.min(vocab - 1, Math.floor(((v + 1) / 2) * vocab)));
  const tokens = new Int32Array(batch * context);
  const targets: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < context; t++) {
      tokens[b * context + t] = seq[b * (context + 1) + t]!;
      targets.push(seq[b * (context + 1) + t + 1]!);
    }
  }
  return { tokens, targets };
}

/** The additive causal mask [context, context]: 0 on and below the diagonal, −1e9 above. */
export function causalMask(): Float32Array {
  const { context } = TRANSFORMER;
  const m = new Float32Array(context * context);
  for (let i = 0; i < context; i++) for (let j = i + 1; j < context; j++) m[i * context + j] = -1e9;
  return m;
}
