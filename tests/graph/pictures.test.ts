/** @file toDot, toMermaid and renderSvg: pinned DOT/Mermaid for the worksheet's f and ℓ, and every label present in the SVG. */
import { describe, expect, it } from "vitest";
import { captureGraph, renderSvg, toDot, toMermaid, type GraphModel } from "../../src/index.js";
import { nodeTitle } from "../../src/graph/dot.js";
import { foldForDrawing } from "../../src/graph/fold.js";
import { worksheetF, worksheetL } from "./fixtures.js";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/-/g, "&#45;");
const shapeText = (s: readonly number[]): string => (s.length ? `[${s.join(", ")}]` : "scalar");

/** Every text a drawn model must show: node titles, op labels, local derivatives, edge shapes. */
function labels(m: GraphModel): string[] {
  const out: string[] = [];
  for (const n of m.nodes) {
    const t = nodeTitle(n);
    if (t) out.push(t);
    if (n.opLabel) out.push(n.opLabel);
    for (const l of n.local) out.push(l.formula.text);
    if (n.grad) out.push(`∇ ${n.grad.text.startsWith("[[") ? n.grad.text.slice(1).split("], ")[0]! + "]" : n.grad.text}`);
  }
  for (const e of m.edges) out.push(shapeText(e.shape));
  return out;
}

describe("pictures", () => {
  it("pins the DOT of the worksheet's f", async () => {
    await expect(toDot(worksheetF().f, { title: "f" })).toMatchFileSnapshot("./__snapshots__/seed-f.dot");
  });

  it("pins the DOT of the worksheet's ℓ", async () => {
    await expect(toDot(worksheetL().l)).toMatchFileSnapshot("./__snapshots__/seed-l.dot");
  });

  it("pins the Mermaid of f and ℓ", async () => {
    await expect(toMermaid(worksheetF().f)).toMatchFileSnapshot("./__snapshots__/seed-f.mmd");
    await expect(toMermaid(worksheetL().l)).toMatchFileSnapshot("./__snapshots__/seed-l.mmd");
  });

  it("draws ops as boxes, tensors as ellipses, parameters and inputs differently", () => {
    const dot = toDot(worksheetF().f);
    expect(dot).toMatch(/n3_op \[id="n3_op", shape=box, style="rounded,filled"/);
    expect(dot).toMatch(/n9 \[id="n9", shape=ellipse, fillcolor="#dcfce7"/);
    expect(dot).toMatch(/n1 \[id="n1", shape=ellipse, fillcolor="#dbeafe".*penwidth=2/);
    expect(dot).toMatch(/n2 \[id="n2", shape=ellipse, fillcolor="#f3f4f6".*style="filled,dashed"/);
    expect(dot).toContain('n1 -> n3_op [id="e_n1_n3_0", label=" [3, 2]"]');
    expect(dot).toContain("∇ gradient");
  });

  for (const [name, make] of [
    ["f", () => worksheetF().f],
    ["ℓ", () => worksheetL().l],
  ] as const) {
    it(`renders every node and edge label of ${name} into the SVG`, async () => {
      const y = make();
      const svg = await renderSvg(y);
      expect(svg.startsWith("<?xml") || svg.startsWith("<svg") || svg.includes("<svg")).toBe(true);
      const m = foldForDrawing(captureGraph(y).model);
      const missing = labels(m).filter((l) => !svg.includes(esc(l)));
      expect(missing).toEqual([]);
      const edges = (svg.match(/class="edge"/g) ?? []).length;
      const ops = m.nodes.filter((n) => n.kind === "op").length;
      expect(edges).toBe(m.edges.length + ops);
      expect((svg.match(/class="node"/g) ?? []).length).toBe(m.nodes.length + ops);
    });
  }
});
