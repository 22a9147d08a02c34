/** @file Value labels of large tensors are shortened at whole numbers, with a single ellipsis. */
import { describe, expect, it } from "vitest";
import { randn, renderSvg, toDot } from "../../src/index.js";
import { formatValues } from "../../src/tensor/format.js";
import { clip, valueLines } from "../../src/graph/theme.js";

/** Every element of a clipped list label is a whole number or one "…". */
function wellFormed(line: string): void {
  expect(line).not.toMatch(/…\s*,?\s*…/);
  const inner = line.replace(/^[[\s]+/, "").replace(/[\]\s]+$/, "");
  for (const part of inner.split(/\]?, \[?/)) expect(part).toMatch(/^(-?\d+(\.\d+)?(e[-+]\d+)?|…)$/);
}

describe("value labels of large tensors", () => {
  it.each([[[100]], [[3, 100]], [[100, 100]], [[10, 10, 10]], [[1, 100]]])(
    "shape %j: lines end at whole numbers and never show two ellipses",
    (shape) => {
      const t = randn(shape, { seed: 1 });
      for (const line of valueLines(formatValues(t, 6), shape.length)) {
        expect([...line].length).toBeLessThanOrEqual(34);
        wellFormed(line);
      }
    },
  );

  it("clip keeps short text, and cuts other text with one ellipsis", () => {
    expect(clip("[1, 2]", 10)).toBe("[1, 2]");
    expect(clip("[0.8162, -0.6804, -0.7401, …, -0.2, 0.5]", 34)).toBe("[0.8162, -0.6804, -0.7401, …");
    expect(clip("∂tanh(layers.0)/∂layers.0 = 1 − tanh(layers.0)²", 20)).toBe("∂tanh(layers.0)/∂la…");
  });

  it("the DOT and SVG of a large graph have no half numbers and no double ellipses", async () => {
    const w = randn([50, 40], { seed: 2, requiresGrad: true });
    const y = w.tanh().sum();
    y.backward();
    for (const text of [toDot(y), await renderSvg(y)]) {
      expect(text).not.toMatch(/…,\s*…|……/);
      expect(text).not.toMatch(/\d\.…/);
    }
  });
});
