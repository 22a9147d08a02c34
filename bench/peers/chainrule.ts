/** @file chainrule's side of each workload, through the public API only. */
import { matmul, nn, optim, setBackend, sigmoid, tensor } from "../../src/index.js";
import { MLP, SEED_F, mlpBatch, uniform } from "../data.js";
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

/**
 * One SGD step of the 784-256-256-10 MLP on a batch of 128 through the public training API
 * (nn.MLP, nn.crossEntropy, optim.SGD): zero the gradients, forward, backward, update.
 */
export function mlpContender(peer = "chainrule", backendName = "wasm"): Contender {
  return contender(peer, backendName, () => {
    const d = mlpBatch();
    const sizes = [...MLP.sizes];
    const model = new nn.MLP(sizes, { seed: 0 });
    const opt = new optim.SGD(model.parameters(), { lr: MLP.lr });
    const x = tensor(d.x, { ...f32, shape: [MLP.batch, sizes[0]!] });
    return () => {
      opt.zeroGrad();
      nn.crossEntropy(model.forward(x), d.labels).backward();
      opt.step();
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
