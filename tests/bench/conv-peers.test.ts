/** @file The conv2d workload computes the same gradients in every peer: tfjs's hand-written backward (bench/peers/tfjs.ts) against tf.grads and chainrule. */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv2d, gradients, tensor } from "../../src/index.js";
import { convWithGrads } from "../../bench/peers/tfjs.js";
import { uniform } from "../../bench/data.js";
import { assertClose } from "../helpers/close.js";

describe("bench conv2d workload", () => {
  it("tfjs's conv2d with its hand-written gradients matches tf.grads of tf.conv2d and chainrule (NHWC vs NCHW)", async () => {
    await tf.setBackend("cpu");
    const [n, c, o, s] = [2, 3, 4, 5];
    const xs = uniform(n * s * s * c, 1);
    const ws = uniform(3 * 3 * c * o, 2);
    const bs = uniform(o, 3);
    const x = tf.tensor4d(xs, [n, s, s, c]);
    const w = tf.tensor4d(ws, [3, 3, c, o]);
    const b = tf.tensor1d(bs);
    const mine = tf.grads((a: tf.Tensor, v: tf.Tensor, u: tf.Tensor) => tf.sum(tf.square(convWithGrads(a, v, u))))([x, w, b]);
    const ref = tf.grads((a: tf.Tensor, v: tf.Tensor, u: tf.Tensor) =>
      tf.sum(tf.square(tf.add(tf.conv2d(a as tf.Tensor4D, v as tf.Tensor4D, 1, "same"), u))),
    )([x, w, b]);
    mine.forEach((g, i) => assertClose(g.dataSync(), ref[i]!.dataSync(), { rtol: 1e-4, atol: 1e-4 }, `gradient ${i}`));

    // chainrule, NCHW: the same numbers transposed
    const xc = tensor(tf.transpose(x, [0, 3, 1, 2]).dataSync() as Float32Array, { shape: [n, c, s, s], requiresGrad: true });
    const wc = tensor(tf.transpose(w, [3, 2, 0, 1]).dataSync() as Float32Array, { shape: [o, c, 3, 3], requiresGrad: true });
    const bc = tensor(bs, { shape: [o], requiresGrad: true });
    const [gx, gw, gb] = gradients(conv2d(xc, wc, bc, { padding: 1 }).square().sum(), [xc, wc, bc]);
    const tol = { rtol: 1e-4, atol: 1e-4 };
    assertClose(gx!.data, tf.transpose(mine[0]!, [0, 3, 1, 2]).dataSync(), tol, "∂x vs chainrule");
    assertClose(gw!.data, tf.transpose(mine[1]!, [3, 2, 0, 1]).dataSync(), tol, "∂W vs chainrule");
    assertClose(gb!.data, mine[2]!.dataSync(), tol, "∂b vs chainrule");
    expect(mine[1]!.shape).toEqual([3, 3, c, o]);
  });
});
