/** @file TensorFlow.js's side of the transformer-step workload, written with its ops (no layers API: same maths as every peer). */
import * as tf from "@tensorflow/tfjs";
import { TRANSFORMER, causalMask, transformerBatch, transformerWeights } from "../transformer-data.js";
import type { Contender } from "../harness.js";
import { contenders } from "./tfjs.js";

const { vocab, context: T, d, heads: H, hidden, batch: B } = TRANSFORMER;
const dh = d / H;

function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b) as tf.Tensor2D;
}

const linear = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D => tf.add(tf.matMul(x, w as tf.Tensor2D), b) as tf.Tensor2D;

function heads(x: tf.Tensor2D): tf.Tensor4D {
  return tf.transpose(tf.reshape(x, [B, T, H, dh]), [0, 2, 1, 3]) as tf.Tensor4D;
}

/** One SGD step of the 2-block causal transformer on one batch, loss read back. */
export function transformerStep(): () => number | undefined {
  const w0 = transformerWeights();
  const v = (data: Float32Array, shape: number[]): tf.Variable => tf.variable(tf.tensor(data, shape));
  const p = {
    tokens: v(w0.tokens, [vocab, d]),
    positions: v(w0.positions, [T, d]),
    blocks: w0.blocks.map((b) => ({
      ln1g: v(b.ln1g, [d]),
      ln1b: v(b.ln1b, [d]),
      wqkv: v(b.wqkv, [d, 3 * d]),
      bqkv: v(b.bqkv, [3 * d]),
      wo: v(b.wo, [d, d]),
      bo: v(b.bo, [d]),
      ln2g: v(b.ln2g, [d]),
      ln2b: v(b.ln2b, [d]),
      w1: v(b.w1, [d, hidden]),
      b1: v(b.b1, [hidden]),
      w2: v(b.w2, [hidden, d]),
      b2: v(b.b2, [d]),
    })),
    lnfg: v(w0.lnfg, [d]),
    lnfb: v(w0.lnfb, [d]),
    head: v(w0.head, [d, vocab]),
    headb: v(w0.headb, [vocab]),
  };
  const data = transformerBatch();
  const tokensOneHot = tf.oneHot(tf.tensor1d(data.tokens, "int32"), vocab).toFloat() as tf.Tensor2D;
  const onehot = tf.oneHot(tf.tensor1d(data.targets, "int32"), vocab).toFloat();
  const mask = tf.tensor2d(causalMask(), [T, T]);
  const opt = tf.train.sgd(TRANSFORMER.lr);
  const loss = (): tf.Scalar => {
    // one-hot · table rather than tf.gather: tfjs-wasm has no kernel for gather's gradient (UnsortedSegmentSum)
    const embedded = tf.reshape(tf.matMul(tokensOneHot, p.tokens), [B, T, d]);
    let x = tf.reshape(tf.add(embedded, p.positions), [B * T, d]) as tf.Tensor2D;
    for (const b of p.blocks) {
      const qkv = linear(layerNorm(x, b.ln1g, b.ln1b), b.wqkv, b.bqkv);
      const [q, k, vv] = tf.split(qkv, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const scores = tf.add(tf.mul(tf.matMul(heads(q), heads(k), false, true), 1 / Math.sqrt(dh)), mask);
      const att = tf.matMul(tf.softmax(scores), heads(vv));
      const merged = tf.reshape(tf.transpose(att, [0, 2, 1, 3]), [B * T, d]) as tf.Tensor2D;
      x = tf.add(x, linear(merged, b.wo, b.bo)) as tf.Tensor2D;
      const h = tf.relu(linear(layerNorm(x, b.ln2g, b.ln2b), b.w1, b.b1)) as tf.Tensor2D;
      x = tf.add(x, linear(h, b.w2, b.b2)) as tf.Tensor2D;
    }
    const logits = linear(layerNorm(x, p.lnfg, p.lnfb), p.head, p.headb);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), -1))) as tf.Scalar;
  };
  return () => {
    const cost = opt.minimize(loss, true);
    const value = cost?.dataSync()[0];
    cost?.dispose();
    return value;
  };
}

/** The transformer step on tfjs-wasm and tfjs-cpu. */
export function transformerContenders(): Contender[] {
  return contenders(() => {
    const step = transformerStep();
    return () => void step();
  });
}
