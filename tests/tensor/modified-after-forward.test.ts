/** @file Backward refuses an operand its graph saved when that operand changed after the forward pass (PyTorch's version-counter rule) instead of silently using the new values. */
import { describe, it, expect } from "vitest";
import { GradientError, nn, optim, tensor, type Tensor } from "../../src/index.js";

const f64 = { dtype: "float64", requiresGrad: true } as const;

/** The error `fn` throws (fails the test when it throws none). */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, none was thrown");
}

/** y = Σ w² at w = 2: backward must give 4 (2w at the forward values), never 10 (2w at w = 5). */
function square(): { w: Tensor; y: Tensor } {
  const w = tensor([2], { ...f64, name: "w" });
  return { w, y: w.mul(w).sum() };
}

describe("backward refuses operands modified after the forward pass", () => {
  it("an assignment to .data between forward and backward throws a GradientError naming the tensor, the op and the fix", () => {
    const { w, y } = square();
    w.data = new Float64Array([5]);
    const err = errorOf(() => y.backward());
    expect(err).toBeInstanceOf(GradientError);
    expect(err.message).toMatch(/"w" \[1\] float64, saved by "mul"/);
    expect(err.message).toMatch(/version 0 → 1/);
    expect(err.message).toMatch(/Call backward\(\) before modifying it/);
    expect(w.grad).toBeNull(); // refused before any gradient was written
  });

  it("a raw write through the .data array between forward and backward throws (content hash)", () => {
    const { w, y } = square();
    w.data[0] = 5;
    expect(errorOf(() => y.backward()).message).toMatch(/saved by "mul".*written through \.data/);
  });

  it("a raw write to any one element of a handed-out array is caught, by the smallest step, at any position", () => {
    const n = 1003; // not a multiple of the hash's four lanes
    for (const i of [0, 1, 2, 3, 500, n - 4, n - 1]) {
      const w = tensor(
        Float32Array.from({ length: n }, (_, k) => Math.sin(k)),
        { requiresGrad: true },
      );
      const view = w.data;
      const y = w.mul(w).sum();
      const bits = new Uint32Array(view.buffer, view.byteOffset, n);
      bits[i]! ^= 1; // one ulp
      expect(() => y.backward(), `element ${i}`).toThrow(GradientError);
    }
  });

  it("a raw write through a .data array handed out before the forward pass throws too", () => {
    const w = tensor([2], { ...f64, name: "w" });
    const view = w.data;
    const y = w.mul(w).sum();
    view[0] = 5;
    expect(() => y.backward()).toThrow(GradientError);
  });

  it("an optimizer step between forward and backward throws", () => {
    for (const make of [(ps: Tensor[]) => new optim.SGD(ps, { lr: 0.1 }), (ps: Tensor[]) => new optim.Adam(ps, { lr: 0.1 })]) {
      const { w, y } = square();
      w.grad = tensor([1], { dtype: "float64" });
      make([w]).step();
      expect(errorOf(() => y.backward()).message).toMatch(/"w" .* saved by "mul" .*optimizer step/);
    }
  });

  it("loadStateDict between forward and backward throws", () => {
    const lin = new nn.Linear(2, 1, { dtype: "float64" });
    const y = lin.forward(tensor([[1, 2]], { dtype: "float64" })).sum();
    lin.loadStateDict(lin.stateDict());
    expect(() => y.backward()).toThrow(GradientError);
  });

  it("reading values, or writing them back unchanged, is not a modification: gradients are exact", () => {
    const { w, y } = square();
    void w.data[0];
    w.toArray();
    w.data[0] = 2;
    y.backward();
    expect(w.grad!.toArray()).toEqual([4]);
  });

  it("changing the operand of an op whose derivative reads no values (add, sum, reshape) is allowed", () => {
    const w = tensor([2, 3], f64);
    const y = w.add(1).reshape([2, 1]).sum();
    w.data = new Float64Array([7, 7]);
    y.backward();
    expect(w.grad!.toArray()).toEqual([1, 1]);
  });

  it("a write through a detached view counts against the original (they share one storage)", () => {
    const { w, y } = square();
    const d = w.detach();
    d.data[0] = 5;
    expect(() => y.backward()).toThrow(GradientError);
  });

  it("a changed output that the derivative reads (exp) throws", () => {
    const x = tensor([0.5], f64);
    const e = x.exp();
    const y = e.sum();
    e.data[0] = 100;
    expect(errorOf(() => y.backward()).message).toMatch(/saved by "exp" \(its output\)/);
  });

  it("after the step, a fresh forward pass runs backward normally", () => {
    const w = tensor([2], f64);
    const opt = new optim.SGD([w], { lr: 0.25 });
    w.mul(w).sum().backward();
    opt.step(); // w = 2 − 0.25·4 = 1
    opt.zeroGrad();
    w.mul(w).sum().backward();
    expect(w.grad!.toArray()).toEqual([2]);
  });
});
