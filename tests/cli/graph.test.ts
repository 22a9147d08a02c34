/** @file `chainrule graph`: writes the SVG, HTML viewer and DOT of each example and prints the chain rule. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it, vi } from "vitest";
import { registerGraph } from "../../cli/commands/graph.js";

const dir = mkdtempSync(join(tmpdir(), "chainrule-graph-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerGraph(program);
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  try {
    await program.parseAsync(["node", "chainrule", "graph", ...args]);
  } finally {
    spy.mockRestore();
  }
  return lines.join("\n");
}

describe("chainrule graph", () => {
  it("writes seed-f's SVG, HTML and DOT and prints the worksheet's equations", async () => {
    const out = await run("seed-f", "-o", dir);
    expect(out).toContain("∂f/∂W = ∂f/∂z · ∂z/∂W = −2r·σ(z)(1−σ(z))·xᵀ");
    for (const ext of ["svg", "html", "dot"]) expect(out).toContain(join(dir, `seed-f.${ext}`));
    expect(readFileSync(join(dir, "seed-f.svg"), "utf8")).toContain("<svg");
    expect(readFileSync(join(dir, "seed-f.dot"), "utf8")).toContain("digraph chainrule");
  });

  it("writes only the files named, for seed-l and mlp", async () => {
    const html = join(dir, "l.html");
    const out = await run("seed-l", "--html", html, "--latex");
    expect(out).toContain("\\frac{\\partial \\ell}{\\partial \\mathbf{x}_{4}}");
    expect(readFileSync(html, "utf8")).toContain("chainrule-data");
    await run("mlp", "--svg", join(dir, "mlp.svg"), "--mermaid", join(dir, "mlp.mmd"), "-q");
    expect(readFileSync(join(dir, "mlp.svg"), "utf8")).toContain("layers.0 (Linear)");
    expect(readFileSync(join(dir, "mlp.mmd"), "utf8")).toContain("flowchart LR");
  });

  it("rejects an unknown example or format", async () => {
    await expect(run("nope")).rejects.toThrow(/seed-f, seed-l, mlp/);
    await expect(run("seed-f", "-o", dir, "--format", "png", "-q")).rejects.toThrow(/unknown format png/);
  });
});
