/** @file cumsum, tril/triu, argmax/argmin and topk in closed form: known values, ties, offsets, negative axes, gradients, pictures and errors. */
import { describe, expect, it } from "vitest";
import {
  argmax,
  argmin,
  captureGraph,
  checkRules,
  cumsum,
  DTypeError,
  explain,
  full,
  grad,
  ones,
  randn,
  ShapeError,
  tensor,
  topk,
  tril,
  triu,
  ValueError,
  type Tensor,
} from "../../src/index.js";

const values = (t: Tensor): number[] => Array.from(t.data);

describe("cumsum", () => {
  it("of ones counts 1, 2, 3, … along the axis, for positive and negative axes", () => {
    expect(cumsum(ones([4]), 0).toArray()).toEqual([1, 2, 3, 4]);
    expect(cumsum(ones([2, 3]), 1).toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(cumsum(ones([2, 3]), -2).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(ones([2, 3, 2]).cumsum(1).toArray()).toEqual([
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    ]);
    expect(cumsum(tensor(5), 0).item()).toBe(5);
    expect(cumsum(ones([0, 3]), 1).shape).toEqual([0, 3]);
  });

  it("sums in float64 and rounds once per element, so float32 keeps small steps after a large value", () => {
    // naive float32 running sums would stay at 2²⁴ forever (2²⁴ + 1 rounds back down)
    expect(values(cumsum(tensor([16777216, 1, 1, 1, 1]), 0))).toEqual([16777216, 16777216, 16777218, 16777220, 16777220]);
  });

  it("has gradient n, n−1, …, 1 for a plain sum (the reverse cumulative sum of ones), and a second derivative", () => {
    const x = tensor([1, 2, 3, 4], { dtype: "float64", requiresGrad: true });
    cumsum(x, 0).sum().backward();
    expect(x.grad!.toArray()).toEqual([4, 3, 2, 1]);
    // f = Σ_j (cumsum x)_j²: ∇f = 2·revcumsum(cumsum x), ∇²f = 2·LᵀL; d/dx of Σ ∇f = 2·revcumsum(revcumsum(1))
    const g = grad((t: Tensor) => (grad((u: Tensor) => cumsum(u, 0).square().sum())(t) as Tensor).sum());
    expect((g(x) as Tensor).toArray()).toEqual([20, 18, 14, 8]);
  });

  it("draws its local derivative and passes its rule checks at first and second order", () => {
    const x = tensor(
      [
        [0.3, -1],
        [2, 0.5],
      ],
      { dtype: "float64", requiresGrad: true, name: "x" },
    );
    const out = cumsum(x, 1).square().sum();
    for (const c of [...checkRules(out), ...checkRules(out, 2)]) expect(c.status, `${c.op}: ${c.message}`).toBe("ok");
    const node = captureGraph(out).model.nodes.find((n) => n.op === "cumsum")!;
    expect(node.derivative?.text).toBe("∂yⱼ/∂xₜ = [t ≤ j]; ∂L/∂x = cumsum of G from the end");
    expect(node.derivative?.latex).toContain("\\mathbb{1}[t \\le j]");
    expect(explain(out).text).toContain("cumsum");
  });

  it("refuses a missing axis, an axis out of range and int32 input, naming the fix", () => {
    const x = ones([2, 3]);
    expect(() => cumsum(x, undefined as unknown as number)).toThrow(/cumsum: give the axis to sum along, e.g. cumsum\(x, -1\)/);
    expect(() => cumsum(x, 2)).toThrow(ShapeError);
    expect(() => cumsum(x, -3)).toThrow(/cumsum: axis -3 is out of range/);
    expect(() => cumsum(tensor([1, 2], { dtype: "int32" }), 0)).toThrow(DTypeError);
  });
});

describe("tril and triu", () => {
  const m = tensor([
    [1, 2, 3, 4],
    [5, 6, 7, 8],
    [9, 10, 11, 12],
  ]);
  /** m masked by keep(i, j), written out. */
  const masked = (keep: (i: number, j: number) => boolean): number[][] =>
    [0, 1, 2].map((i) => [0, 1, 2, 3].map((j) => (keep(i, j) ? m.data[i * 4 + j]! : 0)));

  it("match explicit masks for every offset k from −3 to 4", () => {
    for (let k = -3; k <= 4; k++) {
      expect(tril(m, k).toArray(), `tril k=${k}`).toEqual(masked((i, j) => j - i <= k));
      expect(triu(m, k).toArray(), `triu k=${k}`).toEqual(masked((i, j) => j - i >= k));
    }
    expect(tril(m).toArray()).toEqual([
      [1, 0, 0, 0],
      [5, 6, 0, 0],
      [9, 10, 11, 0],
    ]);
    expect(triu(m, 1).toArray()).toEqual([
      [0, 2, 3, 4],
      [0, 0, 7, 8],
      [0, 0, 0, 12],
    ]);
  });

  it("apply to every matrix of a batch, and tril + triu(k+1) gives the matrix back", () => {
    const x = randn([2, 3, 4, 5], { seed: 3 });
    const low = x.tril(1);
    const back = low.add(x.triu(2));
    expect(values(back)).toEqual(values(x));
    expect(values(low.slice(1, 2))).toEqual(values(x.slice(1, 2).tril(1)));
  });

  it("select rather than multiply: a kept −Infinity stays, a dropped one becomes 0 (a causal mask)", () => {
    const mask = triu(full([3, 3], -Infinity, { allowNonFinite: true }), 1);
    expect(mask.toArray()).toEqual([
      [0, -Infinity, -Infinity],
      [0, 0, -Infinity],
      [0, 0, 0],
    ]);
  });

  it("mask the gradient the same way, to any order, and draw their offset", () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: "float64", requiresGrad: true, name: "x" },
    );
    tril(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [1, 0],
      [1, 1],
    ]);
    const out = triu(x, -1).square().sum();
    for (const c of [...checkRules(out), ...checkRules(out, 2)]) expect(c.status, `${c.op}: ${c.message}`).toBe("ok");
    const node = captureGraph(out).model.nodes.find((n) => n.op === "triu")!;
    expect(node.derivative?.text).toBe("∂yᵢⱼ/∂xᵢⱼ = [j − i ≥ k]; ∂L/∂x = triu(G, k)");
    expect(explain(out).text).toContain("j − i ≥ -1");
  });

  it("refuse vectors, fractional offsets and int32 input", () => {
    expect(() => tril(ones([3]))).toThrow(/tril: needs a matrix or a batch of matrices \(2 or more axes\), got tensor#\d+ \[3\] float32/);
    expect(() => triu(ones([2, 2]), 0.5)).toThrow(/triu: the diagonal offset k must be an integer, got 0.5/);
    expect(() => tril(ones([2, 2], { dtype: "int32" }))).toThrow(DTypeError);
  });
});

describe("argmax and argmin", () => {
  const x = tensor([
    [1, 5, 5, 0],
    [7, 2, 7, -1],
    [3, 3, 3, 3],
  ]);

  it("return int32 indices along an axis; ties take the first index like NumPy and PyTorch", () => {
    const a = argmax(x, 1);
    expect(a.dtype).toBe("int32");
    expect(a.toArray()).toEqual([1, 0, 0]);
    expect(argmin(x, 1).toArray()).toEqual([3, 3, 0]);
    expect(argmax(x, 0).toArray()).toEqual([1, 0, 1, 2]);
    expect(argmin(x, -2).toArray()).toEqual([0, 1, 2, 1]);
    expect(x.argmax(-1).toArray()).toEqual([1, 0, 0]);
  });

  it("without an axis give the flat index over all entries; keepdims keeps size-1 axes", () => {
    expect(argmax(x).item()).toBe(4);
    expect(argmax(x).shape).toEqual([]);
    expect(argmin(x).item()).toBe(7);
    expect(argmax(x, undefined, true).shape).toEqual([1, 1]);
    expect(argmax(x, 1, true).shape).toEqual([3, 1]);
    expect(argmax(x, 1, true).toArray()).toEqual([[1], [0], [0]]);
    expect(argmax(tensor(3)).item()).toBe(0);
  });

  it("point at NaN (it counts as the largest and the smallest), and carry no gradient", () => {
    const n = tensor([1, NaN, 3, NaN], { allowNonFinite: true });
    expect(argmax(n).item()).toBe(1);
    expect(argmin(n).item()).toBe(1);
    const w = tensor([1, 2], { requiresGrad: true });
    const a = argmax(w.mul(2));
    expect(a.requiresGrad).toBe(false);
    expect(a.node).toBeNull();
  });

  it("refuse empty tensors and axes, axes out of range and int32 input", () => {
    expect(() => argmax(ones([0]))).toThrow(/argmax: tensor#\d+ \[0\] float32 is empty; there is no largest entry/);
    expect(() => argmin(ones([2, 0]), 1)).toThrow(ValueError);
    expect(() => argmax(ones([2, 3]), 2)).toThrow(/argmax: axis 2 is out of range/);
    expect(() => argmin(tensor([1], { dtype: "int32" }))).toThrow(DTypeError);
  });
});

describe("topk", () => {
  it("agrees with a sort of each row (largest and smallest), with int32 indices into the axis", () => {
    const x = randn([4, 7], { seed: 11, dtype: "float64" });
    for (const largest of [true, false]) {
      const { values: v, indices } = topk(x, 3, { largest });
      expect(indices.dtype).toBe("int32");
      expect(v.shape).toEqual([4, 3]);
      for (let r = 0; r < 4; r++) {
        const row = Array.from(x.data.subarray(r * 7, r * 7 + 7));
        const order = row.map((_, j) => j).sort((a, b) => (largest ? row[b]! - row[a]! : row[a]! - row[b]!));
        expect(Array.from(indices.data.subarray(r * 3, r * 3 + 3))).toEqual(order.slice(0, 3));
        expect(Array.from(v.data.subarray(r * 3, r * 3 + 3))).toEqual(order.slice(0, 3).map((j) => row[j]));
      }
    }
  });

  it("gives a stable sort's answer with many ties, for small k (kept best-k buffer) and large k (a sort per line)", () => {
    const len = 90;
    const data = Array.from({ length: 3 * len }, (_, i) => ((i * 37) % 11) - 5);
    const x = tensor(data, { shape: [3, len], dtype: "float64" });
    for (const k of [1, 7, 32, 33, 60, len]) {
      for (const largest of [true, false]) {
        const { values: v, indices } = topk(x, k, { largest });
        for (let r = 0; r < 3; r++) {
          const row = data.slice(r * len, (r + 1) * len);
          const order = row.map((_, j) => j).sort((a, b) => (largest ? row[b]! - row[a]! : row[a]! - row[b]!));
          expect(Array.from(indices.data.subarray(r * k, (r + 1) * k)), `k=${k} largest=${largest}`).toEqual(order.slice(0, k));
          expect(Array.from(v.data.subarray(r * k, (r + 1) * k))).toEqual(order.slice(0, k).map((j) => row[j]));
        }
        const unsorted = topk(x, k, { largest, sorted: false }).indices;
        const firstRow = Array.from(indices.data.subarray(0, k)).sort((a, b) => a - b);
        expect(Array.from(unsorted.data.subarray(0, k))).toEqual(firstRow);
      }
    }
  });

  it("ranks along any axis, puts ties in index order, and with sorted: false returns index order", () => {
    const x = tensor([
      [4, 1],
      [9, 1],
      [4, 7],
    ]);
    const r = topk(x, 2, { axis: 0 });
    expect(r.values.toArray()).toEqual([
      [9, 7],
      [4, 1],
    ]);
    expect(r.indices.toArray()).toEqual([
      [1, 2],
      [0, 0],
    ]);
    expect(topk(tensor([3, 1, 3, 2]), 3).indices.toArray()).toEqual([0, 2, 3]);
    expect(topk(tensor([3, 1, 3, 2]), 3, { sorted: false }).indices.toArray()).toEqual([0, 2, 3]);
    expect(topk(tensor([1, 9, 2, 8]), 2, { sorted: false }).indices.toArray()).toEqual([1, 3]);
    expect(topk(tensor([1, 9, 2, 8]), 2, { sorted: false }).values.toArray()).toEqual([9, 8]);
    expect(topk(tensor([2, NaN, 5], { allowNonFinite: true }), 1).indices.toArray()).toEqual([1]);
    expect(x.topk(0).values.shape).toEqual([3, 0]);
  });

  it("passes the gradient of its values to the entries picked, to the second order", () => {
    const x = tensor([[0.5, -1, 2, 0.25]], { dtype: "float64", requiresGrad: true, name: "x" });
    const { values: v } = topk(x, 2);
    v.mul(tensor([[10, 1]], { dtype: "float64" }))
      .sum()
      .backward();
    expect(x.grad!.toArray()).toEqual([[1, 0, 10, 0]]);
    const out = topk(x, 3, { largest: false }).values.square().sum();
    for (const c of [...checkRules(out), ...checkRules(out, 2)]) expect(c.status, `${c.op}: ${c.message}`).toBe("ok");
    expect(topk(x, 2).indices.requiresGrad).toBe(false);
  });

  it("refuses k out of range, scalars and int32 input", () => {
    expect(() => topk(ones([2, 3]), 4)).toThrow(
      /topk: k must be an integer in 0..3 \(the length of axis 1 of tensor#\d+ \[2, 3\] float32\), got 4/,
    );
    expect(() => topk(ones([3]), 1.5)).toThrow(ValueError);
    expect(() => topk(tensor(1), 1)).toThrow(/topk: .* is a scalar; it has no axis to rank along/);
    expect(() => topk(ones([3]), 1, { axis: 1 })).toThrow(ShapeError);
    expect(() => topk(tensor([1, 2], { dtype: "int32" }), 1)).toThrow(DTypeError);
  });
});
