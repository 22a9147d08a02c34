/** @file Every TypeScript code block of the README runs as written against the built package, so the guide cannot rot. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The ```ts blocks of a Markdown text, each with the heading it sits under and its line. */
export function tsBlocks(markdown: string): { heading: string; line: number; code: string }[] {
  const blocks: { heading: string; line: number; code: string }[] = [];
  const lines = markdown.split("\n");
  let heading = "(top)";
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith("#")) heading = l.replace(/^#+\s*/, "");
    if (/^```(ts|typescript|js|javascript)\s*$/.test(l)) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end]!.startsWith("```")) end++;
      blocks.push({ heading, line: start + 1, code: lines.slice(start, end).join("\n") });
      i = end;
    }
  }
  return blocks;
}

// Scripts live inside the package (under the git-ignored out/), so `import … from "chainrule"`
// resolves to this package's built entry by Node's self-reference through package.json "exports".
const scriptDir = join(root, "out", "readme-examples");
const workDir = mkdtempSync(join(tmpdir(), "chainrule-readme-"));
mkdirSync(scriptDir, { recursive: true });
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = tsBlocks(readme);

describe("README code blocks", () => {
  it("finds the guide's examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((b, i) => [`#${i + 1} under "${b.heading}" (README.md:${b.line})`, b, i] as const))(
    "%s runs without an error",
    (_label, block, i) => {
      const js = transformSync(block.code, { loader: "ts", format: "esm", target: "node20" }).code;
      const file = join(scriptDir, `block-${i + 1}.mjs`);
      writeFileSync(file, js);
      const run = spawnSync(process.execPath, [file], { cwd: workDir, encoding: "utf8", timeout: 120_000 });
      expect(run.stderr + (run.error ? String(run.error) : ""), `README.md:${block.line}`).not.toMatch(/Error|at file:/);
      expect(run.status, `README.md:${block.line}\n${run.stderr}`).toBe(0);
    },
  );
});
