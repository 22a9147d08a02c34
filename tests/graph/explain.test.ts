/** @file explain(): the worksheet's forward and backward equations for f and ℓ, as text and LaTeX (pinned), and their numbers. */
import { describe, expect, it } from "vitest";
import { explain, tensor } from "../../src/index.js";
import { worksheetF, worksheetL } from "./fixtures.js";

describe("explain", () => {
  it("writes f like the worksheet's solution to 2(c)", () => {
    const { f } = worksheetF();
    expect(explain(f).text).toMatchInlineSnapshot(`
      "Inputs: y [], W [3, 2] (needs grad), x [2], b [3] (needs grad)

      Forward pass:
        z = W·x + b  → [-0.08936, 0.2557, -0.6411]
        σ(z)         → [0.4777, 0.5636, 0.345]
        s = Σ σ(z)   → 1.386
        r = y − s    → -0.3862
        f = r²       → 0.1492

      Local derivatives:
        ∂f/∂r = 2r
        ∂r/∂s = −1
        ∂s/∂σ = 1
        ∂σ/∂z = σ(z)(1−σ(z))
        ∂z/∂W = xᵀ
        ∂z/∂b = 1

      Backward pass (chain rule, values from the last backward()):
        ∂f/∂r = 2r                                   → -0.7725
        ∂f/∂s = ∂f/∂r · ∂r/∂s = −2r                  → 0.7725
        ∂f/∂σ = ∂f/∂s · ∂s/∂σ = −2r                  → [0.7725, 0.7725, 0.7725]
        ∂f/∂z = ∂f/∂σ · ∂σ/∂z = −2r·σ(z)(1−σ(z))     → [0.1927, 0.19, 0.1746]
        ∂f/∂b = ∂f/∂z · ∂z/∂b = −2r·σ(z)(1−σ(z))     → [0.1927, 0.19, 0.1746]
        ∂f/∂W = ∂f/∂z · ∂z/∂W = −2r·σ(z)(1−σ(z))·xᵀ  → [[-0.002506, -0.2307], [-0.00247, -0.2274], [-0.002269, -0.2089]]"
    `);
  });

  it("writes f's equations as LaTeX", () => {
    const { f } = worksheetF();
    expect(explain(f).latex).toMatchInlineSnapshot(`
      "% Forward pass
      \\begin{aligned}
      \\mathbf{z} &= \\mathbf{W} \\, \\mathbf{x} + \\mathbf{b} \\\\
      s &= \\sum \\sigma(\\mathbf{z}) \\\\
      r &= y - s \\\\
      f &= {r}^{2}
      \\end{aligned}
      % Local derivatives
      \\begin{aligned}
      \\frac{\\partial f}{\\partial r} &= 2r \\\\
      \\frac{\\partial r}{\\partial s} &= -1 \\\\
      \\frac{\\partial s}{\\partial \\sigma} &= 1 \\\\
      \\frac{\\partial \\sigma}{\\partial \\mathbf{z}} &= \\sigma(\\mathbf{z})(1 - \\sigma(\\mathbf{z})) \\\\
      \\frac{\\partial \\mathbf{z}}{\\partial \\mathbf{W}} &= {\\mathbf{x}}^\\top \\\\
      \\frac{\\partial \\mathbf{z}}{\\partial \\mathbf{b}} &= 1
      \\end{aligned}
      % Backward pass
      \\begin{aligned}
      \\frac{\\partial f}{\\partial r} &= 2r \\approx -0.7725 \\\\
      \\frac{\\partial f}{\\partial s} &= \\frac{\\partial f}{\\partial r} \\cdot \\frac{\\partial r}{\\partial s} = -2r \\approx 0.7725 \\\\
      \\frac{\\partial f}{\\partial \\sigma} &= \\frac{\\partial f}{\\partial s} \\cdot \\frac{\\partial s}{\\partial \\sigma} = -2r \\approx \\begin{bmatrix}0.7725 & 0.7725 & 0.7725\\end{bmatrix} \\\\
      \\frac{\\partial f}{\\partial \\mathbf{z}} &= \\frac{\\partial f}{\\partial \\sigma} \\cdot \\frac{\\partial \\sigma}{\\partial \\mathbf{z}} = -2r \\cdot \\sigma(\\mathbf{z})(1 - \\sigma(\\mathbf{z})) \\approx \\begin{bmatrix}0.1927 & 0.19 & 0.1746\\end{bmatrix} \\\\
      \\frac{\\partial f}{\\partial \\mathbf{b}} &= \\frac{\\partial f}{\\partial \\mathbf{z}} \\cdot \\frac{\\partial \\mathbf{z}}{\\partial \\mathbf{b}} = -2r \\cdot \\sigma(\\mathbf{z})(1 - \\sigma(\\mathbf{z})) \\approx \\begin{bmatrix}0.1927 & 0.19 & 0.1746\\end{bmatrix} \\\\
      \\frac{\\partial f}{\\partial \\mathbf{W}} &= \\frac{\\partial f}{\\partial \\mathbf{z}} \\cdot \\frac{\\partial \\mathbf{z}}{\\partial \\mathbf{W}} = -2r \\cdot \\sigma(\\mathbf{z})(1 - \\sigma(\\mathbf{z})) \\cdot {\\mathbf{x}}^\\top \\approx \\begin{bmatrix}-0.002506 & -0.2307 \\\\ -0.00247 & -0.2274 \\\\ -0.002269 & -0.2089\\end{bmatrix}
      \\end{aligned}"
    `);
  });

  it("writes ℓ like the worksheet's solution to 2(e)", () => {
    const { l } = worksheetL();
    expect(explain(l).text).toMatchInlineSnapshot(`
      "Inputs: W₂ [3, 3] (needs grad), W₁ [3, 3] (needs grad), x [3] (needs grad), b [3] (needs grad), y [3]

      Forward pass:
        x₁ = W₁·x + b  → [0.6207, 0.01625, 0.1999]
        x₂ = tanh(x₁)  → [0.5516, 0.01625, 0.1972]
        x₃ = W₂·x₂     → [0.1693, 0.2949, -0.005685]
        x₄ = x₃ − y    → [-1.225, 1.673, 0.1802]
        ℓ = 0.5·Σ x₄²  → 2.166

      Local derivatives:
        ∂ℓ/∂x₄ = x₄
        ∂x₄/∂x₃ = 1
        ∂x₃/∂W₂ = x₂ᵀ
        ∂x₃/∂x₂ = W₂ᵀ
        ∂x₂/∂x₁ = 1 − tanh(x₁)²
        ∂x₁/∂W₁ = xᵀ
        ∂x₁/∂x = W₁ᵀ
        ∂x₁/∂b = 1

      Backward pass (chain rule, values from the last backward()):
        ∂ℓ/∂x₄ = x₄                                             → [-1.225, 1.673, 0.1802]
        ∂ℓ/∂x₃ = ∂ℓ/∂x₄ · ∂x₄/∂x₃ = x₄                          → [-1.225, 1.673, 0.1802]
        ∂ℓ/∂x₂ = ∂ℓ/∂x₃ · ∂x₃/∂x₂ = W₂ᵀ·x₄                      → [0.3575, -0.8412, 0.5137]
        ∂ℓ/∂x₁ = ∂ℓ/∂x₂ · ∂x₂/∂x₁ = (W₂ᵀ·x₄)(1 − tanh(x₁)²)     → [0.2487, -0.841, 0.4937]
        ∂ℓ/∂b = ∂ℓ/∂x₁ · ∂x₁/∂b = (W₂ᵀ·x₄)(1 − tanh(x₁)²)       → [0.2487, -0.841, 0.4937]
        ∂ℓ/∂x = ∂ℓ/∂x₁ · ∂x₁/∂x = W₁ᵀ((W₂ᵀ·x₄)(1 − tanh(x₁)²))  → [-0.2975, 0.4836, -0.5321]
        ∂ℓ/∂W₁ = ∂ℓ/∂x₁ · ∂x₁/∂W₁ = (W₂ᵀ·x₄)(1 − tanh(x₁)²)·xᵀ  → [[-0.1499, 0.1353, 0.1539], [0.5069, -0.4577, -0.5204], [-0.2976, 0.2687, 0.3055]]
        ∂ℓ/∂W₂ = ∂ℓ/∂x₃ · ∂x₃/∂W₂ = x₄·x₂ᵀ                      → [[-0.6759, -0.01991, -0.2417], [0.9228, 0.02718, 0.33], [0.09938, 0.002928, 0.03554]]"
    `);
  });

  it("writes ℓ's equations as LaTeX", () => {
    const { l } = worksheetL();
    expect(explain(l).latex).toMatchInlineSnapshot(`
      "% Forward pass
      \\begin{aligned}
      \\mathbf{x}_{1} &= \\mathbf{W}_{1} \\, \\mathbf{x} + \\mathbf{b} \\\\
      \\mathbf{x}_{2} &= \\tanh(\\mathbf{x}_{1}) \\\\
      \\mathbf{x}_{3} &= \\mathbf{W}_{2} \\, \\mathbf{x}_{2} \\\\
      \\mathbf{x}_{4} &= \\mathbf{x}_{3} - \\mathbf{y} \\\\
      \\ell &= 0.5 \\cdot \\sum {\\mathbf{x}_{4}}^{2}
      \\end{aligned}
      % Local derivatives
      \\begin{aligned}
      \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{4}} &= \\mathbf{x}_{4} \\\\
      \\frac{\\partial \\mathbf{x}_{4}}{\\partial \\mathbf{x}_{3}} &= 1 \\\\
      \\frac{\\partial \\mathbf{x}_{3}}{\\partial \\mathbf{W}_{2}} &= {\\mathbf{x}_{2}}^\\top \\\\
      \\frac{\\partial \\mathbf{x}_{3}}{\\partial \\mathbf{x}_{2}} &= {\\mathbf{W}_{2}}^\\top \\\\
      \\frac{\\partial \\mathbf{x}_{2}}{\\partial \\mathbf{x}_{1}} &= 1 - {\\tanh(\\mathbf{x}_{1})}^{2} \\\\
      \\frac{\\partial \\mathbf{x}_{1}}{\\partial \\mathbf{W}_{1}} &= {\\mathbf{x}}^\\top \\\\
      \\frac{\\partial \\mathbf{x}_{1}}{\\partial \\mathbf{x}} &= {\\mathbf{W}_{1}}^\\top \\\\
      \\frac{\\partial \\mathbf{x}_{1}}{\\partial \\mathbf{b}} &= 1
      \\end{aligned}
      % Backward pass
      \\begin{aligned}
      \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{4}} &= \\mathbf{x}_{4} \\approx \\begin{bmatrix}-1.225 & 1.673 & 0.1802\\end{bmatrix} \\\\
      \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{3}} &= \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{4}} \\cdot \\frac{\\partial \\mathbf{x}_{4}}{\\partial \\mathbf{x}_{3}} = \\mathbf{x}_{4} \\approx \\begin{bmatrix}-1.225 & 1.673 & 0.1802\\end{bmatrix} \\\\
      \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{2}} &= \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{3}} \\cdot \\frac{\\partial \\mathbf{x}_{3}}{\\partial \\mathbf{x}_{2}} = {\\mathbf{W}_{2}}^\\top \\cdot \\mathbf{x}_{4} \\approx \\begin{bmatrix}0.3575 & -0.8412 & 0.5137\\end{bmatrix} \\\\
      \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{1}} &= \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{2}} \\cdot \\frac{\\partial \\mathbf{x}_{2}}{\\partial \\mathbf{x}_{1}} = ({\\mathbf{W}_{2}}^\\top \\cdot \\mathbf{x}_{4})(1 - {\\tanh(\\mathbf{x}_{1})}^{2}) \\approx \\begin{bmatrix}0.2487 & -0.841 & 0.4937\\end{bmatrix} \\\\
      \\frac{\\partial \\ell}{\\partial \\mathbf{b}} &= \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{1}} \\cdot \\frac{\\partial \\mathbf{x}_{1}}{\\partial \\mathbf{b}} = ({\\mathbf{W}_{2}}^\\top \\cdot \\mathbf{x}_{4})(1 - {\\tanh(\\mathbf{x}_{1})}^{2}) \\approx \\begin{bmatrix}0.2487 & -0.841 & 0.4937\\end{bmatrix} \\\\
      \\frac{\\partial \\ell}{\\partial \\mathbf{x}} &= \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{1}} \\cdot \\frac{\\partial \\mathbf{x}_{1}}{\\partial \\mathbf{x}} = {\\mathbf{W}_{1}}^\\top(({\\mathbf{W}_{2}}^\\top \\cdot \\mathbf{x}_{4})(1 - {\\tanh(\\mathbf{x}_{1})}^{2})) \\approx \\begin{bmatrix}-0.2975 & 0.4836 & -0.5321\\end{bmatrix} \\\\
      \\frac{\\partial \\ell}{\\partial \\mathbf{W}_{1}} &= \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{1}} \\cdot \\frac{\\partial \\mathbf{x}_{1}}{\\partial \\mathbf{W}_{1}} = ({\\mathbf{W}_{2}}^\\top \\cdot \\mathbf{x}_{4})(1 - {\\tanh(\\mathbf{x}_{1})}^{2}) \\cdot {\\mathbf{x}}^\\top \\approx \\begin{bmatrix}-0.1499 & 0.1353 & 0.1539 \\\\ 0.5069 & -0.4577 & -0.5204 \\\\ -0.2976 & 0.2687 & 0.3055\\end{bmatrix} \\\\
      \\frac{\\partial \\ell}{\\partial \\mathbf{W}_{2}} &= \\frac{\\partial \\ell}{\\partial \\mathbf{x}_{3}} \\cdot \\frac{\\partial \\mathbf{x}_{3}}{\\partial \\mathbf{W}_{2}} = \\mathbf{x}_{4} \\cdot {\\mathbf{x}_{2}}^\\top \\approx \\begin{bmatrix}-0.6759 & -0.01991 & -0.2417 \\\\ 0.9228 & 0.02718 & 0.33 \\\\ 0.09938 & 0.002928 & 0.03554\\end{bmatrix}
      \\end{aligned}"
    `);
  });

  it("shows the stored gradients as the values of the backward lines", () => {
    const { f, W, b } = worksheetF();
    const ex = explain(f);
    const line = (sym: string) => ex.backward.find((l) => l.text.startsWith(`∂f/∂${sym} =`))!;
    expect(line("W").text).toContain("∂f/∂z · ∂z/∂W = −2r·σ(z)(1−σ(z))·xᵀ");
    expect(line("W").value).toBe(String(W.grad).match(/tensor\((.*), shape/)![1]);
    expect(line("b").value).toBe(String(b.grad).match(/tensor\((.*), shape/)![1]);
  });

  it("says where values will come from before backward() and works with unnamed tensors", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const out = a.mul(a).sum();
    const ex = explain(out);
    expect(ex.forward.map((l) => l.text)).toEqual(["out = Σ (θ₁ ⊙ θ₁)"]);
    expect(ex.local.map((l) => l.text)).toEqual(["∂out/∂θ₁ = θ₁ + θ₁"]);
    expect(ex.text).toContain("call backward() for values");
    expect(ex.backward[0]!.value).toBeNull();
    expect(String(ex)).toBe(ex.text);
  });
});
