/** @file matmul's view of a vector operand shares the vector's storage, so backward sees a write to the vector made after the forward pass. */
import { describe, it, expect } from "vitest";
import { GradientError, matmul, tensor } from "../../src/index.js";

describe("a vector operand of matmul written after the forward pass", () => {
  it("a raw write through the vector's .data makes backward refuse (its gradient ∂/∂W = g xᵀ reads x)", () => {
    const W = tensor([1, 2, 3, 4], { shape: [2, 2], dtype: "float64", requiresGrad: true });
    const x = tensor([1, 1], { dtype: "float64", name: "x" });
    const y = matmul(W, x).sum();
    x.data[0] = 5;
    expect(() => y.backward()).toThrow(GradientError);
    expect(W.grad).toBeNull();
  });

  it("without a write, the gradient is g xᵀ at the forward values", () => {
    const W = tensor([1, 2, 3, 4], { shape: [2, 2], dtype: "float64", requiresGrad: true });
    const x = tensor([2, 3], { dtype: "float64" });
    matmul(W, x).sum().backward();
    expect(W.grad!.toArray()).toEqual([
      [2, 3],
      [2, 3],
    ]);
  });
});
