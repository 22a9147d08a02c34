/** @file chainrule's side of each workload, through the public API only. */
import { logSoftmax, matmul, noGrad, relu, setBackend, sigmoid, tensor, type Tensor } from "../../src/index.js";
import { MLP, SEED_F, mlpBatch, mlpParams, uniform } from "../data.js";
import type { Contender, Step } from "../harness.js";

const f32 = { dtype: "float32" } as const;

/** A chainrule contender on the given backend ("wasm" by default, "js" the reference). */
function contender(peer: string, backendName: string, setup: () => Step): Contender {
  return {
    peer,
    activate: async () => setBackend(backendName),
    setup: async () => setup(),
  };
}

/** C = A·B for n×n float32 matrices. */
export function matmulContender(n: number, peer = "chainrule", backendName = "wasm"): Contender {
  return contender(peer, backendName, () => {
    const a = tensor(uniform(n * n, 1), { ...f32, shape: [n, n] });
    const b = tensor(uniform(n * n, 2), { ...f32, shape: [n, n] });
    return () => void matmul(a, b);
  });
}

/** The MLP's forward pass and mean cross-entropy from logits and one-hot targets. */
export function mlpLoss(x: Tensor, onehot: Tensor, w: Tensor[], b: Tensor[]): Tensor {
  let h = x;
  for (let l = 0; l < w.length; l++) {
    const z = matmul(h, w[l]!).add(b[l]!);
    h = l + 1 < w.length ? relu(z) : z;
  }
  return logSoftmax(h, -1).mul(onehot).sum(-1).mean().neg();
}

/** One SGD step of the 784-256-256-10 MLP on a batch of 128: forward, backward, update in place. */
export function mlpContender(peer = "chainrule", backendName = "wasm"): Contender {
  return contender(peer, backendName, () => {
    const p = mlpParams();
    const d = mlpBatch();
    const sizes = MLP.sizes;
    const w = p.w.map((data, l) => tensor(data, { ...f32, shape: [sizes[l]!, sizes[l + 1]!], requiresGrad: true }));
    const b = p.b.map((data, l) => tensor(data, { ...f32, shape: [sizes[l + 1]!], requiresGrad: true }));
    const x = tensor(d.x, { ...f32, shape: [MLP.batch, sizes[0]!] });
    const onehot = tensor(d.onehot, { ...f32, shape: [MLP.batch, sizes[sizes.length - 1]!] });
    const params = [...w, ...b];
    return () => {
      const loss = mlpLoss(x, onehot, w, b);
      loss.backward();
      noGrad(() => {
        for (const q of params) {
          const g = q.grad!.data;
          const v = q.data;
          for (let i = 0; i < v.length; i++) v[i] = v[i]! - MLP.lr * g[i]!;
          q.grad = null;
        }
      });
    };
  });
}

/** The worksheet's f = (y − Σᵢ σ(wᵢᵀx + bᵢ))² and its gradients ∂f/∂W, ∂f/∂b, n = d = 16. */
export function seedFContender(peer = "chainrule", backendName = "wasm"): Contender {
  return contender(peer, backendName, () => {
    const { n, d } = SEED_F;
    const W = tensor(uniform(n * d, 11, 0.5), { ...f32, shape: [n, d], requiresGrad: true });
    const b = tensor(uniform(n, 12, 0.1), { ...f32, shape: [n], requiresGrad: true });
    const x = tensor(uniform(d, 13), { ...f32, shape: [d] });
    const y = tensor(1, f32);
    return () => {
      const f = y.sub(sigmoid(matmul(W, x).add(b)).sum()).square();
      f.backward();
      W.grad = null;
      b.grad = null;
    };
  });
}
