/** @file chainrule's side of each workload, through the public API only. */
import { conv2d, gradients, matmul, nn, optim, setBackend, sigmoid, tensor } from "../../src/index.js";
import { CONV, MLP, SEED_F, mlpBatch, uniform } from "../data.js";
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

/**
 * conv2d forward and backward, NCHW: x [32, 3, 32, 32], W [16, 3, 3, 3], b [16], padding 1;
 * the gradients of Σ conv2d(x, W) + b w.r.t. x, W and b.
 */
export function conv2dContender(peer = "chainrule", backendName = "wasm"): Contender {
  return contender(peer, backendName, () => {
    const { batch, inC, outC, size, k, pad } = CONV;
    const x = tensor(uniform(batch * inC * size * size, 21), { ...f32, shape: [batch, inC, size, size], requiresGrad: true });
    const w = tensor(uniform(outC * inC * k * k, 22, 0.3), { ...f32, shape: [outC, inC, k, k], requiresGrad: true });
    const b = tensor(uniform(outC, 23, 0.1), { ...f32, shape: [outC], requiresGrad: true });
    return () => void gradients(conv2d(x, w, b, { padding: pad }).sum(), [x, w, b]);
  });
}
