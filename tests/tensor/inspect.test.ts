/** @file console.log of a tensor or a module in Node: the readable form (as String(x)), not the internals. */
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { nn, randn, tensor } from "../../src/index.js";

describe("util.inspect (what console.log prints)", () => {
  it("a tensor inspects as String(tensor), without storage, node, visitMark or pendingGrad", () => {
    const t = tensor([1, 2], { requiresGrad: true }).mul(3);
    expect(inspect(t)).toBe(String(t));
    const nested = inspect({ loss: t, list: [tensor([[1, 2]])] });
    expect(nested).toContain("tensor([3, 6]");
    for (const internal of ["storage", "visitMark", "pendingGrad", "node:", "handedOut"]) expect(nested).not.toContain(internal);
  });

  it("a big tensor stays short (elided like String)", () => {
    const t = randn([300, 300], { seed: 0 });
    expect(inspect(t)).toBe(String(t));
    expect(inspect(t).length).toBeLessThan(2000);
  });

  it("a module inspects as its PyTorch-style tree", () => {
    const m = new nn.MLP([2, 3, 1], { seed: 0 });
    expect(inspect(m)).toBe(String(m));
    expect(inspect(m)).toMatch(/^MLP\(/);
    expect(inspect(m)).not.toContain("params");
  });

  it("uses Symbol.for, so the library imports nothing from node: for it (it must bundle for browsers)", () => {
    for (const file of ["src/tensor/tensor.ts", "src/nn/module.ts"]) {
      const src = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
      expect(src).toContain('Symbol.for("nodejs.util.inspect.custom")');
      expect(src).not.toMatch(/from "(node:)?util"/);
    }
  });
});
