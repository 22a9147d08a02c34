/** @file `chainrule derive`: the table, kinks, --wrt, --at, --latex, --json, errors; and the built CLI spawned. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parsePoints, registerDerive } from "../../cli/commands/derive.js";

const run = promisify(execFile);
const CLI = join(process.cwd(), "dist", "cli", "chainrule.js");

/** Runs `chainrule derive …args` in-process; returns what it printed and the exit code it set. */
async function derive(...args: string[]): Promise<{ out: string; code: number }> {
  const program = new Command().exitOverride();
  registerDerive(program);
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await program.parseAsync(["node", "chainrule", "derive", ...args, "--no-color"]);
    return { out: lines.join("\n"), code: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = before;
    vi.restoreAllMocks();
  }
}

const sigma = (x: number): number => 1 / (1 + Math.exp(-x));

afterEach(() => vi.restoreAllMocks());

describe("chainrule derive", () => {
  it("prints σ′ and a table where symbolic, autodiff and the central difference agree", async () => {
    const { out, code } = await derive("1/(1+exp(-x))");
    expect(code).toBe(0);
    expect(out).toContain("∂/∂x 1/(1+exp(-x)) = σ(x)(1 − σ(x))");
    expect(out).toContain("note: 1/(1 + exp(−x)) = σ(x)");
    expect(out).toMatch(/symbolic\s+autodiff\s+central difference/);
    expect(out).toMatch(/x = 0\s+0\.25\s+0\.25\s+0\.25\s+✓/);
    expect(out).not.toContain("✗");
  });

  it("names kinks and undefined points", async () => {
    const { out } = await derive("abs(x) + relu(x - 1)", "--at", "x=0,1,2");
    expect(out).toContain("kinks: abs(x) at x = 0; ReLU(x − 1) at x = 1");
    expect(out).toContain("note: abs′(0) = sign(0) = 0 (chainrule's subgradient)");
    expect(out).toContain("note: ReLU′(0) = 0 (chainrule's subgradient)");
    expect(out).toMatch(/x = 0\s+0\s+0\s+0\s+✓ kink: abs\(x\) at x = 0/);
    expect(out).toMatch(/x = 1\s+1\s+1\s+1\.5\s+✓ kink: ReLU\(x − 1\) at x = 1/);
    const bad = await derive("log(x)", "--at", "x=-1", "--at", "x=2");
    expect(bad.out).toContain("undefined: log needs a positive argument, got -1 in log(x) at x = -1.");
    expect(bad.out).toMatch(/x = 2\s+0\.5\s+0\.5\s+0\.5\s+✓/);
    expect(bad.code).toBe(0);
  });

  it("--wrt, --at with several variables, and --latex", async () => {
    const { out } = await derive("x^2*y", "--wrt", "x,y", "--at", "x=0.5,y=2", "--latex");
    expect(out).toContain("∂/∂x x^2*y = 2 x y");
    expect(out).toContain("∂/∂y x^2*y = x^{2}");
    expect(out).toMatch(/x = 0\.5, y = 2\s+x\s+2\s+2\s+2\s+✓/);
    expect(out).toMatch(/\n\s+y\s+0\.25\s+0\.25\s+0\.25/);
  });

  it("--json has expression, derivative, latex and points [{ at, symbolic, autodiff, numeric }]", async () => {
    const { out } = await derive("x^2*y", "--wrt", "y", "--at", "x=3,y=1", "--json");
    const doc = JSON.parse(out);
    expect(doc).toMatchObject({ expression: "x^2*y", wrt: ["y"], derivative: "x²", latex: "x^{2}", ok: true });
    expect(doc.points).toEqual([{ at: { x: 3, y: 1 }, symbolic: 9, autodiff: 9, numeric: expect.closeTo(9, 8), ok: true }]);
  });

  it("rejects bad input with the reason", async () => {
    await expect(derive("1 + * x")).rejects.toThrow(/column 5 of "1 \+ \* x"\.\n {2}1 \+ \* x\n {6}\^/);
    await expect(derive("foo(x)")).rejects.toThrow(/unknown function "foo"/);
    await expect(derive("x^2", "--wrt", "z")).rejects.toThrow(/"z" is not a variable of x\^2/);
    await expect(derive("x*y", "--at", "x=1")).rejects.toThrow(/gives no value to "y"/);
    await expect(derive("x", "--at", "x=abc")).rejects.toThrow(/"x=abc" is not NAME=NUMBER/);
  });

  it("reads --at lists: x=0,1,2 is three points, ; separates points, − is a minus", () => {
    expect(parsePoints("x=0,1,2")).toEqual([{ x: 0 }, { x: 1 }, { x: 2 }]);
    expect(parsePoints("x=0.5,y=1,2")).toEqual([
      { x: 0.5, y: 1 },
      { x: 0.5, y: 2 },
    ]);
    expect(parsePoints("x=1;x=−2")).toEqual([{ x: 1 }, { x: -2 }]);
  });

  it.skipIf(!existsSync(CLI))('the built CLI: derive "1/(1+exp(-x))" --json equals σ(x)(1 − σ(x)) at every point, three ways', async () => {
    const { stdout } = await run(process.execPath, [CLI, "derive", "1/(1+exp(-x))", "--json"]);
    const doc = JSON.parse(stdout);
    expect(doc.expression).toBe("1/(1+exp(-x))");
    expect(doc.derivative).toBe("σ(x)(1 − σ(x))");
    expect(doc.latex).toBe("\\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)");
    expect(doc.points.length).toBeGreaterThanOrEqual(5);
    for (const p of doc.points) {
      const want = sigma(p.at.x) * (1 - sigma(p.at.x));
      expect(Math.abs(p.symbolic - want)).toBeLessThan(1e-15);
      expect(Math.abs(p.autodiff - want)).toBeLessThan(1e-15);
      expect(Math.abs(p.numeric - want)).toBeLessThan(1e-9);
      expect(p.ok).toBe(true);
    }
  });
});
