/** @file Names given with tensor(…, { name }) or x.named() show in graphs, equations and error messages. */
import { describe, expect, it } from "vitest";
import { explain, ShapeError, tensor, toDot } from "../../src/index.js";

describe("names", () => {
  it("appear in the picture, the equations and the errors", () => {
    const W = tensor([[1, 2, 3]], { requiresGrad: true, name: "W" });
    const v = tensor([1, 2, 3]).named("v");
    const u = W.matmul(v).named("u");
    expect(toDot(u)).toContain("<b>W</b>");
    expect(toDot(u)).toContain("<b>v</b>");
    expect(explain(u).text).toContain("u = W·v");
    const bad = tensor([1, 2]).named("short");
    expect(() => W.matmul(bad)).toThrow(ShapeError);
    expect(() => W.matmul(bad)).toThrow(/"W" \[1, 3\].*"short" \[2\]/);
  });
});
