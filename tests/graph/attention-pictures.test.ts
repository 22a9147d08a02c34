/** @file Attention in the pictures: one "attention" cluster whose nodes each show their local derivative; a TransformerBlock collapses to one node. */
import { describe, expect, it } from "vitest";
import { captureGraph, explain, nn, randn, scaledDotProductAttention, toDot } from "../../src/index.js";
import { collapseScopes } from "../../src/graph/fold.js";
import { leafScopes, moduleLabel } from "../../src/graph/scopes.js";

describe("attention in graph pictures", () => {
  it("draws scaledDotProductAttention as a cluster of ops, each with its local derivative", () => {
    const q = randn([3, 2], { seed: 0, requiresGrad: true }).named("q");
    const k = randn([3, 2], { seed: 1, requiresGrad: true }).named("k");
    const v = randn([3, 2], { seed: 2, requiresGrad: true }).named("v");
    const y = scaledDotProductAttention(q, k, v, { causal: true }).sum().named("y");
    y.backward();
    const m = captureGraph(y).model;
    const ops = m.nodes.filter((n) => n.scope === "attention" && n.kind === "op");
    expect(ops.map((n) => n.op).sort()).toEqual(["add", "exp", "logSoftmax", "matmul", "matmul", "mul"]);
    for (const n of ops) {
      expect(n.derivative?.text, n.op!).toMatch(/∂/);
      expect(n.local.length, n.op!).toBeGreaterThan(0);
    }
    expect(ops.find((n) => n.op === "logSoftmax")!.local[0]!.formula.text).toMatch(/softmax/);
    expect(m.nodes.some((n) => n.name === "causal")).toBe(true);
    expect(toDot(y, { collapse: "none" })).toContain('label="attention"');
    expect(explain(y).text).toMatch(/logSoftmax/);
  });

  it("collapses a TransformerBlock and its attention into module nodes", () => {
    const block = new nn.TransformerBlock(4, 2, { causal: true, seed: 0 });
    const y = block.forward(randn([1, 3, 4], { seed: 1 })).sum();
    y.backward();
    const m = captureGraph(y).model;
    const labels = leafScopes(m).map(moduleLabel);
    expect(labels).toContain("ln1 (LayerNorm)");
    expect(labels).toContain("attn.out_proj (Linear)");
    const c = collapseScopes(m, ["TransformerBlock"]);
    const mods = c.nodes.filter((n) => n.kind === "module");
    expect(mods.map((n) => n.name)).toEqual(["TransformerBlock"]);
    expect(mods[0]!.attrs["ops"]).toEqual(expect.arrayContaining(["matmul", "logSoftmax", "add"]));
  });
});
