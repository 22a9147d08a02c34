/** @file A fresh `npm install chainrule` (the packed tarball, offline) into an empty project: ≤ 5 packages, ≤ 5 MB, no warnings; it runs, type-checks, and names the install command for the pictures; the CLI package runs too. */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PICTURE_PACKAGES, PICTURES_INSTALL } from "../../src/graph/optional-import.js";

const ROOT = process.cwd();
const MB = 1_000_000;

/** Runs a command; returns its exit status and everything it printed (stdout and stderr together). */
function sh(cmd: string, args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ""}` };
}

/** The installed packages under a project's node_modules (nested ones too), as folder paths. */
function installed(nodeModules: string): string[] {
  const found: string[] = [];
  if (!existsSync(nodeModules)) return found;
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith(".")) continue;
    const dirs = name.startsWith("@")
      ? readdirSync(join(nodeModules, name)).map((n) => join(nodeModules, name, n))
      : [join(nodeModules, name)];
    for (const d of dirs) {
      if (!existsSync(join(d, "package.json"))) continue;
      found.push(d);
      found.push(...installed(join(d, "node_modules")));
    }
  }
  return found;
}

/** Bytes of every file under `dir` (what the install put on disk). */
function bytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? bytes(p) : e.isFile() ? statSync(p).size : 0;
  }
  return total;
}

/** Writes an ES module into the project and runs it with Node. */
function node(project: string, file: string, code: string): { status: number | null; out: string } {
  writeFileSync(join(project, file), code);
  return sh(process.execPath, [file], project);
}

/** Links a package from this repository's node_modules into a project (as if installed there). */
function linkFromRepo(project: string, name: string): void {
  const to = join(project, "node_modules", name);
  mkdirSync(dirname(to), { recursive: true });
  symlinkSync(resolve(ROOT, "node_modules", name), to, "dir");
}

describe("npm install chainrule into an empty project", () => {
  let work: string;
  let project: string;
  let install: { status: number | null; out: string };
  const tarball = (name: string) => join(work, `${name}-0.1.0.tgz`);

  beforeAll(() => {
    for (const p of ["chainrule", "chainrule-cli"])
      if (!existsSync(join(ROOT, "packages", p, "package.json")))
        throw new Error(`packages/${p} is missing: run npm run build first (npm test does).`);
    work = mkdtempSync(join(tmpdir(), "chainrule-install-"));
    execFileSync(
      "npm",
      ["pack", "--ignore-scripts", "--silent", "--pack-destination", work, "./packages/chainrule", "./packages/chainrule-cli"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    project = join(work, "app");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true, type: "module" }));
    // --offline: the library has no dependencies, so there is nothing to download
    install = sh("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=warn", tarball("chainrule")], project);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("installs one package, under 5 MB, and prints no warning", () => {
    expect(install.status, install.out).toBe(0);
    expect(install.out).not.toMatch(/warn|EBADENGINE|deprecated/i);
    const pkgs = installed(join(project, "node_modules"));
    expect(pkgs.map((p) => p.slice(project.length + 1))).toEqual([join("node_modules", "chainrule")]);
    expect(bytes(join(project, "node_modules"))).toBeLessThan(5 * MB);
  });

  it('import { tensor, grad } from "chainrule" works, with its types', () => {
    const r = node(
      project,
      "grad.mjs",
      `import { tensor, grad } from "chainrule";\nconsole.log(JSON.stringify(grad((x) => x.mul(x).sum())(tensor([1, 2, 3])).toArray()));\n`,
    );
    expect(r.out.trim()).toBe("[2,4,6]");
    writeFileSync(
      join(project, "check.ts"),
      `import { tensor, grad, nn, type Tensor } from "chainrule";\nconst g = grad((x: Tensor) => x.square().sum())(tensor([1])) as Tensor;\nconst m = new nn.Linear(2, 1);\nexport const n: number = g.item() + m.parameters().length;\n`,
    );
    // a strict project with no @types/node: the library's types stand on their own
    const options = {
      strict: true,
      noEmit: true,
      skipDefaultLibCheck: true,
      module: "nodenext",
      target: "es2022",
      lib: ["es2022", "dom"],
      types: [],
    };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: options, files: ["check.ts"] }));
    const tsc = sh(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], project);
    expect(tsc.out).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("toHTML and renderSvg without the pictures' libraries: a MissingDependencyError that names the install command", () => {
    const r = node(
      project,
      "pictures.mjs",
      `import { tensor, toHTML, renderSvg, MissingDependencyError } from "chainrule";
const y = tensor([1, 2], { requiresGrad: true }).sum();
for (const draw of [toHTML, renderSvg]) {
  try { await draw(y); console.log("drew"); }
  catch (e) { console.log(e instanceof MissingDependencyError, e.packageName, e.message); }
}
`,
    );
    const lines = r.out.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^true katex toHTML typesets its equations with KaTeX/);
    expect(lines[1]).toMatch(/^true @hpcc-js\/wasm-graphviz renderSvg/);
    for (const l of lines) expect(l.endsWith(PICTURES_INSTALL)).toBe(true);
    expect(PICTURES_INSTALL).toBe(
      `npm install katex@${PICTURE_PACKAGES.katex} @hpcc-js/wasm-graphviz@${PICTURE_PACKAGES["@hpcc-js/wasm-graphviz"]}`,
    );
  });

  it("toHTML and renderSvg work once KaTeX and Graphviz are installed beside it", () => {
    const withPictures = join(work, "with-pictures");
    mkdirSync(join(withPictures, "node_modules"), { recursive: true });
    writeFileSync(join(withPictures, "package.json"), JSON.stringify({ name: "app2", private: true, type: "module" }));
    cpSync(join(project, "node_modules", "chainrule"), join(withPictures, "node_modules", "chainrule"), { recursive: true });
    for (const name of Object.keys(PICTURE_PACKAGES)) linkFromRepo(withPictures, name);
    const r = node(
      withPictures,
      "pictures.mjs",
      `import { tensor, toHTML, renderSvg } from "chainrule";
const y = tensor([1, 2], { requiresGrad: true }).sum();
y.backward();
const [html, svg] = [await toHTML(y), await renderSvg(y)];
console.log(html.startsWith("<!doctype html>"), html.includes("katex"), svg.includes("<svg"));
`,
    );
    expect(r.out.trim()).toBe("true true true");
  });

  it("chainrule-cli: the chainrule command runs from the installed packages (its dependencies linked, not downloaded)", () => {
    const cliProject = join(work, "cli");
    const nm = join(cliProject, "node_modules");
    mkdirSync(join(nm, "chainrule-cli"), { recursive: true });
    writeFileSync(join(cliProject, "package.json"), JSON.stringify({ name: "app3", private: true }));
    execFileSync("tar", ["-xzf", tarball("chainrule-cli"), "-C", join(nm, "chainrule-cli"), "--strip-components=1"]);
    cpSync(join(project, "node_modules", "chainrule"), join(nm, "chainrule"), { recursive: true }); // a copy: Node resolves a link from its real place
    const deps = Object.keys(
      JSON.parse(execFileSync("tar", ["-xzOf", tarball("chainrule-cli"), "package/package.json"], { encoding: "utf8" })).dependencies,
    );
    for (const d of deps.filter((d) => d !== "chainrule")) linkFromRepo(cliProject, d);
    const bin = join(nm, "chainrule-cli", "dist", "cli", "chainrule.js");
    expect(sh(process.execPath, [bin, "--version"], cliProject).out.trim()).toBe("0.1.0");
    const graph = sh(process.execPath, [bin, "graph", "seed-f", "--out", "g", "--format", "svg,html", "-q"], cliProject);
    expect(graph.status, graph.out).toBe(0);
    expect(readdirSync(join(cliProject, "g")).sort()).toEqual(["seed-f.html", "seed-f.svg"]);
  });
});
