/** @file What `npm pack` ships for the two packages built into packages/: the library (no dependencies) and the command; LICENSE and the datasets' attribution in both. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PICTURE_PACKAGES } from "../../src/graph/optional-import.js";

interface Pack {
  files: { path: string }[];
}

type Json = Record<string, unknown>;

/** Conditional targets of package.json "exports"/"imports"/"bin", flattened. */
function targets(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return v && typeof v === "object" ? Object.values(v).flatMap(targets) : [];
}

const root = JSON.parse(readFileSync("package.json", "utf8")) as Json;

const cache = new Map<string, { pkg: Json; files: Set<string>; dir: string }>();

/** The package folder's package.json and the files `npm pack` would put in its tarball (asked once per package). */
function packed(name: string): { pkg: Json; files: Set<string>; dir: string } {
  const hit = cache.get(name);
  if (hit) return hit;
  const dir = join("packages", name);
  if (!existsSync(join(dir, "package.json"))) throw new Error(`${dir} is missing: run npm run build first (npm test does).`);
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", `./${dir}`], { encoding: "utf8" });
  const files = new Set((JSON.parse(out) as Pack[])[0]!.files.map((f) => f.path));
  const result = { pkg: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Json, files, dir };
  cache.set(name, result);
  return result;
}

describe.each(["chainrule", "chainrule-cli"])("the npm package %s", (name) => {
  const { pkg, files, dir } = packed(name);

  it("ships LICENSE, README, data/SOURCES.md (the datasets' CC BY 4.0 attribution) and the word list's SCOWL notice", () => {
    for (const f of ["LICENSE", "README.md", "data/SOURCES.md", "data/wamerican-copyright.txt", "package.json"])
      expect(files.has(f), f).toBe(true);
    expect(readFileSync(join(dir, "data/wamerican-copyright.txt"), "utf8")).toMatch(/Copyright 2000-2011 by Kevin Atkinson/);
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(readFileSync("LICENSE", "utf8"));
    expect(readFileSync(join(dir, "data/SOURCES.md"), "utf8")).toMatch(/CC BY 4\.0/);
  });

  it("leaves out the benchmarks, source maps, tests and sources; no file points at a missing map", () => {
    const extra = [...files].filter((f) => /^dist\/bench\/|\.map$|^(src|tests|bench|scripts|assembly|cli)\//.test(f));
    expect(extra).toEqual([]);
    const js = [...files].filter((f) => f.endsWith(".js"));
    expect(js.filter((f) => readFileSync(join(dir, f), "utf8").includes("sourceMappingURL"))).toEqual([]);
  });

  it("contains every file its exports, imports and bin point at", () => {
    const points = [...targets(pkg["exports"]), ...targets(pkg["imports"]), ...targets(pkg["bin"])].map((t) => t.replace(/^\.\//, ""));
    expect(points.length).toBeGreaterThan(0);
    for (const t of points) expect(files.has(t), t).toBe(true);
  });

  it("has the repository's version, license and engines, and no scripts (nothing runs on install)", () => {
    expect(pkg["version"]).toBe(root["version"]);
    expect(pkg["license"]).toBe("MIT");
    expect(pkg["engines"]).toEqual({ node: ">=20" });
    expect(pkg["scripts"]).toBeUndefined();
    expect(pkg["devDependencies"]).toBeUndefined();
    expect(pkg["private"]).toBeUndefined();
  });
});

describe("how the two packages depend", () => {
  const core = packed("chainrule").pkg;
  const cli = packed("chainrule-cli").pkg;

  it("chainrule has no dependencies; KaTeX, Graphviz and webgpu are optional peers, at the versions its errors name", () => {
    const peers = { ...PICTURE_PACKAGES, webgpu: ">=0.6.0" };
    expect(core["dependencies"]).toBeUndefined();
    expect(core["peerDependencies"]).toEqual(peers);
    expect(root["peerDependencies"]).toEqual(peers);
    expect(core["peerDependenciesMeta"]).toEqual({
      katex: { optional: true },
      "@hpcc-js/wasm-graphviz": { optional: true },
      webgpu: { optional: true },
    });
    expect(core["bin"]).toBeUndefined();
  });

  it("chainrule-cli depends on this very chainrule, the pictures' libraries and the command's, at the repository's versions", () => {
    const deps = cli["dependencies"] as Record<string, string>;
    expect(deps["chainrule"]).toBe(root["version"]);
    for (const [n, v] of Object.entries(PICTURE_PACKAGES)) expect(deps[n]).toBe(v);
    const dev = root["devDependencies"] as Record<string, string>;
    for (const n of ["commander", "picocolors", "cli-progress", "vega", "vega-lite"]) expect(deps[n], n).toBe(dev[n]);
    expect(deps["webgpu"], "the CLI does not pull in the ~150 MB webgpu package").toBeUndefined();
    expect(cli["bin"]).toEqual({ chainrule: "./dist/cli/chainrule.js" });
  });

  it("pins katex to a release whose dependencies accept Node 20 (no EBADENGINE when the pictures are installed)", () => {
    expect(PICTURE_PACKAGES.katex).toMatch(/^\d+\.\d+\.\d+$/);
    const fromKatex = createRequire(createRequire(import.meta.url).resolve("katex/package.json"));
    const katexDeps = (fromKatex("katex/package.json") as { dependencies: Record<string, string> }).dependencies;
    expect(Object.keys(katexDeps)).toEqual(["commander"]);
    const commander = fromKatex("commander/package.json") as { engines?: { node?: string } };
    // ">= 12" is fine; ">=22.12.0" (commander 15) is what made npm warn on Node 20
    expect(commander.engines?.node ?? ">=0").not.toMatch(/>=\s*(2[1-9]|[3-9]\d)/);
  });
});
