/** @file Pictures and equations of hostile input: huge names, control characters, Mermaid syntax in names, and very long chains. Sizes are asserted, never times. */
import { describe, expect, it } from "vitest";
import { explain, tensor, toDot, toHTML, toJSON, toMermaid, type Tensor } from "../../src/index.js";
import { loadTex } from "../../src/graph/katex-inline.js";
import { nameToLatex } from "../../src/ops/latex-name.js";

/** y = Σ 2·x for an x with the given name, after backward. */
function named(name: string): Tensor {
  const x = tensor([1, 2], { requiresGrad: true, name });
  const y = x.mul(2).sum();
  y.backward();
  return y;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe("huge names", () => {
  it("tex() never throws, even on 150,000 characters that overflow KaTeX's stack", async () => {
    const tex = await loadTex();
    const html = tex(nameToLatex("x".repeat(150_000), true));
    expect(html).toContain("katex-error");
    expect(html.length).toBeLessThan(2_000);
  });

  it("a 150,000-character name is elided to 64 characters in the model, DOT, Mermaid and explain()", () => {
    const y = named("x".repeat(150_000));
    const node = toJSON(y).nodes.find((n) => n.kind === "parameter")!;
    expect([...node.name!].length).toBe(64);
    expect(node.name).toMatch(/^x+…x+$/);
    for (const text of [toDot(y), toMermaid(y), explain(y).text, explain(y).latex]) {
      expect(text).not.toContain("x".repeat(65));
      expect(text).toContain("…");
    }
  });

  it("toHTML of a 150,000-character name does not throw and is no bigger than with a 64-character name", async () => {
    const long = await toHTML(named("x".repeat(150_000)));
    const short = await toHTML(named("x".repeat(64)));
    expect(long).not.toContain("katex-error");
    expect(long).not.toContain("x".repeat(65));
    // the same page but for "…" in place of one x wherever the name appears
    expect(long.length).toBeLessThan(short.length + 10_000);
  });
});

describe("control characters and Mermaid syntax in names", () => {
  const y = (): Tensor => {
    const w = tensor([1], { requiresGrad: true, name: "a\nb %% c\u001b[31mred" });
    const z = w.mul(2).sum().named("out\n%%x");
    z.backward();
    return z;
  };

  it("Mermaid: a name with a newline and %% stays on its line, with % as an entity", () => {
    const lines = toMermaid(y()).trimEnd().split("\n");
    expect(lines[0]).toBe("flowchart LR");
    // every line is a node, an edge, a subgraph, a class or a note: nothing a name started
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {2}(n\d|subgraph|end|classDef|%% folded)|^ {4}n\d/);
    expect(lines.join("\n")).not.toMatch(CONTROL);
    expect(lines.join("\n")).toContain("#37;#37;");
    expect(lines.join("\n")).toContain("\\u000a");
  });

  it("explain().text and the other pictures show control characters as \\u escapes, never raw (no ANSI codes reach a terminal)", () => {
    const ex = explain(y());
    for (const line of ex.text.split("\n")) expect(line).not.toMatch(CONTROL);
    expect(ex.text).toContain("a\\u000ab %% c\\u001b[31mred");
    expect(toDot(y())).not.toMatch(CONTROL);
  });
});

describe("long chains in toHTML", () => {
  it("a 3,000-op chain folds its equations by default and says so: the page stays under 2.5 MB", async () => {
    let h = tensor([1], { requiresGrad: true, name: "x" });
    for (let i = 0; i < 3_000; i++) h = h.mul(1.0001);
    const y = h.sum();
    y.backward();
    const html = await toHTML(y);
    // measured: 5.6 MB before folding; about 2.1 MB folded (1.2 MB of it the folded graph's data, whatever the length)
    expect(html.length).toBeLessThan(2_500_000);
    expect(html).toMatch(/equations folded/);
    const all = await toHTML(y, { maxEquations: Infinity });
    expect(all.length).toBeGreaterThan(2 * html.length);
  });
});
