/** @file TensorFlow.js's side of each workload, on its "cpu" and "wasm" backends (one thread in Node). */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { MLP, SEED_F, mlpBatch, mlpParams, uniform } from "../data.js";
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

function contenders(make: () => Step): Contender[] {
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
