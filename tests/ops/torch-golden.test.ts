/**
 * @file Golden values from PyTorch (float64): random op programs (scripts/gen-torch-fixtures.py) are
 * interpreted with chainrule; every intermediate value, the gradient w.r.t. every input and a
 * Hessian-vector product must agree to ~1e-9.
 *
 * Where chainrule's conventions differ from PyTorch's, the generator keeps every value at least 1e-3
 * from the point in question, so the programs never touch it. Our choices (see README, Subgradients):
 * - relu′(0) = 0 (PyTorch: 0; ours can be 1 with `{ subgradient: 1 }`), abs′(0) = 0 (PyTorch: 0).
 * - max/min reductions split the gradient equally among tied entries (PyTorch's amax does too, but
 *   torch.max(x, dim) gives it all to one index).
 * - maximum/minimum give ½ to each operand at a tie (PyTorch 1.13: the same).
 * - clamp passes gradient 1 at x = lo and x = hi (PyTorch: the same); leakyRelu′(0) = slope; elu′(0) = α.
 * - pow's gradient w.r.t. the exponent is 0 where the base is ≤ 0 (PyTorch: 0 at a base of 0, NaN below).
 * - softplus is log(1 + eˣ) everywhere (PyTorch returns x itself above its threshold of 20).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { gradients, tensor } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";
import { runGoldenProgram, type GoldenProgram } from "../helpers/golden-program.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/torch-golden.json", import.meta.url), "utf8")) as {
  torch: string;
  programs: GoldenProgram[];
};

/** Relative 1e-9, with an absolute floor scaled to the largest magnitude involved. */
function tol(values: number[]): { rtol: number; atol: number } {
  const scale = values.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  return { rtol: 1e-9, atol: 1e-12 * scale };
}

describe(`PyTorch ${fixture.torch} golden programs`, () => {
  it("has a few dozen programs using every op of the table", () => {
    expect(fixture.programs.length).toBeGreaterThanOrEqual(30);
    const ops = new Set(fixture.programs.flatMap((p) => p.ops.map((o) => o.op)));
    expect(ops.size).toBeGreaterThanOrEqual(45);
  });

  for (const p of fixture.programs) {
    it(`${p.name}: ${p.ops.length} ops (${[...new Set(p.ops.map((o) => o.op))].join(" ")})`, () => {
      const { inputs, values } = runGoldenProgram(p);
      for (const [name, want] of Object.entries(p.values)) {
        const got = values.get(name)!;
        expect(got.shape, `${p.name}: shape of ${name}`).toEqual(want.shape);
        assertClose(got.data, want.data, tol(want.data), `${p.name}: value of ${name} (${p.ops.find((o) => o.out === name)!.op})`);
      }
      const out = values.get(p.output)!;
      const grads = gradients(out, inputs);
      inputs.forEach((x, i) => assertClose(grads[i]!.data, p.grads[x.name!]!, tol(p.grads[x.name!]!), `${p.name}: ∂out/∂${x.name}`));

      // Hessian-vector product: ∂/∂x Σⱼ ⟨∂out/∂xⱼ, rⱼ⟩, through the differentiable backward pass
      const g2 = gradients(out, inputs, undefined, { createGraph: true });
      const dirs = inputs.map((x) => tensor(Float64Array.from(p.hvpDirection[x.name!]!), { shape: x.shape }));
      const psi = g2.map((g, i) => g.mul(dirs[i]!).sum()).reduce((a, b) => a.add(b));
      const hv = psi.requiresGrad ? gradients(psi, inputs) : inputs.map((x) => x.detach().mul(0));
      inputs.forEach((x, i) => assertClose(hv[i]!.data, p.hvp[x.name!]!, tol(p.hvp[x.name!]!), `${p.name}: Hessian·r w.r.t. ${x.name}`));
    });
  }
});
