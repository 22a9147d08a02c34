/** @file A matrix times a vector is one graph node whose inputs are the operands as given (no reshape nodes around it). */
import { describe, expect, it } from "vitest";
import { gradcheck, gradgradcheck, matmul, randn, tensor, type Tensor } from "../../src/index.js";

/** The ops of the graph below `t`, each node once, root first. */
function opsOf(t: Tensor): string[] {
  const seen = new Set<Tensor>();
  const ops: string[] = [];
  const visit = (x: Tensor): void => {
    if (seen.has(x) || !x.node) return;
    seen.add(x);
    ops.push(x.node.op);
    for (const i of x.node.inputs) visit(i);
  };
  visit(t);
  return ops;
}

describe("matrix–vector products record one node", () => {
  it("W·x and xᵀ·W keep the vector as the node's input and give a vector", () => {
    const W = randn([3, 4], { requiresGrad: true, seed: 1, dtype: "float64" });
    const x = randn([4], { requiresGrad: true, seed: 2, dtype: "float64" });
    const y = matmul(W, x);
    expect(y.shape).toEqual([3]);
    expect(y.node!.op).toBe("matmul");
    expect(y.node!.inputs[0]).toBe(W);
    expect(y.node!.inputs[1]).toBe(x);
    const u = randn([3], { requiresGrad: true, seed: 3, dtype: "float64" });
    const z = matmul(u, W);
    expect(z.shape).toEqual([4]);
    expect(z.node!.inputs[0]).toBe(u);
    expect(opsOf(matmul(W, x).sigmoid().sum())).toEqual(["sum", "sigmoid", "matmul"]);
  });

  it("gives the gradients of W·x, xᵀ·W and their transposed forms, first and second order", () => {
    const W = randn([3, 4], { requiresGrad: true, seed: 4, dtype: "float64" });
    const Wt = randn([4, 3], { requiresGrad: true, seed: 5, dtype: "float64" });
    const x = randn([4], { requiresGrad: true, seed: 6, dtype: "float64" });
    const u = randn([3], { requiresGrad: true, seed: 7, dtype: "float64" });
    const cases: [(a: Tensor, b: Tensor) => Tensor, Tensor, Tensor][] = [
      [(a, b) => matmul(a, b).tanh().sum(), W, x],
      [(a, b) => matmul(a, b, { transA: true }).tanh().sum(), Wt, x],
      [(a, b) => matmul(a, b).tanh().sum(), u, W],
      [(a, b) => matmul(a, b, { transB: true }).tanh().sum(), u, Wt],
    ];
    for (const [f, a, b] of cases) {
      expect(gradcheck(f, [a, b]).ok).toBe(true);
      expect(gradgradcheck(f, [a, b]).ok).toBe(true);
    }
  });

  it("the gradient of W in W·x is the outer product g xᵀ", () => {
    const W = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    const x = tensor([10, 20]);
    matmul(W, x)
      .mul(tensor([1, -1, 2]))
      .sum()
      .backward();
    expect(W.grad!.toArray()).toEqual([
      [10, 20],
      [-10, -20],
      [20, 40],
    ]);
    expect(x.grad).toBeNull();
  });

  it("names the sizes when the vector does not fit", () => {
    const W = randn([3, 4]);
    expect(() => matmul(W, randn([3]))).toThrow(/inner sizes differ: .*\[3, 4\].* has 4 columns but .*\[3\].* has 3 rows/);
  });
});
