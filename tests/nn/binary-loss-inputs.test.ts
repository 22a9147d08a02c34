/** @file What the losses accept: plain-number targets take the prediction's dtype, and binary cross-entropy refuses values outside [0, 1]. */
import { describe, expect, it } from "vitest";
import { DTypeError, nn, tensor, ValueError } from "../../src/index.js";

const f64 = { dtype: "float64" as const };

describe("number targets take the prediction's dtype", () => {
  it("binaryCrossEntropy(float64 p, 1) equals the loss against a tensor of ones", () => {
    const p = tensor([0.8, 0.6], f64);
    const got = nn.binaryCrossEntropy(p, 1);
    expect(got.dtype).toBe("float64");
    expect(got.item()).toBeCloseTo(nn.binaryCrossEntropy(p, tensor([1, 1], f64)).item(), 14);
    expect(nn.binaryCrossEntropy(tensor([0.8]), 0).dtype).toBe("float32");
  });

  it("binaryCrossEntropyWithLogits(float64 z, 0.3, { posWeight: 2.5 }) equals the loss against a filled tensor", () => {
    const z = tensor([0.5, -1.5], f64);
    for (const opts of [{}, { posWeight: 2.5 }]) {
      const got = nn.binaryCrossEntropyWithLogits(z, 0.3, opts);
      expect(got.dtype).toBe("float64");
      expect(got.item()).toBeCloseTo(nn.binaryCrossEntropyWithLogits(z, tensor([0.3, 0.3], f64), opts).item(), 14);
    }
  });

  it("every loss with a number target works in float64", () => {
    const x = tensor([0.25, 0.75], f64);
    for (const loss of [
      nn.mseLoss,
      nn.maeLoss,
      nn.huberLoss,
      nn.halfSquaredError,
      nn.binaryCrossEntropy,
      nn.binaryCrossEntropyWithLogits,
    ]) {
      expect(loss(x, 0.5).dtype).toBe("float64");
    }
  });

  it("a tensor target of the other dtype is still refused (never converted silently)", () => {
    expect(() => nn.binaryCrossEntropy(tensor([0.5], f64), tensor([1]))).toThrow(DTypeError);
  });
});

describe("binary cross-entropy checks its domain", () => {
  it("refuses a probability outside [0, 1], naming the position and value", () => {
    expect(() => nn.binaryCrossEntropy(tensor([0.5, 1.5]), tensor([1, 1]))).toThrow(ValueError);
    expect(() => nn.binaryCrossEntropy(tensor([0.5, 1.5]), tensor([1, 1]))).toThrow(
      /binaryCrossEntropy: probability 1 is 1\.5.*\[0, 1\].*sigmoid.*binaryCrossEntropyWithLogits/,
    );
    expect(() => nn.binaryCrossEntropy(tensor([-0.1]), 1)).toThrow(/probability 0 is -0\.1/);
  });

  it("refuses targets outside [0, 1] in both binary losses", () => {
    expect(() => nn.binaryCrossEntropy(tensor([0.5]), 2)).toThrow(/binaryCrossEntropy: target 0 is 2.*\[0, 1\]/);
    expect(() => nn.binaryCrossEntropy(tensor([0.5, 0.5]), tensor([0, -1]))).toThrow(/target 1 is -1/);
    expect(() => nn.binaryCrossEntropyWithLogits(tensor([3]), tensor([1.5]))).toThrow(/binaryCrossEntropyWithLogits: target 0 is 1\.5/);
  });

  it("accepts the ends 0 and 1 exactly", () => {
    expect(nn.binaryCrossEntropy(tensor([0, 1]), tensor([0, 1])).item()).toBe(0);
    expect(Number.isFinite(nn.binaryCrossEntropy(tensor([0, 1]), tensor([1, 0])).item())).toBe(true);
  });
});
