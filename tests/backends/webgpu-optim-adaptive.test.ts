/** @file RMSprop and Adagrad on the webgpu backend (SwiftShader in CI): a few MLP steps give the JS backend's losses and parameters in float32. */
import { afterEach, describe, expect, it } from "vitest";
import { memory, nn, optim, randn, setBackend, Tensor } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";

const reason = await webgpuUnavailable();

/**
 * An MLP trained `steps` steps on `backend`: the losses and final parameters. The JS run goes first, so the
 * webgpu run also checks that constants cached on one backend (the loss's seed 1) are not reused on another.
 */
async function train(
  backend: string,
  steps: number,
  makeOpt: (ps: Tensor[]) => optim.Optimizer,
): Promise<{ losses: number[]; params: Float32Array[] }> {
  await setBackend(backend);
  const net = new nn.MLP([6, 16, 16, 3], { seed: 3, dtype: "float32" });
  const x = randn([8, 6], { seed: 4, dtype: "float32" });
  const y = [0, 1, 2, 1, 0, 2, 2, 1];
  const opt = makeOpt(net.parameters());
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = nn.crossEntropy(net.forward(x), y);
    loss.backward();
    opt.step();
    losses.push((await loss.dataAsync())[0]!);
  }
  return { losses, params: await Promise.all(net.parameters().map(async (p) => (await p.dataAsync()) as Float32Array)) };
}

const makers: [string, (ps: Tensor[]) => optim.Optimizer][] = [
  ["RMSprop", (ps) => new optim.RMSprop(ps, { lr: 0.01 })],
  [
    "RMSprop centered, momentum, weight decay",
    (ps) => new optim.RMSprop(ps, { lr: 0.005, centered: true, momentum: 0.9, weightDecay: 0.01 }),
  ],
  ["RMSprop momentum, maximize", (ps) => new optim.RMSprop(ps, { lr: 0.001, momentum: 0.5, maximize: true })],
  ["Adagrad", (ps) => new optim.Adagrad(ps, { lr: 0.1 })],
  [
    "Adagrad lr decay, weight decay, initial accumulator",
    (ps) => new optim.Adagrad(ps, { lr: 0.1, lrDecay: 0.1, weightDecay: 0.01, initialAccumulatorValue: 0.5 }),
  ],
];

describe.skipIf(reason !== null)(`RMSprop and Adagrad on the webgpu backend${reason ? ` (skipped: ${reason})` : ""}`, () => {
  afterEach(() => setBackend("js"));

  for (const [name, make] of makers) {
    it(`${name}: the same losses and parameters as the JS backend`, async () => {
      const ref = await train("js", 5, make);
      const before = memory().webgpu?.reads ?? 0;
      const gpu = await train("webgpu", 5, make);
      assertClose(gpu.losses, ref.losses, { rtol: 1e-4, atol: 1e-5 }, `${name} losses`);
      gpu.params.forEach((p, i) => assertClose(p, ref.params[i]!, { rtol: 1e-4, atol: 1e-4 }, `${name} parameter ${i}`));
      // one read per step (the loss) and one per parameter at the end: the updates themselves read nothing back
      expect(memory().webgpu!.reads - before).toBe(5 + gpu.params.length);
      if (!name.includes("maximize")) expect(gpu.losses[4]!).toBeLessThan(gpu.losses[0]!);
    });
  }
});
