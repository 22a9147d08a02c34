/** @file @jax-js/jax's side of each workload (wasm device, with and without jit); arrays are consumed per its ownership rules. */
import { grad, init, jit, lax, nn, numpy as np, tree } from "@jax-js/jax";
import { CONV, MLP, SEED_F, mlpBatch, mlpParams, uniform } from "../data.js";
import type { Contender, Step } from "../harness.js";

type JArray = np.Array;
type Params = { w: JArray[]; b: JArray[] };

let ready: Promise<unknown> | null = null;
function setupJax(): Promise<unknown> {
  ready ??= init("wasm");
  return ready;
}

function arr(data: Float32Array, shape: number[]): JArray {
  return np.array(data).reshape(shape);
}

/**
 * A jax-js contender: initialises the wasm device, then builds the step.
 * @example
 * contender("jax-js", () => async () => void (await np.zeros([2]).data()));
 */
export function contender(peer: string, setup: () => Step): Contender {
  return {
    peer,
    setup: async () => {
      await setupJax();
      return setup();
    },
  };
}

/** C = A·B for n×n float32 matrices, read back to JS. */
export function matmulContenders(n: number): Contender[] {
  const make = (useJit: boolean) => () => {
    const a = arr(uniform(n * n, 1), [n, n]);
    const b = arr(uniform(n * n, 2), [n, n]);
    const f = useJit ? jit((x: JArray, y: JArray) => np.matmul(x, y)) : (x: JArray, y: JArray) => np.matmul(x, y);
    return async () => void (await f(a.ref, b.ref).data());
  };
  return [contender("jax-js", make(false)), contender("jax-js-jit", make(true))];
}

function mlpLoss(p: Params, x: JArray, y: JArray): JArray {
  let h = x;
  for (let l = 0; l < p.w.length; l++) {
    const z = np.matmul(h, p.w[l]!).add(p.b[l]!);
    h = l + 1 < p.w.length ? nn.relu(z) : z;
  }
  return nn.logSoftmax(h, -1).mul(y).sum(-1).mean().neg();
}

function sgdStep(p: Params, x: JArray, y: JArray): Params {
  const g = grad(mlpLoss)(tree.ref(p), x, y) as Params;
  return tree.map((v: JArray, gv: JArray) => v.sub(gv.mul(MLP.lr)), p, g) as Params;
}

/** One SGD step of the 784-256-256-10 MLP (batch 128), waiting until the new parameters exist. */
export function mlpContenders(): Contender[] {
  const make = (useJit: boolean) => () => {
    const init0 = mlpParams();
    const d = mlpBatch();
    const s = MLP.sizes;
    let p: Params = {
      w: init0.w.map((w, l) => arr(w, [s[l]!, s[l + 1]!])),
      b: init0.b.map((b, l) => arr(b, [s[l + 1]!])),
    };
    const x = arr(d.x, [MLP.batch, s[0]!]);
    const y = arr(d.onehot, [MLP.batch, s[s.length - 1]!]);
    const step = useJit ? (jit(sgdStep) as typeof sgdStep) : sgdStep;
    return async () => {
      p = step(p, x.ref, y.ref);
      await p.w[0]!.ref.data();
    };
  };
  return [contender("jax-js", make(false)), contender("jax-js-jit", make(true))];
}

function seedF(W: JArray, b: JArray, x: JArray, y: JArray): JArray {
  return np.square(y.sub(nn.sigmoid(np.matmul(W, x).add(b)).sum()));
}

/** The worksheet's f at n = d = 16: ∂f/∂W and ∂f/∂b, read back. */
export function seedFContenders(): Contender[] {
  const make = (useJit: boolean) => () => {
    const { n, d } = SEED_F;
    const W = arr(uniform(n * d, 11, 0.5), [n, d]);
    const b = arr(uniform(n, 12, 0.1), [n]);
    const x = arr(uniform(d, 13), [d]);
    const y = np.array(new Float32Array([1])).reshape([]);
    const g0 = grad(seedF, { argnums: [0, 1] }) as (...a: JArray[]) => [JArray, JArray];
    const g = useJit ? (jit(g0) as typeof g0) : g0;
    return async () => {
      const [gW, gb] = g(W.ref, b.ref, x.ref, y.ref);
      await gW.data();
      await gb.data();
    };
  };
  return [contender("jax-js", make(false)), contender("jax-js-jit", make(true))];
}

function convSum(x: JArray, w: JArray, b: JArray): JArray {
  const p = CONV.pad;
  return lax
    .conv(
      x,
      w,
      [1, 1],
      [
        [p, p],
        [p, p],
      ],
    )
    .add(b.reshape([CONV.outC, 1, 1]))
    .sum();
}

/** conv2d forward and backward, NCHW like chainrule (lax.conv): ∂/∂x, ∂/∂W, ∂/∂b of Σ, read back. */
export function conv2dContenders(): Contender[] {
  const make = (useJit: boolean) => () => {
    const { batch, inC, outC, size, k } = CONV;
    const x = arr(uniform(batch * inC * size * size, 21), [batch, inC, size, size]);
    const w = arr(uniform(outC * inC * k * k, 22, 0.3), [outC, inC, k, k]);
    const b = arr(uniform(outC, 23, 0.1), [outC]);
    const g0 = grad(convSum, { argnums: [0, 1, 2] }) as (...a: JArray[]) => [JArray, JArray, JArray];
    const g = useJit ? (jit(g0) as typeof g0) : g0;
    return async () => {
      const gs = g(x.ref, w.ref, b.ref);
      for (const t of gs) await t.data();
    };
  };
  return [contender("jax-js", make(false)), contender("jax-js-jit", make(true))];
}
