/** @file The demo's terminal helpers: aligned tables despite colours, number formats, the graph as a text tree. */
import { describe, expect, it } from "vitest";
import { tensor } from "../../src/index.js";
import { renderGraphTree } from "../../cli/format/graph-tree.js";
import { fmtErr, fmtMs, fmtNum } from "../../cli/format/number.js";
import { makeStyle, pad, visibleWidth } from "../../cli/format/style.js";
import { renderTable } from "../../cli/format/table.js";

describe("terminal formatting", () => {
  it("measures and pads by visible width, ignoring ANSI colours", () => {
    const st = makeStyle(true);
    expect(st.enabled).toBe(true);
    expect(visibleWidth(st.good("✓"))).toBe(1);
    expect(visibleWidth("∂ℓ/∂W₁")).toBe(6);
    expect(pad(st.bad("ab"), 4, "right").endsWith(st.bad("ab"))).toBe(true);
    expect(makeStyle(false).mark(false)).toBe("✗");
  });

  it("aligns table columns when cells are coloured", () => {
    const st = makeStyle(true);
    const lines = renderTable(
      [{ header: "name" }, { header: "value", align: "right" }, { header: "" }],
      [
        ["a", "1", st.mark(true)],
        ["long name", "12345", st.mark(false)],
      ],
    );
    // eslint-disable-next-line no-control-regex
    const plain = lines.map((l) => l.replace(/\u001b\[[0-9;]*m/g, ""));
    expect(plain).toEqual(["name       value", "─────────  ─────  ─", "a              1  ✓", "long name  12345  ✗"]);
  });

  it("formats numbers with a real minus and exponents for tiny values", () => {
    expect(fmtNum(-0.25, 4)).toBe("−0.2500");
    expect(fmtNum(3.2e-12)).toBe("3.200e−12");
    expect(fmtNum(0)).toBe("0");
    expect(fmtErr(4.4e-16)).toBe("4.4e−16");
    expect(fmtMs(0.01234)).toBe("0.0123 ms");
  });

  it("draws a graph as a tree, inputs under each op, a shared node once", () => {
    const w = tensor(0.5, { dtype: "float64", requiresGrad: true, name: "w" });
    const sq = w.square().named("q");
    const out = sq.mul(sq.exp()).named("out");
    const lines = renderGraphTree(out, { values: false });
    expect(lines[0]).toMatch(/^out ← mul\s+\[\]$/);
    expect(lines.some((l) => /├─ q ← square/.test(l))).toBe(true);
    expect(lines.some((l) => /q \(see above\)/.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes("w (input, ∂)"))).toHaveLength(1);
  });
});
