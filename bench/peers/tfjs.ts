/** @file TensorFlow.js's side of each workload, on its "cpu" and "wasm" backends (one thread in Node). */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CONV, MLP, SEED_F, mlpBatch, mlpParams, uniform } from "../data.js";
import type { Contender, Step } from "../harness.js";

let wasmPathSet = false;

async function use(backendName: "cpu" | "wasm"): Promise<void> {
  if (backendName === "wasm" && !wasmPathSet) {
    const main = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
    setWasmPaths(join(dirname(main), "/"));
    wasmPathSet = true;
  }
  if (tf.getBackend() !== backendName) {
    if (!(await tf.setBackend(backendName))) throw new Error(`tfjs backend ${backendName} did not start`);
  }
  await tf.ready();
}

/**
 * One contender per tfjs backend (wasm, cpu) for the step that `make` builds.
 * @example
 * contenders(() => () => void tf.matMul(a, b).dataSync());
 */
export function contenders(make: () => Step): Contender[] {
  return (["wasm", "cpu"] as const).map((bk) => ({
    peer: `tfjs-${bk}`,
    activate: () => use(bk),
    setup: async () => {
      await use(bk);
      return make();
    },
  }));
}

/** C = A·B for n×n float32 matrices, read back to JS. */
export function matmulContenders(n: number): Contender[] {
  return contenders(() => {
    const a = tf.tensor2d(uniform(n * n, 1), [n, n]);
    const b = tf.tensor2d(uniform(n * n, 2), [n, n]);
    return () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    };
  });
}

/** One SGD step of the 784-256-256-10 MLP (batch 128) with tf.train.sgd. */
export function mlpContenders(): Contender[] {
  return contenders(() => {
    const p = mlpParams();
    const d = mlpBatch();
    const s = MLP.sizes;
    const w = p.w.map((v, l) => tf.variable(tf.tensor2d(v, [s[l]!, s[l + 1]!])));
    const b = p.b.map((v) => tf.variable(tf.tensor1d(v)));
    const x = tf.tensor2d(d.x, [MLP.batch, s[0]!]);
    const y = tf.tensor2d(d.onehot, [MLP.batch, s[s.length - 1]!]);
    const opt = tf.train.sgd(MLP.lr);
    return () => {
      const cost = opt.minimize(() => {
        let h: tf.Tensor2D = x;
        for (let l = 0; l < w.length; l++) {
          const z = tf.add(tf.matMul(h, w[l]!), b[l]!) as tf.Tensor2D;
          h = l + 1 < w.length ? tf.relu(z) : z;
        }
        return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(h), y), -1))) as tf.Scalar;
      }, true);
      cost?.dataSync();
      cost?.dispose();
    };
  });
}

/** The worksheet's f at n = d = 16: ∂f/∂W and ∂f/∂b via tf.grads, read back. */
export function seedFContenders(): Contender[] {
  return contenders(() => {
    const { n, d } = SEED_F;
    const W = tf.tensor2d(uniform(n * d, 11, 0.5), [n, d]);
    const b = tf.tensor1d(uniform(n, 12, 0.1));
    const x = tf.tensor2d(uniform(d, 13), [d, 1]);
    const y = tf.scalar(1);
    const g = tf.grads((Wt: tf.Tensor, bt: tf.Tensor) =>
      tf.square(tf.sub(y, tf.sum(tf.sigmoid(tf.add(tf.reshape(tf.matMul(Wt as tf.Tensor2D, x), [n]), bt))))),
    );
    return () => {
      const [gW, gb] = g([W, b]);
      gW!.dataSync();
      gb!.dataSync();
      gW!.dispose();
      gb!.dispose();
    };
  });
}

/**
 * conv2d with its gradients, for a 3×3 "same" convolution in NHWC: ∂x by conv2dTranspose (the
 * Conv2DBackpropInput kernel) and ∂W by the identity ∂W[i, j, c, o] = Σ_{n,h,w} x[n, h+i−1, w+j−1, c]·dy[n, h, w, o],
 * a forward conv2d of x with channels and batch swapped against dy as the filter. tfjs-wasm has no
 * Conv2DBackpropFilter kernel (tf.grads of conv2d fails there) and tfjs-cpu's takes ~11 s here, so both peers
 * get this, their fastest path.
 */
export const convWithGrads = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, b, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.add(tf.conv2d(x, w, 1, "same"), b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor4D;
      const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
      const p = CONV.pad;
      const dx = tf.conv2dTranspose(g, ws, xs.shape, 1, "same");
      const pad: [[number, number], [number, number], [number, number], [number, number]] = [
        [0, 0],
        [p, p],
        [p, p],
        [0, 0],
      ];
      const dwT = tf.conv2d(tf.transpose(xs, [3, 1, 2, 0]) as tf.Tensor4D, tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D, 1, pad);
      return [dx, tf.transpose(dwT, [1, 2, 0, 3]), tf.sum(g, [0, 1, 2])];
    },
  };
}) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** conv2d forward and backward in tfjs's native NHWC layout (x [32, 32, 32, 3], W [3, 3, 3, 16], "same"): ∂/∂x, ∂/∂W, ∂/∂b of Σ, read back. */
export function conv2dContenders(): Contender[] {
  return contenders(() => {
    const { batch, inC, outC, size, k } = CONV;
    const x = tf.tensor4d(uniform(batch * inC * size * size, 21), [batch, size, size, inC]);
    const w = tf.tensor4d(uniform(outC * inC * k * k, 22, 0.3), [k, k, inC, outC]);
    const b = tf.tensor1d(uniform(outC, 23, 0.1));
    const g = tf.grads((xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) => tf.sum(convWithGrads(xt, wt, bt)));
    return () => {
      const gs = g([x, w, b]);
      for (const t of gs) {
        t.dataSync();
        t.dispose();
      }
    };
  });
}
