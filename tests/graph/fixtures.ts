/** @file The worksheet's f and ℓ, built with gradients, shared by the graph tests. */
import type { Tensor } from "../../src/index.js";
import { seedF, seedFInputs, seedL, seedLInputs } from "../../src/examples/worksheet.js";

/** The worksheet's f (2b) with σ, n = 3, d = 2, W and b needing grad; backward() run unless `run` is false. */
export function worksheetF(run = true): { f: Tensor; W: Tensor; b: Tensor } {
  const inp = seedFInputs(3, 2, { seed: 0 });
  inp.W.requiresGrad = true;
  inp.b.requiresGrad = true;
  const f = seedF(inp, "sigmoid");
  if (run) f.backward();
  return { f, W: inp.W, b: inp.b };
}

/** The worksheet's ℓ (2e) with tanh, d = 3, W₁, W₂, b and x needing grad, after backward(). */
export function worksheetL(): { l: Tensor; W1: Tensor; x: Tensor } {
  const inp = seedLInputs(3, { seed: 0 });
  for (const t of [inp.W1, inp.W2, inp.b, inp.x]) t.requiresGrad = true;
  const l = seedL(inp, "tanh");
  l.backward();
  return { l, W1: inp.W1, x: inp.x };
}
