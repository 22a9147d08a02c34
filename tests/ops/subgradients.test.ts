/** @file The documented derivative at each point where an op is not differentiable (README, Subgradients), and cast's gradient. */
import { describe, expect, it } from "vitest";
import * as cr from "../../src/index.js";
import { grad, tensor, type Tensor } from "../../src/index.js";

const f64 = { dtype: "float64" as const };
/** ∂(Σ f(x))/∂x at the given points. */
const d = (f: (x: Tensor) => Tensor, xs: number[]): number[] => Array.from((grad((x) => f(x).sum())(tensor(xs, f64)) as Tensor).data);
/** Gradients of Σ f(a, b) with respect to both operands. */
const d2 = (f: (a: Tensor, b: Tensor) => Tensor, a: number[], b: number[]): number[][] =>
  (grad((x, y) => f(x, y).sum(), { argnums: [0, 1] })(tensor(a, f64), tensor(b, f64)) as Tensor[]).map((g) => Array.from(g.data));

describe("subgradient conventions", () => {
  it("relu′(0) = 0 by default and 1 with { subgradient: 1 }; 0 and 1 away from the kink", () => {
    expect(d((x) => x.relu(), [-1, 0, 2])).toEqual([0, 0, 1]);
    expect(d((x) => cr.relu(x, { subgradient: 0 }), [0])).toEqual([0]);
    expect(d((x) => cr.relu(x, { subgradient: 1 }), [-1, 0, 2])).toEqual([0, 1, 1]);
  });

  it("the relu subgradient also holds in the differentiable backward pass (createGraph)", () => {
    for (const s of [0, 1] as const) {
      const x = tensor([0, 3], { ...f64, requiresGrad: true });
      cr.relu(x, { subgradient: s }).sum().backward(undefined, { createGraph: true });
      expect(Array.from(x.grad!.data)).toEqual([s, 1]);
    }
  });

  it("abs′(0) = 0", () => {
    expect(d((x) => x.abs(), [-2, 0, 2])).toEqual([-1, 0, 1]);
  });

  it("max/min reductions split the gradient equally among ties", () => {
    expect(d((x) => x.max(), [1, 3, 3])).toEqual([0, 0.5, 0.5]);
    expect(d((x) => x.min(), [2, 2, 2, 5])).toEqual([1 / 3, 1 / 3, 1 / 3, 0]);
    const m = grad((x) => x.max(1).sum())(
      tensor(
        [
          [1, 4, 4, 4],
          [7, 2, 7, 0],
        ],
        f64,
      ),
    ) as Tensor;
    expect(Array.from(m.data)).toEqual([0, 1 / 3, 1 / 3, 1 / 3, 0.5, 0, 0.5, 0]);
    const k = grad((x) => x.min(0, true).sum())(tensor([[5], [5]], f64)) as Tensor;
    expect(Array.from(k.data)).toEqual([0.5, 0.5]);
  });

  it("maximum/minimum give ½ to each operand at a tie, all to the winner otherwise", () => {
    expect(d2((a, b) => a.maximum(b), [1, 3, 5], [2, 3, 4])).toEqual([
      [0, 0.5, 1],
      [1, 0.5, 0],
    ]);
    expect(d2((a, b) => cr.minimum(a, b), [1, 3, 5], [2, 3, 4])).toEqual([
      [1, 0.5, 0],
      [0, 0.5, 1],
    ]);
    // with broadcasting, the ½ shares are summed back to the smaller operand
    expect(d2((a, b) => a.maximum(b), [1, 2, 2], [2])).toEqual([[0, 0.5, 0.5], [2]]);
  });

  it("clamp has gradient 1 on the closed range [lo, hi], edges included, 0 outside", () => {
    expect(d((x) => x.clamp(0, 1), [-0.5, 0, 0.5, 1, 1.5])).toEqual([0, 1, 1, 1, 0]);
    expect(d((x) => cr.clamp(x, 0), [-1, 0, 1])).toEqual([0, 1, 1]);
  });

  it("leakyRelu′(0) = slope; elu′(0) = α", () => {
    expect(d((x) => x.leakyRelu(0.2), [-1, 0, 1])).toEqual([0.2, 0.2, 1]);
    expect(d((x) => x.leakyRelu(), [0])).toEqual([0.01]);
    expect(d((x) => x.elu(), [0])).toEqual([1]);
    expect(d((x) => cr.elu(x, 0.5), [0, 1])).toEqual([0.5, 1]);
  });

  it("pow's gradient w.r.t. the exponent is 0 where the base is ≤ 0", () => {
    const [ga, gb] = d2((a, b) => a.pow(b), [0, -1, 2], [2, 2, 3]);
    expect(ga).toEqual([0, -2, 12]);
    expect(gb).toEqual([0, 0, 8 * Math.log(2)]);
  });

  it("∂(a⁰)/∂a = 0 everywhere, also at a = 0 (no 0·0⁻¹ NaN), in first and second derivatives", () => {
    expect(d((x) => x.pow(0), [0, 2])).toEqual([0, 0]);
    expect(d2((a, b) => a.pow(b), [0, 0], [0, 1])[0]).toEqual([0, 1]);
    const g2 = grad((x) => (grad((y) => y.pow(tensor(0, f64)).sum())(x) as Tensor).sum())(tensor([0, 3], f64)) as Tensor;
    expect(Array.from(g2.data)).toEqual([0, 0]);
  });

  it("comparisons and sign carry no gradient", () => {
    const x = tensor([1, 2], { ...f64, requiresGrad: true });
    for (const y of [x.gt(1), x.eq(2), x.lt(0), x.ge(1), x.le(2), cr.sign(x)]) expect(y.requiresGrad).toBe(false);
  });

  it("cast passes the gradient back converted to the input's dtype", () => {
    const x = tensor([1.5, -2], { ...f64, requiresGrad: true });
    x.cast("float32")
      .mul(tensor([3, 4]))
      .sum()
      .backward();
    expect(x.grad!.dtype).toBe("float64");
    expect(Array.from(x.grad!.data)).toEqual([3, 4]);
    const y = tensor([1, 2], { requiresGrad: true });
    y.cast("float64").square().sum().backward();
    expect(y.grad!.dtype).toBe("float32");
    expect(Array.from(y.grad!.data)).toEqual([2, 4]);
  });
});
