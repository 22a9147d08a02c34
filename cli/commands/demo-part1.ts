/** @file Demo sections 1(a)–1(c) and 2(a): the activations' derivatives, ReLU's subgradients, the tanh identity, the multivariable chain rule. */
import { exp, gradcheck, grad, numericalGrad, relu, sigmoid, sin, tanh, tensor, type Tensor } from "../../src/index.js";
import { renderGraphTree } from "../format/graph-tree.js";
import { fmtErr, fmtNum } from "../format/number.js";
import type { Style } from "../format/style.js";
import { reluPrime, sig, sigmoidPrime, tanhPrime } from "./demo-closed-forms.js";
import { compareRow, section, type DemoRow, type DemoSection } from "./demo-types.js";

const f64 = (v: number | number[]): Tensor => tensor(v, { dtype: "float64" });
const label = (x: number): string => `x = ${String(x).replace("-", "−")}`;

/** Elementwise derivative of an elementwise op at every point of `xs`, by autodiff and by central differences. */
function derivatives(op: (t: Tensor) => Tensor, xs: number[]): { autodiff: Float64Array; numeric: Float64Array } {
  const sumOf = (t: Tensor): Tensor => op(t).sum();
  return {
    autodiff: (grad(sumOf)(f64(xs)) as Tensor).data as Float64Array,
    numeric: numericalGrad(sumOf, [f64(xs)])[0]!.data as Float64Array,
  };
}

/**
 * 1(a): σ′(x) = σ(x)(1 − σ(x)).
 * @example
 * demoSigmoid().ok; // true
 */
export function demoSigmoid(): DemoSection {
  const xs = [-3, -1, 0, 0.5, 2];
  const { autodiff, numeric } = derivatives(sigmoid, xs);
  const rows = xs.map((x, i) => compareRow(label(x), sigmoidPrime(x), autodiff[i]!, numeric[i]!));
  return section("1(a)", "σ(x) = 1/(1 + e⁻ˣ)", ["σ′(x) = σ(x)(1 − σ(x))"], rows);
}

/**
 * 1(b): ReLU′ is 1 or 0 away from 0; at 0 each subgradient choice is a valid one-sided derivative.
 * @example
 * demoRelu().rows.length; // 6
 */
export function demoRelu(): DemoSection {
  const xs = [-1.5, 0, 2];
  const rows: DemoRow[] = [];
  const notes: DemoSection["notes"] = [];
  for (const s of [0, 1] as const) {
    const { autodiff, numeric } = derivatives((t) => relu(t, { subgradient: s }), xs);
    xs.forEach((x, i) => {
      const row = compareRow(`${label(x)}, subgradient ${s}`, reluPrime(x, s), autodiff[i]!, numeric[i]!);
      if (x === 0) {
        // at the kink the central difference averages the two sides; check the choice lies between them
        const h = 1e-6;
        const r = (v: number): number => relu(f64(v), { subgradient: s }).item();
        const left = (r(0) - r(-h)) / h;
        const right = (r(h) - r(0)) / h;
        const inSubdifferential = autodiff[i]! >= left && autodiff[i]! <= right && autodiff[i] === s;
        row.agree = row.closedVsAutodiff === 0 && inSubdifferential;
        row.note = `kink: central difference ${fmtNum(numeric[i]!, 6)} averages the left (${left}) and right (${right}) derivatives; ${s} ∈ [${left}, ${right}]`;
      }
      rows.push(row);
    });
  }
  const check = gradcheck((t) => relu(t).sum(), [f64(xs).named("x")]);
  const kinkIdx = check.kinks.map((k) => k.index[0]);
  notes.push({
    text: `gradcheck(relu) ${check.ok ? "passes" : "fails"} and reports x[${kinkIdx.join(", ")}] = 0 as a kink of "relu" instead of a false failure`,
    ok: check.ok && kinkIdx.length === 1 && kinkIdx[0] === 1,
  });
  return section("1(b)", "ReLU(x) = max(x, 0)", ["ReLU′(x) = 1 (x > 0), 0 (x < 0); at 0 a subgradient: 0 or 1"], rows, notes);
}

/**
 * 1(c): tanh′(x) = 4σ′(2x), and the identity tanh(x) = 2σ(2x) − 1 itself.
 * @example
 * demoTanh().notes.length; // 3
 */
export function demoTanh(): DemoSection {
  const xs = [-2, -0.5, 0, 1, 2.5];
  const { autodiff, numeric } = derivatives(tanh, xs);
  const rows = xs.map((x, i) => compareRow(label(x), tanhPrime(x), autodiff[i]!, numeric[i]!));
  const grid = Array.from({ length: 81 }, (_, i) => -4 + i * 0.1);
  const t = f64(grid);
  const viaSigmoid = sigmoid(t.mul(2)).mul(2).sub(1).data;
  const direct = tanh(t).data;
  const idErr = Math.max(...grid.map((_, i) => Math.abs(direct[i]! - viaSigmoid[i]!)));
  const closedErr = Math.max(...grid.map((x) => Math.abs(Math.tanh(x) - (2 * sig(2 * x) - 1))));
  const derivErr = Math.max(...grid.map((x) => Math.abs(1 - Math.tanh(x) ** 2 - tanhPrime(x))));
  const notes = [
    { text: `tanh(x) = 2σ(2x) − 1 on [−4, 4]: chainrule's tanh vs its sigmoid, max |Δ| = ${fmtErr(idErr)}`, ok: idErr < 1e-14 },
    { text: `same identity in plain arithmetic: max |Δ| = ${fmtErr(closedErr)}`, ok: closedErr < 1e-14 },
    { text: `tanh′ = 1 − tanh² = 4σ′(2x) on [−4, 4]: max |Δ| = ${fmtErr(derivErr)}`, ok: derivErr < 1e-14 },
  ];
  return section("1(c)", "tanh(x) = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) = 2σ(2x) − 1", ["tanh′(x) = 4σ′(2x) = 4σ(2x)(1 − σ(2x))"], rows, notes);
}

/**
 * 2(a): df/dw = Σᵢ ∂f/∂xᵢ · dxᵢ/dw for f(x₁, x₂, x₃) = x₁x₂ + sin x₃ with x₁ = w², x₂ = eʷ, x₃ = 3w.
 * @example
 * demoChainRule().graph; // the tree of f(g(w))
 */
export function demoChainRule(style?: Style): DemoSection {
  const w0 = 0.7;
  const gs: ((w: Tensor) => Tensor)[] = [(w) => w.square().named("x₁"), (w) => exp(w).named("x₂"), (w) => w.mul(3).named("x₃")];
  const f = (x1: Tensor, x2: Tensor, x3: Tensor): Tensor => x1.mul(x2).add(sin(x3)).named("f");
  const composite = (w: Tensor): Tensor => f(gs[0]!(w), gs[1]!(w), gs[2]!(w));
  const xs = [w0 * w0, Math.exp(w0), 3 * w0];
  // closed form: ∂f/∂x = (x₂, x₁, cos x₃) and dx/dw = (2w, eʷ, 3)
  const partials = [xs[1]!, xs[0]!, Math.cos(xs[2]!)];
  const dxdw = [2 * w0, Math.exp(w0), 3];
  const inputs = xs.map((v) => f64(v));
  const autoPartials = (grad(f, { argnums: [0, 1, 2] })(...inputs) as Tensor[]).map((t) => t.item());
  const numPartials = numericalGrad(f, inputs).map((t) => t.item());
  const names = ["∂f/∂x₁ · dx₁/dw", "∂f/∂x₂ · dx₂/dw", "∂f/∂x₃ · dx₃/dw"];
  const rows = gs.map((g, i) => {
    const autoD = (grad(g)(f64(w0)) as Tensor).item();
    const numD = numericalGrad(g, [f64(w0)])[0]!.item();
    return compareRow(names[i]!, partials[i]! * dxdw[i]!, autoPartials[i]! * autoD, numPartials[i]! * numD);
  });
  const closedTotal = partials.reduce((s, p, i) => s + p * dxdw[i]!, 0);
  rows.push(
    compareRow(
      "df/dw = Σ of the above",
      closedTotal,
      (grad(composite)(f64(w0)) as Tensor).item(),
      numericalGrad(composite, [f64(w0)])[0]!.item(),
    ),
  );
  const w = tensor(w0, { dtype: "float64", requiresGrad: true, name: "w" });
  const graph = renderGraphTree(composite(w), { style, values: false });
  const sumRow = rows[rows.length - 1]!;
  const termSum = rows.slice(0, 3).reduce((s, r) => s + r.autodiff, 0);
  const notes = [
    {
      text: `the three path products add up to chainrule's df/dw: |Σ − df/dw| = ${fmtErr(Math.abs(termSum - sumRow.autodiff))}`,
      ok: Math.abs(termSum - sumRow.autodiff) < 1e-12,
    },
  ];
  return section(
    "2(a)",
    "chain rule of several variables, at w = 0.7",
    ["df/dw = Σᵢ ∂f/∂xᵢ · ∂xᵢ/dw,   with f = x₁x₂ + sin x₃, x₁ = w², x₂ = eʷ, x₃ = 3w"],
    rows,
    notes,
    { graph },
  );
}
