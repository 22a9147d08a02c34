/** @file The demo: every worksheet item's closed form, autodiff and numeric values agree; --json is one valid document. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerDemo, runDemo } from "../../cli/commands/demo.js";
import { renderDemo } from "../../cli/commands/demo-render.js";
import { compareRow } from "../../cli/commands/demo-types.js";
import { makeStyle } from "../../cli/format/style.js";

const result = runDemo({ sideNoteSizes: [4, 8] });

describe("chainrule demo", () => {
  it("walks the worksheet in order", () => {
    expect(result.sections.map((s) => s.id)).toEqual(["1(a)", "1(b)", "1(c)", "2(a)", "2(b)", "2(c)", "2(d)", "2(e)", "2(f)", "side note"]);
  });

  it.each(result.sections.map((s) => [s.id, s] as const))("%s: closed form, autodiff and numeric agree", (_id, s) => {
    expect(s.rows.length).toBeGreaterThan(0);
    for (const r of s.rows) {
      expect(r.agree, `${s.id} ${r.label}`).toBe(true);
      expect(Number.isFinite(r.closedForm) && Number.isFinite(r.autodiff)).toBe(true);
      // away from ReLU's kink the three values are close: exact arithmetic twice, then finite differences
      if (!r.note) {
        expect(r.closedVsAutodiff).toBeLessThan(1e-9 * (1 + Math.abs(r.closedForm)));
        if (r.autodiffVsNumeric !== null) expect(r.autodiffVsNumeric).toBeLessThan(1e-5 * (1 + Math.abs(r.autodiff)));
      }
    }
    for (const n of s.notes) expect(n.ok, n.text).not.toBe(false);
    expect(s.ok).toBe(true);
  });

  it("shows ReLU′(0) under both subgradient choices, and the kink is explained", () => {
    const relu = result.sections.find((s) => s.id === "1(b)")!;
    const atZero = relu.rows.filter((r) => r.label.startsWith("x = 0"));
    expect(atZero.map((r) => r.autodiff)).toEqual([0, 1]);
    expect(atZero.every((r) => r.numeric !== null && Math.abs(r.numeric - 0.5) < 1e-6 && r.note?.includes("kink"))).toBe(true);
  });

  it("shows f decreasing under gradient descent and the graph of f as text", () => {
    const gd = result.sections.find((s) => s.id === "2(d)")!;
    const fs = gd.rows.filter((r) => r.label.startsWith("f after")).map((r) => r.autodiff);
    expect(fs.length).toBeGreaterThanOrEqual(3);
    fs.forEach((v, i) => i > 0 && expect(v).toBeLessThan(fs[i - 1]!));
    const graph = result.sections.find((s) => s.id === "2(b)")!.graph!.join("\n");
    for (const part of ["f ← square", "r ← sub", "s ← sum", "sigmoid", "W (input, ∂)", "b (input, ∂)"]) expect(graph).toContain(part);
  });

  it("covers 2(e)'s four gradients for each of the four activations", () => {
    const labels = result.sections.find((s) => s.id === "2(e)")!.rows.map((r) => r.label);
    for (const phi of ["identity", "tanh", "σ", "ReLU"]) {
      for (const g of ["∂ℓ/∂x", "∂ℓ/∂W₁", "∂ℓ/∂W₂", "∂ℓ/∂b"]) expect(labels).toContain(`Φ = ${phi}: ${g}`);
    }
  });

  it("marks a disagreement with ✗ (the comparison can fail)", () => {
    expect(compareRow("bad", 1, 1.001, 1.001).agree).toBe(false);
    expect(compareRow("bad", 1, 1, 1.1).agree).toBe(false);
    const text = renderDemo(
      { ...result, sections: [{ ...result.sections[0]!, rows: [compareRow("bad", 1, 2, 2)], ok: false }] },
      makeStyle(false),
    );
    expect(text.join("\n")).toMatch(/✗ disagreement in 1\(a\)/);
  });

  it("renders plain text with numbered sections and ✓ marks", () => {
    const text = renderDemo(result, makeStyle(false)).join("\n");
    expect(text.includes("\u001b[")).toBe(false);
    for (const id of ["1(a)", "1(c)", "2(f)", "side note"]) expect(text).toContain(id);
    expect(text).toMatch(/✓ all 10 items agree/);
  });
});

describe("chainrule demo --json", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints one JSON document with every section", async () => {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const program = new Command().exitOverride();
    registerDemo(program);
    const dir = mkdtempSync(join(tmpdir(), "chainrule-demo-"));
    await program.parseAsync(["node", "chainrule", "demo", "--json", "--out", dir]);
    vi.restoreAllMocks();
    const doc = JSON.parse(out) as { ok: boolean; sections: { id: string; ok: boolean; rows: unknown[] }[] };
    expect(doc.ok).toBe(true);
    expect(doc.sections).toHaveLength(10);
    expect(doc.sections.every((s) => s.ok && Array.isArray(s.rows))).toBe(true);
  });
});
