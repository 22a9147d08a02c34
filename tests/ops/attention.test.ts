/** @file scaledDotProductAttention: first and second derivatives by central differences, masking that stays finite, clear errors. */
import { describe, expect, it } from "vitest";
import { gradcheck, gradgradcheck, randn, scaledDotProductAttention, ShapeError, tensor, zeros } from "../../src/index.js";

const f64 = (shape: number[], seed: number) => randn(shape, { dtype: "float64", seed });

describe("scaledDotProductAttention", () => {
  it("passes gradcheck and gradgradcheck (float64) plain, causal, with a mask and a scale, over broadcast heads", () => {
    const q = f64([2, 3, 4], 1);
    const k = f64([2, 5, 4], 2);
    const v = f64([2, 5, 3], 3);
    const mask = f64([3, 5], 4);
    const variants = [{}, { causal: true }, { mask, scale: 0.7 }, { causal: true, mask }];
    for (const opts of variants) {
      const f = (q: typeof k, k2: typeof k, v2: typeof k) => scaledDotProductAttention(q, k2, v2, opts);
      expect(gradcheck(f, [q, k, v]).ok, JSON.stringify(Object.keys(opts))).toBe(true);
      expect(gradgradcheck(f, [q, k, v]).ok, JSON.stringify(Object.keys(opts))).toBe(true);
    }
    // leading axes broadcast: one key/value set for two query batches
    const kb = f64([1, 5, 4], 5);
    const vb = f64([1, 5, 3], 6);
    expect(gradcheck((a, b, c) => scaledDotProductAttention(a, b, c, { causal: true }), [q, kb, vb]).ok).toBe(true);
  });

  it("a differentiable mask gets its gradient", () => {
    const [q, k, v] = [f64([3, 2], 7), f64([4, 2], 8), f64([4, 2], 9)];
    expect(gradgradcheck((m) => scaledDotProductAttention(q, k, v, { mask: m }), [f64([3, 4], 10)]).ok).toBe(true);
  });

  it("the causal first row attends to its own key only, and everything stays finite", () => {
    const q = randn([2, 4, 3], { seed: 1, requiresGrad: true });
    const k = randn([2, 4, 3], { seed: 2, requiresGrad: true });
    const v = randn([2, 4, 3], { seed: 3, requiresGrad: true });
    const out = scaledDotProductAttention(q, k, v, { causal: true });
    const rows = out.toArray() as number[][][];
    const vs = v.toArray() as number[][][];
    for (let b = 0; b < 2; b++) rows[b]![0]!.forEach((x, j) => expect(x).toBeCloseTo(vs[b]![0]![j]!, 6));
    out.sum().backward();
    for (const t of [q, k, v]) expect(t.grad!.data.every(Number.isFinite)).toBe(true);
    // the query of row 0 has no influence: one key means weight 1 whatever the score
    expect(Array.from((q.grad!.toArray() as number[][][])[0]![0]!)).toEqual([0, 0, 0]);
  });

  it("a row whose mask drops every key (−Infinity) stays finite, like a uniform average", () => {
    const q = randn([2, 3], { seed: 4, requiresGrad: true });
    const k = randn([3, 3], { seed: 5, requiresGrad: true });
    const v = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const mask = tensor(
      [
        [-Infinity, -Infinity, -Infinity],
        [0, -Infinity, 0],
      ],
      { allowNonFinite: true },
    );
    const out = scaledDotProductAttention(q, k, v, { mask });
    const [a, b] = (out.toArray() as number[][])[0]!;
    expect(a).toBeCloseTo(3, 5);
    expect(b).toBeCloseTo(4, 5);
    out.sum().backward();
    expect(q.grad!.data.every(Number.isFinite) && k.grad!.data.every(Number.isFinite)).toBe(true);
  });

  it("names the shapes that do not fit", () => {
    const x = zeros([2, 3, 4]);
    expect(() => scaledDotProductAttention(x, zeros([2, 3, 5]), x)).toThrow(ShapeError);
    expect(() => scaledDotProductAttention(x, zeros([2, 3, 5]), x)).toThrow(/same last axis \(got 4 and 5\)/);
    expect(() => scaledDotProductAttention(x, x, zeros([2, 2, 4]))).toThrow(/same length/);
    expect(() => scaledDotProductAttention(zeros([4]), x, x)).toThrow(/at least 2 axes/);
    expect(() => scaledDotProductAttention(x, x, x, { mask: zeros([4, 3]) })).toThrow(
      /mask .*\[4, 3\].*does not broadcast to the scores \[2, 3, 3\]/,
    );
    expect(() => scaledDotProductAttention(x, x, x, { scale: NaN })).toThrow(/scale must be a finite number/);
  });
});
