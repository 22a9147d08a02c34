/** @file Demo sections 2(b)–2(d): the graph of f, its gradients with φ = σ, and gradient descent with optim.SGD. */
import { grad, numericalGrad, optim, tensor, type Tensor } from "../../src/index.js";
import { seedF, seedFInputs, type SeedFInputs } from "../../src/examples/worksheet.js";
import { renderGraphTree } from "../format/graph-tree.js";
import { fmtNum } from "../format/number.js";
import type { Style } from "../format/style.js";
import { seedFClosed, seedFStep, type FArrays } from "./demo-closed-forms.js";
import { compareRow, section, type DemoRow, type DemoSection } from "./demo-types.js";

/** The sizes used for f: n = 3 units, d = 4 features. */
export const F_SIZES = { n: 3, d: 4 } as const;

/** The target y of f (the seeded inputs' y = 1 is almost fitted already; 2.5 leaves room to descend). */
export const F_TARGET = 2.5;

function fInputs(): SeedFInputs {
  const inp = seedFInputs(F_SIZES.n, F_SIZES.d, { seed: 0, dtype: "float64" });
  return { ...inp, y: tensor(F_TARGET, { dtype: "float64", name: "y" }) };
}

function arrays(inp: SeedFInputs): FArrays {
  return { W: inp.W.data, b: inp.b.data, x: inp.x.data, y: inp.y.item(), ...F_SIZES };
}

const fOf =
  (inp: SeedFInputs) =>
  (W: Tensor, b: Tensor, y?: Tensor): Tensor =>
    seedF({ ...inp, W, b, ...(y ? { y } : {}) }, "sigmoid");

/**
 * 2(b): the computation graph of f (as text; the caller may also draw it), its value and ∂f/∂y = 2r from the graph.
 * @example
 * demoGraph().section.graph; // the tree of f
 */
export function demoGraph(style?: Style): { section: DemoSection; root: Tensor } {
  const inp = fInputs();
  inp.W.requiresGrad = true;
  inp.b.requiresGrad = true;
  const root = seedF(inp, "sigmoid");
  const closed = seedFClosed(arrays(inp));
  const f = fOf(inp);
  const dy = (grad((y: Tensor) => f(inp.W, inp.b, y))(inp.y) as Tensor).item();
  const dyNum = numericalGrad((y) => f(inp.W, inp.b, y), [inp.y])[0]!.item();
  const rows: DemoRow[] = [
    compareRow("f(W, b, x, y)", closed.f, root.item(), null),
    compareRow("∂f/∂y = ∂f/∂r · ∂r/∂y = 2r", closed.dy, dy, dyNum),
  ];
  const graph = renderGraphTree(root, { style });
  const s = section(
    "2(b)",
    `the computation graph of f, n = ${F_SIZES.n}, d = ${F_SIZES.d}, φ = σ`,
    ["f(W, x, y) = (y − Σᵢ φ(wᵢᵀx + bᵢ))²:  z = Wx + b → φ(z) → s = Σ → r = y − s → f = r²"],
    rows,
    [],
    { graph },
  );
  return { section: s, root };
}

/**
 * 2(c): ∂f/∂wᵢ and ∂f/∂bᵢ with φ = σ, for every unit i.
 * @example
 * demoSigmoidGradients().rows.length; // 6
 */
export function demoSigmoidGradients(): DemoSection {
  const inp = fInputs();
  const f = fOf(inp);
  const closed = seedFClosed(arrays(inp));
  const [gW, gb] = grad(f, { argnums: [0, 1] })(inp.W, inp.b) as Tensor[];
  const [nW, nb] = numericalGrad(f, [inp.W, inp.b]);
  const { n, d } = F_SIZES;
  const rows: DemoRow[] = [];
  const sub = ["₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"];
  for (let i = 0; i < n; i++) {
    const row = (a: ArrayLike<number>): number[] => Array.from(a).slice(i * d, (i + 1) * d);
    rows.push(compareRow(`∂f/∂w${sub[i]}`, closed.dW.slice(i * d, (i + 1) * d), row(gW!.data), row(nW!.data)));
  }
  for (let i = 0; i < n; i++) rows.push(compareRow(`∂f/∂b${sub[i]}`, closed.db[i]!, gb!.data[i]!, nb!.data[i]!));
  return section(
    "2(c)",
    "∂f/∂wᵢ and ∂f/∂bᵢ with φ = σ",
    ["∂f/∂wᵢ = 2(Σⱼ σ(zⱼ) − y) σ(zᵢ)(1 − σ(zᵢ)) xᵀ", "∂f/∂bᵢ = 2(Σⱼ σ(zⱼ) − y) σ(zᵢ)(1 − σ(zᵢ))"],
    rows,
  );
}

/**
 * 2(d): the worksheet's update against optim.SGD, and f decreasing over a few steps (three ways).
 * @example
 * demoGradientDescent(0.5, 5).ok; // true
 */
export function demoGradientDescent(eta = 0.5, steps = 5): DemoSection {
  const inp = fInputs();
  // the optimizer's run: backprop gradients, optim.SGD steps on its own copies of W and b
  const Wp = fInputs();
  Wp.W.requiresGrad = true;
  Wp.b.requiresGrad = true;
  const opt = new optim.SGD([Wp.W, Wp.b], { lr: eta });
  // the numerical run: plain steps with central-difference gradients
  let numW = inp.W.detach();
  let numB = inp.b.detach();
  let closed = arrays(inp);
  const rows: DemoRow[] = [];
  const fClosed: number[] = [];
  for (let k = 1; k <= steps; k++) {
    opt.zeroGrad();
    seedF(Wp, "sigmoid").backward();
    opt.step();
    const [gW, gb] = numericalGrad((Wt, bt) => seedF({ ...inp, W: Wt, b: bt }, "sigmoid"), [numW, numB]);
    numW = numW.sub(gW!.mul(eta));
    numB = numB.sub(gb!.mul(eta));
    closed = seedFStep(closed, eta);
    if (k === 1) {
      rows.push(compareRow("W⁽¹⁾ after one step", Array.from(closed.W), Wp.W.data, numW.data));
      rows.push(compareRow("b⁽¹⁾ after one step", Array.from(closed.b), Wp.b.data, numB.data));
    }
    const fc = seedFClosed(closed).f;
    fClosed.push(fc);
    const fa = seedF({ ...inp, W: Wp.W.detach(), b: Wp.b.detach() }, "sigmoid").item();
    const fn = seedF({ ...inp, W: numW, b: numB }, "sigmoid").item();
    rows.push(compareRow(`f after step ${k}`, fc, fa, fn));
  }
  const f0 = seedFClosed(arrays(inp)).f;
  const path = [f0, ...fClosed];
  const decreasing = path.every((v, i) => i === 0 || v < path[i - 1]!);
  return section(
    "2(d)",
    `gradient descent on f, η = ${eta}: the worksheet's update vs optim.SGD`,
    ["wᵢ⁽ᵗ⁺¹⁾ = wᵢ⁽ᵗ⁾ − 2η(Σⱼ σ(zⱼ) − y) σ(zᵢ)(1 − σ(zᵢ)) x", "bᵢ⁽ᵗ⁺¹⁾ = bᵢ⁽ᵗ⁾ − 2η(Σⱼ σ(zⱼ) − y) σ(zᵢ)(1 − σ(zᵢ))"],
    rows,
    [{ text: `f decreases at every step: ${path.map((v) => fmtNum(v, 4)).join(" → ")}`, ok: decreasing }],
  );
}
