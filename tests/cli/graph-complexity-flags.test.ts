/** @file `chainrule graph` and `complexity` flags: validated seeds, sizes and activations, stdout output, pasteable LaTeX, honest fits. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import katex from "katex";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runChainrule } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "chainrule-graph-flags-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const chainrule = runChainrule;

describe("chainrule graph flags", () => {
  it.each(["abc", "-5", "1.5"])("--seed %s is refused like train's --seed", async (seed) => {
    await expect(chainrule("graph", "seed-f", "-q", "-o", dir, `--seed=${seed}`)).rejects.toThrow(
      `--seed must be an integer ≥ 0, got "${seed}".`,
    );
  });

  it("--phi softmax lists the valid choices", async () => {
    await expect(chainrule("graph", "seed-f", "-q", "-o", dir, "--phi", "softmax")).rejects.toThrow(
      '--phi must be one of sigmoid, tanh, relu, identity, got "softmax".',
    );
  });

  it("--svg - writes the SVG to stdout, not to a file named -", async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { stdout, stderr } = await chainrule("graph", "seed-f", "--svg", "-");
      expect(stdout.trimStart()).toMatch(/^<\?xml /);
      expect(stdout).toContain("<svg ");
      expect(stdout.trimEnd()).toMatch(/<\/svg>$/);
      expect(stderr).toContain("∂f/∂W");
      expect(existsSync(join(dir, "-"))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it.each(["seed-f", "seed-l", "mlp"])(
    "graph %s --latex prints a fragment that compiles: % comments and aligned blocks whose rows all have a left-hand side",
    async (ex) => {
      const { stdout } = await chainrule("graph", ex, "--latex", "-o", dir, "--format", "dot");
      const lines = stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^% /);
      const body = lines.filter((l) => l.trim() !== "" && !l.startsWith("%"));
      for (const l of body.filter((l) => !l.startsWith("\\begin") && !l.startsWith("\\end"))) expect(l).toMatch(/^\S.* &= /);
      expect(() => katex.renderToString(stdout, { displayMode: true, throwOnError: true, strict: "error" })).not.toThrow();
    },
  );
});

describe("chainrule complexity flags", () => {
  it("--d 8,8 is refused: sizes must be distinct", async () => {
    await expect(chainrule("complexity", "--d", "8,8", "--out", dir)).rejects.toThrow(
      '--d lists 8 twice; give distinct sizes like "8,16,32".',
    );
  });

  it("--d 300 is refused at once, naming the limit", async () => {
    await expect(chainrule("complexity", "--d", "16,300", "--out", dir)).rejects.toThrow(
      /--d takes sizes between 1 and 128 .*got "16,300"/,
    );
  });

  it("--d 1,2 labels its fit honestly: not 'over d ≥ 16'", async () => {
    const { stdout } = await chainrule("complexity", "--d", "1,2", "--min-time", "0", "--out", dir, "--no-color");
    expect(stdout).not.toContain("over d ≥ 16");
    expect(stdout).toContain("least squares over d = 1, 2 (fewer than two sizes d ≥ 16: not the asymptotic slope)");
    const svg = readFileSync(join(dir, "complexity.svg"), "utf8");
    expect(svg).not.toContain("over d ≥ 16");
    expect(svg).toContain("over d = 1, 2");
  });
});

describe("chainrule demo picture", () => {
  it("out/seed-f.svg shows the gradients its legend advertises (drawn after backward)", async () => {
    await chainrule("demo", "--out", dir, "--json");
    const svg = readFileSync(join(dir, "seed-f.svg"), "utf8");
    expect(svg).toContain("∇ gradient");
    expect(svg.match(/>∇ /g)?.length ?? 0).toBeGreaterThanOrEqual(4);
  });
});
