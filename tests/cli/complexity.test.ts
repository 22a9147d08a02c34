/** @file The complexity experiment at small d: both gradients agree, the slopes are fitted, --json is the documented document. */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerComplexity, runComplexity } from "../../cli/commands/complexity.js";
import {
  complexityInputs,
  gradW1Backprop,
  gradW1ForwardDifferences,
  logLogSlope,
  maxRelDiff,
} from "../../cli/commands/complexity-measure.js";
import { seedLClosed } from "../../cli/commands/demo-closed-forms.js";

describe("complexity measurement", () => {
  it("forward differences (one at a time or batched) match backprop and the closed form", () => {
    const inp = complexityInputs(6);
    const analytic = gradW1Backprop(inp);
    const closed = seedLClosed({ W1: inp.W1.data, W2: inp.W2.data, b: inp.b.data, x: inp.x.data, y: inp.y.data, d: 6 }, "tanh").dW1;
    expect(maxRelDiff(closed, analytic)).toBeLessThan(1e-12);
    const one = gradW1ForwardDifferences(inp, 1);
    const batched = gradW1ForwardDifferences(inp, 7);
    expect(maxRelDiff(analytic, one)).toBeLessThan(1e-4);
    expect(maxRelDiff(one, batched)).toBeLessThan(1e-9);
    // W₁ is restored after the in-place perturbations
    expect(Array.from(inp.W1.data)).toEqual(Array.from(complexityInputs(6).W1.data));
  });

  it("maxRelDiff sees a wrong gradient", () => {
    expect(maxRelDiff([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(maxRelDiff([1, 2, 3], [1, 2, 3.3])).toBeCloseTo(0.1, 12);
  });

  it("fits least-squares slopes on log-log axes over d ≥ 16", () => {
    const pts = [8, 16, 32, 64].map((d) => ({ d, ms: 3 * d ** 4 }));
    expect(logLogSlope(pts)).toBeCloseTo(4, 10);
    // the d = 8 point is ignored when two or more sizes ≥ 16 exist
    expect(logLogSlope([{ d: 8, ms: 1000 }, ...pts.slice(1)])).toBeCloseTo(4, 10);
    expect(logLogSlope([{ d: 8, ms: 1 }])).toBeNull();
  });

  it("runs small sizes and reports rows with the documented fields", () => {
    const r = runComplexity([6, 4], { minTimeMs: 0 });
    expect(r.rows.map((row) => row.d)).toEqual([4, 6]);
    for (const row of r.rows) {
      expect(row.forwardPasses).toBe(row.d * row.d + 1);
      expect(row.numericMs).toBeGreaterThan(0);
      expect(row.analyticMs).toBeGreaterThan(0);
      expect(row.maxRelDiff).toBeLessThan(1e-4);
    }
    expect(Number.isFinite(r.numericSlope)).toBe(true);
    expect(Number.isFinite(r.analyticSlope)).toBe(true);
  });
});

describe("chainrule complexity --json", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints {rows, numericSlope, analyticSlope} and writes the chart", async () => {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const program = new Command().exitOverride();
    registerComplexity(program);
    const dir = mkdtempSync(join(tmpdir(), "chainrule-complexity-"));
    await program.parseAsync(["node", "chainrule", "complexity", "--json", "--d", "4,6,8", "--min-time", "20", "--out", dir]);
    vi.restoreAllMocks();
    const doc = JSON.parse(out) as { rows: Record<string, number>[]; numericSlope: number; analyticSlope: number };
    expect(doc.rows.map((r) => r["d"])).toEqual([4, 6, 8]);
    for (const row of doc.rows) {
      expect(Object.keys(row).sort()).toEqual(["analyticMs", "d", "forwardPasses", "maxRelDiff", "numericMs"]);
      expect(row["maxRelDiff"]).toBeLessThan(1e-4);
    }
    expect(typeof doc.numericSlope).toBe("number");
    expect(typeof doc.analyticSlope).toBe("number");
    const svgPath = join(dir, "complexity.svg");
    expect(existsSync(svgPath)).toBe(true);
    const svg = readFileSync(svgPath, "utf8");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("forward differences");
    expect(svg).toContain("backprop");
  }, 60_000);
});
