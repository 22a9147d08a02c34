/** @file Every file the CLI produces is written atomically, through the one helper (writeFileAtomic). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("CLI output files", () => {
  it("no CLI file writes with plain writeFile/createWriteStream (a Ctrl-C would leave a truncated file); they use writeFileAtomic", () => {
    const root = join(import.meta.dirname, "..", "..", "cli");
    const plain = sources(root).filter((p) =>
      /\b(writeFile|writeFileSync|createWriteStream|appendFile)\s*\(/.test(readFileSync(p, "utf8").replace(/^\s*\*.*$/gm, "")),
    );
    expect(plain).toEqual([]);
    const atomic = sources(root).filter((p) => readFileSync(p, "utf8").includes("writeFileAtomic("));
    expect(atomic.map((p) => p.slice(root.length + 1)).sort()).toEqual([
      "commands/complexity.ts",
      "commands/demo.ts",
      "commands/graph-files.ts",
      "train/pictures.ts",
    ]);
  });
});
