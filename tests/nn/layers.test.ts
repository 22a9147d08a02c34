/** @file Conv, pooling, embedding and normalisation layers: names, shapes, initialisation, buffers, modes, gradients and errors. */
import { describe, expect, it } from "vitest";
import * as cr from "../../src/index.js";
import { gradcheck, gradgradcheck, nn, randn, tensor } from "../../src/index.js";
import { nd } from "../helpers/nd-ref.js";
import { foldR, unfoldR } from "../helpers/window-ref.js";

const f64 = (shape: number[], seed: number) => randn(shape, { dtype: "float64", seed, requiresGrad: true });

describe("conv2d and friends: gradcheck and gradgradcheck in float64", () => {
  const cases: [string, number[], number[], cr.Conv2dOptions][] = [
    ["plain", [2, 2, 5, 4], [3, 2, 3, 2], {}],
    ["stride 2, padding 1", [1, 2, 5, 5], [2, 2, 3, 3], { stride: 2, padding: 1 }],
    ["dilation [2,1], padding [2,0]", [1, 1, 6, 4], [2, 1, 2, 2], { dilation: [2, 1], padding: [2, 0] }],
    ["groups 2, stride [1,2]", [2, 4, 4, 5], [4, 2, 2, 3], { groups: 2, stride: [1, 2] }],
  ];
  for (const [name, xs, ws, opts] of cases) {
    it(`conv2d ${name}`, () => {
      const x = f64(xs, 1);
      const w = f64(ws, 2);
      const b = f64([ws[0]!], 3);
      const f = (a: cr.Tensor, c: cr.Tensor, d: cr.Tensor) => cr.conv2d(a, c, d, opts).square().sum();
      expect(gradcheck(f, [x, w, b]).ok).toBe(true);
      expect(gradgradcheck(f, [x, w, b]).ok).toBe(true);
    });
  }

  it("conv1d, avgPool2d, maxPool2d, layerNorm and batchNorm", () => {
    const x = f64([2, 3, 7], 4);
    const w = f64([2, 3, 3], 5);
    expect(gradgradcheck((a, c) => cr.conv1d(a, c, null, { stride: 2, padding: 1, dilation: 2 }).square().sum(), [x, w]).ok).toBe(true);
    const img = f64([1, 2, 5, 5], 6);
    expect(gradgradcheck((a) => cr.avgPool2d(a, 3, { stride: 2, padding: 1 }).square().sum(), [img]).ok).toBe(true);
    expect(gradcheck((a) => cr.maxPool2d(a, 2, { stride: 1 }).square().sum(), [img]).ok).toBe(true);
    const y = f64([3, 4], 7);
    expect(
      gradgradcheck(
        (a) =>
          cr
            .layerNorm(a, [4])
            .mul(tensor([1, 2, 3, 4], { dtype: "float64" }))
            .sum(),
        [y],
      ).ok,
    ).toBe(true);
    const z = f64([4, 2, 2, 2], 8);
    expect(gradgradcheck((a) => cr.batchNorm(a, null, null, null, null, { training: true }).exp().sum(), [z]).ok).toBe(true);
  });

  it("maxPool2d splits the gradient equally between tied maxima, like max", () => {
    const x = tensor(
      [
        [
          [
            [1, 1],
            [0, 0],
          ],
        ],
      ],
      { dtype: "float64", requiresGrad: true },
    );
    cr.maxPool2d(x, 2).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [
        [
          [0.5, 0.5],
          [0, 0],
        ],
      ],
    ]);
  });

  it("take and embedding gradients scatter-add into the rows used", () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    cr.embedding([2, 0, 2], w).sum().backward();
    expect(w.grad!.toArray()).toEqual([
      [1, 1],
      [0, 0],
      [2, 2],
    ]);
  });
});

describe("unfold and fold kernels over many geometries", () => {
  it("match the plain-JS references for every stride, padding and dilation up to 3", () => {
    let checked = 0;
    for (const [h, w] of [
      [5, 4],
      [3, 7],
    ] as const)
      for (const k of [1, 2, 3])
        for (const s of [1, 2, 3])
          for (const p of [0, 1, 2])
            for (const d of [1, 2, 3]) {
              if (h + 2 * p - d * (k - 1) - 1 < 0 || w + 2 * p - d * (k - 1) - 1 < 0) continue;
              const x = randn([2, 2, h, w], { dtype: "float64", seed: checked });
              const win = {
                k: [k, k] as [number, number],
                s: [s, s] as [number, number],
                p: [p, p] as [number, number],
                d: [d, d] as [number, number],
              };
              const cols = cr.unfold(x, k, { stride: s, padding: p, dilation: d });
              expect(Array.from(cols.data)).toEqual(unfoldR(nd(x.shape, Array.from(x.data)), win).data);
              const back = cr.fold(cols, [h, w], k, { stride: s, padding: p, dilation: d });
              const ref = foldR(nd(cols.shape, Array.from(cols.data)), [h, w], win).data;
              Array.from(back.data).forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 12));
              checked++;
            }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("clear errors", () => {
  it("indices must be whole numbers in range", () => {
    const w = randn([3, 2]);
    expect(() => cr.take(w, [0, 1.5])).toThrow(/index 1 is 1.5, not a whole number/);
    expect(() => cr.take(w, [3])).toThrow(/index 3 .* out of range for an axis of length 3; use 0..2/);
    expect(() => cr.embedding(tensor([-1]), w)).toThrow(cr.ValueError);
  });
  it("conv2d names mismatched channels and windows that do not fit", () => {
    expect(() => cr.conv2d(randn([1, 3, 5, 5]), randn([2, 2, 3, 3]))).toThrow(cr.ShapeError);
    expect(() => cr.conv2d(randn([1, 1, 2, 2]), randn([1, 1, 3, 3]))).toThrow(/does not fit the 2×2 input/);
    expect(() => cr.conv2d(randn([1, 2, 5, 5]), randn([2, 1, 3, 3]), null, { groups: 3 })).toThrow(cr.ShapeError);
    expect(() => cr.maxPool2d(randn([1, 1, 4, 4]), 2, { padding: 2 })).toThrow(/at most half the kernel/);
  });
});

describe("layers", () => {
  it("Conv2d and Conv1d: PyTorch's names, shapes and U(−1/√fanIn, 1/√fanIn) initialisation", () => {
    const c = new nn.Conv2d(4, 6, [3, 2], { groups: 2, seed: 0, padding: 1 });
    expect(c.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ["weight", [6, 2, 3, 2]],
      ["bias", [6]],
    ]);
    const bound = 1 / Math.sqrt(2 * 3 * 2);
    expect(Math.max(...Array.from(c.weight.data, Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...Array.from(c.bias!.data, Math.abs))).toBeLessThanOrEqual(bound);
    expect(c.forward(randn([2, 4, 5, 5])).shape).toEqual([2, 6, 5, 6]);
    const c1 = new nn.Conv1d(3, 4, 3, { bias: false, seed: 1 });
    expect(c1.namedParameters().map(([n]) => n)).toEqual(["weight"]);
    expect(c1.forward(randn([2, 3, 10])).shape).toEqual([2, 4, 8]);
    expect(() => c1.forward(randn([2, 5, 10]))).toThrow(/expects \[batch, 3, length\]/);
  });

  it("pooling, Embedding and LayerNorm layers", () => {
    expect(new nn.MaxPool2d(2).forward(randn([1, 3, 8, 8])).shape).toEqual([1, 3, 4, 4]);
    expect(new nn.AvgPool2d(3, { stride: 1, padding: 1 }).forward(randn([1, 3, 8, 8])).shape).toEqual([1, 3, 8, 8]);
    const e = new nn.Embedding(10, 4, { seed: 0 });
    expect(
      e.forward(
        tensor([
          [1, 5],
          [1, 0],
        ]),
      ).shape,
    ).toEqual([2, 2, 4]);
    const ln = new nn.LayerNorm([4]);
    expect(ln.namedParameters().map(([n]) => n)).toEqual(["weight", "bias"]);
    const out = ln.forward(randn([3, 4], { seed: 2 }));
    expect(Math.abs(out.sum().item())).toBeLessThan(1e-4);
  });

  it("BatchNorm2d: running statistics as buffers (momentum 0.1, unbiased variance), eval uses them, stateDict round-trips", () => {
    const bn = new nn.BatchNorm2d(2, { dtype: "float64" });
    expect(bn.namedParameters().map(([n]) => n)).toEqual(["weight", "bias"]);
    expect(Object.keys(new nn.Sequential(bn).stateDict())).toEqual(["0.weight", "0.bias", "0.running_mean", "0.running_var"]);
    const x = tensor(
      [
        [[[1, 3]], [[0, 0]]],
        [[[5, 7]], [[2, 2]]],
      ],
      { dtype: "float64" },
    ); // [2, 2, 1, 2]
    bn.forward(x);
    // channel 0: mean 4, unbiased variance 20/3; channel 1: mean 1, unbiased variance 4/3
    expect(bn.runningMean.toArray()).toEqual([0.4, 0.1].map((v) => expect.closeTo(v, 12)));
    expect(bn.runningVar.toArray()).toEqual([0.9 + 2 / 3, 0.9 + 0.4 / 3].map((v) => expect.closeTo(v, 12)));
    bn.eval();
    const y = bn.forward(x).toArray() as number[][][][];
    expect(y[0]![0]![0]![0]).toBeCloseTo((1 - 0.4) / Math.sqrt(0.9 + 2 / 3 + 1e-5), 12);
    const other = new nn.BatchNorm2d(2, { dtype: "float64" });
    other.loadStateDict(bn.stateDict());
    expect(other.runningVar.toArray()).toEqual(bn.runningVar.toArray());
    expect(() => bn.forward(randn([2, 3, 4, 4], { dtype: "float64" }))).toThrow(/expects \[batch, 2, h, w\]/);
  });

  it("BatchNorm1d accepts [batch, features] and [batch, features, length]", () => {
    const bn = new nn.BatchNorm1d(3);
    expect(bn.forward(randn([4, 3])).shape).toEqual([4, 3]);
    expect(bn.forward(randn([4, 3, 5])).shape).toEqual([4, 3, 5]);
  });
});
