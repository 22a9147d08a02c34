/** @file Demo sections 2(e), 2(f) and the side note: ℓ's gradients for four Φ, the identity-Φ update vs optim.SGD, and the cost of each method. */
import { gradients, numericalGrad, optim, tensor, type Tensor } from "../../src/index.js";
import { seedL, seedLInputs, type Activation, type SeedLInputs } from "../../src/examples/worksheet.js";
import { fmtMs, fmtErr } from "../format/number.js";
import { seedLClosed, seedLIdentityStep, type LArrays } from "./demo-closed-forms.js";
import { autoBatch, bestTime, complexityInputs, gradW1Backprop, gradW1ForwardDifferences, maxRelDiff } from "./complexity-measure.js";
import { compareRow, section, type DemoRow, type DemoSection } from "./demo-types.js";

/** The size of ℓ in 2(e) and 2(f). */
export const L_SIZE = 4;

function lArrays(inp: SeedLInputs): LArrays {
  return { W1: inp.W1.data, W2: inp.W2.data, b: inp.b.data, x: inp.x.data, y: inp.y.data, d: inp.W1.shape[0]! };
}

const lOf =
  (inp: SeedLInputs, phi: Activation) =>
  (x: Tensor, W1: Tensor, W2: Tensor, b: Tensor): Tensor =>
    seedL({ ...inp, x, W1, W2, b }, phi);

/**
 * 2(e): ∂ℓ/∂x, ∂ℓ/∂W₁, ∂ℓ/∂W₂, ∂ℓ/∂b for Φ ∈ {identity, tanh, σ, ReLU}.
 * @example
 * demoLossGradients().rows.length; // 16
 */
export function demoLossGradients(): DemoSection {
  const inp = seedLInputs(L_SIZE, { seed: 0, dtype: "float64" });
  const rows: DemoRow[] = [];
  const notes: DemoSection["notes"] = [];
  const phis: [Activation, string][] = [
    ["identity", "identity"],
    ["tanh", "tanh"],
    ["sigmoid", "σ"],
    ["relu", "ReLU"],
  ];
  for (const [phi, name] of phis) {
    const closed = seedLClosed(lArrays(inp), phi);
    const args = [inp.x, inp.W1, inp.W2, inp.b].map((t) => tensor(t.data, { shape: t.shape, requiresGrad: true }));
    const auto = gradients(lOf(inp, phi)(...(args as [Tensor, Tensor, Tensor, Tensor])), args);
    const num = numericalGrad(lOf(inp, phi), [inp.x, inp.W1, inp.W2, inp.b]);
    const names = ["∂ℓ/∂x", "∂ℓ/∂W₁", "∂ℓ/∂W₂", "∂ℓ/∂b"];
    const closedGrads = [closed.dx, closed.dW1, closed.dW2, closed.db];
    names.forEach((n, k) => rows.push(compareRow(`Φ = ${name}: ${n}`, closedGrads[k]!, auto[k]!.data, num[k]!.data)));
  }
  const x1 = inp.W1.matmul(inp.x).add(inp.b).data;
  const nearest = Math.min(...Array.from(x1, Math.abs));
  notes.push({
    text: `ReLU: every pre-activation is away from the kink (min |x₁ᵢ| = ${nearest.toFixed(3)}), so the derivative is unambiguous`,
    ok: nearest > 1e-3,
  });
  return section(
    "2(e)",
    `ℓ(x) = ½‖W₂Φ(W₁x + b) − y‖², d = ${L_SIZE}`,
    [
      "x₁ = W₁x + b, x₂ = Φ(x₁), x₃ = W₂x₂, x₄ = x₃ − y, ℓ = ½‖x₄‖²",
      "∂ℓ/∂x₄ = x₄ᵀ, ∂ℓ/∂x₂ = ∂ℓ/∂x₃ W₂, ∂ℓ/∂W₂ = x₂ ∂ℓ/∂x₃, ∂ℓ/∂x₁ = ∂ℓ/∂x₂ ∂Φ/∂x₁",
      "∂ℓ/∂x = ∂ℓ/∂x₁ W₁, ∂ℓ/∂b = ∂ℓ/∂x₁, ∂ℓ/∂W₁ = x ∂ℓ/∂x₁",
    ],
    rows,
    notes,
  );
}

/**
 * 2(f): with Φ = identity, the worksheet's closed-form update of W₁ and W₂ against optim.SGD's step.
 * @example
 * demoIdentityUpdate(0.1).ok; // true
 */
export function demoIdentityUpdate(eta = 0.1): DemoSection {
  const inp = seedLInputs(L_SIZE, { seed: 0, dtype: "float64" });
  const closed = seedLIdentityStep(lArrays(inp), eta);
  const W1 = tensor(inp.W1.data.slice(), { shape: inp.W1.shape, requiresGrad: true });
  const W2 = tensor(inp.W2.data.slice(), { shape: inp.W2.shape, requiresGrad: true });
  const opt = new optim.SGD([W1, W2], { lr: eta });
  opt.zeroGrad();
  seedL({ ...inp, W1, W2 }, "identity").backward();
  opt.step();
  const [n1, n2] = numericalGrad((a, b) => seedL({ ...inp, W1: a, W2: b }, "identity"), [inp.W1, inp.W2]);
  const numW1 = inp.W1.sub(n1!.mul(eta));
  const numW2 = inp.W2.sub(n2!.mul(eta));
  const loss = (a: LArrays): number => seedLClosed(a, "identity").loss;
  const l0 = loss(lArrays(inp));
  const lClosed = loss(closed);
  const rows = [
    compareRow("W₁ after the step", Array.from(closed.W1), W1.data, numW1.data),
    compareRow("W₂ after the step", Array.from(closed.W2), W2.data, numW2.data),
    compareRow(
      "ℓ after the step",
      lClosed,
      seedL({ ...inp, W1: W1.detach(), W2: W2.detach() }, "identity").item(),
      seedL({ ...inp, W1: numW1, W2: numW2 }, "identity").item(),
    ),
  ];
  return section(
    "2(f)",
    `Φ = identity, one step with η = ${eta}: closed form vs optim.SGD`,
    ["W₁ ← W₁ − η W₂ᵀ(W₂(W₁x + b) − y)xᵀ", "W₂ ← W₂ − η (W₂(W₁x + b) − y)(W₁x + b)ᵀ"],
    rows,
    [{ text: `ℓ goes down: ${l0.toFixed(4)} → ${lClosed.toFixed(4)}`, ok: lClosed < l0 }],
  );
}

/**
 * The side note, small: ∂ℓ/∂W₁ by backprop and by forward differences (d² + 1 forward passes), for a few d.
 * @example
 * demoSideNote([8, 16]).table?.rows.length; // 2
 */
export function demoSideNote(ds: readonly number[] = [8, 16, 32]): DemoSection {
  const rows: DemoRow[] = [];
  const timings: string[][] = [];
  for (const d of ds) {
    const inp = complexityInputs(d);
    const closed = seedLClosed(lArrays(inp), "tanh").dW1;
    const analytic = gradW1Backprop(inp);
    const numeric = gradW1ForwardDifferences(inp, autoBatch(d));
    // forward differences are first-order accurate: agreement to ~1e-6 relative, not 1e-9
    rows.push(compareRow(`d = ${d}: ∂ℓ/∂W₁`, closed, analytic, numeric, { exact: 1e-10, numeric: 1e-5 }));
    const tNum = bestTime(() => gradW1ForwardDifferences(inp, autoBatch(d)), 30);
    const tAn = bestTime(() => gradW1Backprop(inp), 10, 5);
    timings.push([
      String(d),
      String(d * d + 1),
      fmtMs(tNum),
      fmtMs(tAn),
      `${Math.round(tNum / tAn)}×`,
      fmtErr(maxRelDiff(analytic, numeric)),
    ]);
  }
  return section(
    "side note",
    "∂ℓ/∂W₁ numerically costs O(d⁴), analytically O(d²)  (Φ = tanh)",
    ["numeric here: forward differences ∂ℓ/∂Wᵢⱼ ≈ (ℓ(Wᵢⱼ + ε, ·) − ℓ(Wᵢⱼ, ·))/ε, d² + 1 forward passes of O(d²) each"],
    rows,
    [{ text: "the full experiment (d up to 128, fitted slopes, a chart): chainrule complexity" }],
    { table: { headers: ["d", "forward passes", "forward differences", "backprop", "ratio", "max rel diff"], rows: timings } },
  );
}
