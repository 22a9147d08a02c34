/** @file toHTML: one self-contained offline page with the SVG, node data, backward steps and KaTeX equations. */
import { describe, expect, it } from "vitest";
import { toHTML } from "../../src/index.js";
import { backwardSteps } from "../../src/graph/viewer-steps.js";
import { captureGraph } from "../../src/graph/capture.js";
import { loadTex } from "../../src/graph/katex-inline.js";
import { worksheetF } from "./fixtures.js";

interface ViewData {
  views: {
    key: string;
    svg: string;
    nodes: Record<string, { title: string; grad: string | null }>;
    steps: { text: string; lit: string[] }[];
  }[];
  initial: string;
}

function pageData(html: string): ViewData {
  const m = /<script type="application\/json" id="chainrule-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(m![1]!) as ViewData;
}

describe("toHTML", () => {
  it("is one file that needs no network: inlined SVG, script, KaTeX CSS and fonts", async () => {
    const html = await toHTML(worksheetF().f, { title: "f" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toMatch(/url\((?!data:)/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain("data:font/woff2;base64,");
    expect(html).toContain('class="katex"');
    expect(html).not.toContain("katex-error");
    expect(html).toContain('<link rel="icon" href="data:,">');
  });

  it("carries each node's gradient and one backward step per gradient edge", async () => {
    const { f, W } = worksheetF();
    const data = pageData(await toHTML(f));
    expect(data.views.map((v) => v.key)).toEqual(["graph"]);
    const view = data.views[0]!;
    expect(view.svg).toContain("<svg");
    expect(view.nodes["n1"]!.title).toBe("W");
    expect(view.nodes["n1"]!.grad).toContain(String(Number(W.grad!.data[1]!.toPrecision(4))));
    // the seed, then each edge whose source needs a gradient, from the output back: r→square, s→sub, σ→Σ, z→σ, W·x→add, b→add, W→matmul
    expect(view.steps.map((s) => s.text.split(";")[0])).toEqual([
      "∂f/∂f = 1 (the seed)",
      "∂f/∂r",
      "∂f/∂s = ∂f/∂r · ∂r/∂s",
      "∂f/∂σ = ∂f/∂s · ∂s/∂σ",
      "∂f/∂z = ∂f/∂σ · ∂σ/∂z",
      "∂f/∂(W·x) = ∂f/∂z · ∂z/∂(W·x)",
      "∂f/∂b = ∂f/∂z · ∂z/∂b",
      "∂f/∂W = ∂f/∂(W·x) · ∂(W·x)/∂W",
    ]);
    expect(view.steps[4]!.lit).toEqual(["n6", "n6_op", "e_n5_n6_0", "e_n6_op_n6", "n5"]);
  });

  it("without backward() the stepper still shows the gradients' numbers, and no .grad is set", async () => {
    const { f, W } = worksheetF(false);
    const data = pageData(await toHTML(f)) as ViewData & { computed: boolean };
    const { W: W2, f: f2 } = worksheetF(true);
    expect(data.computed).toBe(true);
    expect(W.grad).toBeNull();
    expect(f.grad).toBeNull();
    const view = data.views[0]!;
    expect(view.nodes["n1"]!.grad).toContain(String(Number(W2.grad!.data[1]!.toPrecision(4))));
    const expected = pageData(await toHTML(f2)).views[0]!.steps.map((s) => s.text);
    expect(view.steps.map((s) => s.text)).toEqual(expected);
    expect(view.steps.at(-1)!.text).toContain("→");
  });

  it("marks a gradient summed over several uses", async () => {
    const { f } = worksheetF();
    const m = captureGraph(f).model;
    m.edges.push({ from: "n5", to: "n8", index: 2, shape: [3] });
    expect(backwardSteps(m, await loadTex()).some((s) => s.text.includes("∂f/∂z +="))).toBe(true);
  });
});
