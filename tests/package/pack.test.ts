/** @file What `npm pack` ships: the built library and CLI, LICENSE and the datasets' attribution; no benchmarks, no source maps. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

interface Pack {
  files: { path: string }[];
}

/** Conditional targets of package.json "exports"/"imports", flattened. */
function targets(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return v && typeof v === "object" ? Object.values(v).flatMap(targets) : [];
}

describe("the npm package", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as Record<string, unknown>;
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" });
  const files = new Set((JSON.parse(out) as Pack[])[0]!.files.map((f) => f.path));

  it("ships LICENSE, README and data/SOURCES.md (the datasets' CC BY 4.0 attribution)", () => {
    for (const f of ["LICENSE", "README.md", "data/SOURCES.md", "package.json"]) expect(files.has(f)).toBe(true);
    expect(readFileSync("LICENSE", "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the chainrule authors/);
  });

  it("leaves out the benchmarks, source maps, tests and sources", () => {
    const extra = [...files].filter((f) => /^dist\/bench\/|\.map$|^(src|tests|bench|scripts|assembly)\//.test(f));
    expect(extra).toEqual([]);
  });

  it("contains every file its exports, imports and bin point at (built by npm run build)", () => {
    const points = [...targets(pkg["exports"]), ...targets(pkg["imports"]), ...targets(pkg["bin"])].map((t) => t.replace(/^\.\//, ""));
    expect(points.length).toBeGreaterThan(5);
    for (const t of points) expect(files.has(t), t).toBe(true);
  });

  it("pins katex to a release whose dependencies accept Node 20 (no EBADENGINE on install)", () => {
    const deps = pkg["dependencies"] as Record<string, string>;
    expect(deps["katex"]).toMatch(/^\d+\.\d+\.\d+$/);
    const fromKatex = createRequire(createRequire(import.meta.url).resolve("katex/package.json"));
    const katexDeps = (fromKatex("katex/package.json") as { dependencies: Record<string, string> }).dependencies;
    expect(Object.keys(katexDeps)).toEqual(["commander"]);
    const commander = fromKatex("commander/package.json") as { engines?: { node?: string } };
    // ">= 12" is fine; ">=22.12.0" (commander 15) is what made npm warn on Node 20
    expect(commander.engines?.node ?? ">=0").not.toMatch(/>=\s*(2[1-9]|[3-9]\d)/);
  });
});
