/** @file Big graphs stay readable: modules collapse into one node, repeated modules fold, the node limit holds, with notes. */
import { describe, expect, it } from "vitest";
import { captureGraph, nn, randn, tensor, toDot } from "../../src/index.js";
import { collapseScopes, drawnCount, foldForDrawing, foldRepeats } from "../../src/graph/fold.js";
import { leafScopes, moduleLabel } from "../../src/graph/scopes.js";

function mlpLoss(sizes: number[]) {
  const model = new nn.MLP(sizes, { activation: "tanh", seed: 0 });
  const x = randn([3, sizes[0]!], { seed: 1 }).named("x");
  const y = randn([3, sizes[sizes.length - 1]!], { seed: 2 }).named("y");
  const loss = nn.mseLoss(model.forward(x), y).named("loss");
  loss.backward();
  return loss;
}

describe("folding big graphs", () => {
  it("draws each Linear layer of an MLP as one module node, labelled by its path", () => {
    const m = captureGraph(mlpLoss([2, 4, 4, 1])).model;
    const scopes = leafScopes(m);
    expect(scopes.map(moduleLabel)).toEqual(["layers.0 (Linear)", "layers.2 (Linear)", "layers.4 (Linear)"]);
    const c = collapseScopes(m, scopes);
    const mods = c.nodes.filter((n) => n.kind === "module");
    expect(mods.map((n) => [n.name, n.count, n.attrs["ops"]])).toEqual([
      ["layers.0 (Linear)", 4, ["matmul", "add"]],
      ["layers.2 (Linear)", 4, ["matmul", "add"]],
      ["layers.4 (Linear)", 4, ["matmul", "add"]],
    ]);
    expect(mods[2]!.shape).toEqual([3, 1]);
    expect(mods[2]!.grad).not.toBeNull();
    expect(c.notes).toContain("layers.0 (Linear): 4 nodes drawn as one module");
    expect(c.edges.every((e) => c.nodes.some((n) => n.id === e.from) && c.nodes.some((n) => n.id === e.to))).toBe(true);
    expect(drawnCount(c)).toBeLessThan(drawnCount(m));
  });

  it("clusters modules in DOT when expanded", () => {
    const dot = toDot(mlpLoss([2, 3, 1]), { collapse: "none" });
    expect(dot).toContain('label="layers.0 (Linear)"');
    expect(dot).toMatch(/subgraph cluster_\d+ \{/);
  });

  it("folds a run of identical layers and says so", () => {
    const m = captureGraph(mlpLoss([2, 4, 4, 4, 4, 4, 1])).model;
    const folded = foldRepeats(collapseScopes(m, leafScopes(m)));
    const f = folded.nodes.filter((n) => n.kind === "folded");
    expect(f).toHaveLength(1);
    expect(f[0]!.name).toBe("layers.2 (Linear) … layers.6 (Linear)");
    expect(folded.notes.at(-1)).toMatch(/^layers\.2 \(Linear\) … layers\.6 \(Linear\): 3 repeated modules \(\d+ nodes\) folded into one$/);
    const ids = new Set(folded.nodes.map((n) => n.id));
    expect(folded.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
  });

  it("keeps the drawing under the node limit, output side first, with a note", () => {
    let x = tensor([0.5], { requiresGrad: true, name: "x" });
    for (let i = 0; i < 100; i++) x = x.sin();
    const m = foldForDrawing(captureGraph(x).model, { maxNodes: 20 });
    expect(drawnCount(m)).toBeLessThanOrEqual(20);
    expect(m.nodes.some((n) => n.id === m.output)).toBe(true);
    expect(m.notes.at(-1)).toMatch(/nodes farthest from the output folded \(node limit 20/);
    expect(toDot(x, { maxNodes: 20 })).toContain("earlier nodes");
  });

  it("leaves small graphs alone under auto", () => {
    const m = captureGraph(mlpLoss([2, 3, 1])).model;
    expect(foldForDrawing(m)).toBe(m);
    expect(foldForDrawing(m, { collapse: "all" }).nodes.filter((n) => n.kind === "module")).toHaveLength(2);
    expect(
      foldForDrawing(m, { collapse: ["layers.2"] })
        .nodes.filter((n) => n.kind === "module")
        .map((n) => n.name),
    ).toEqual(["layers.2 (Linear)"]);
  });
});
