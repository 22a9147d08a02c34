/** @file Fills packages/chainrule and packages/chainrule-cli from dist/: the two npm packages, each with a clean package.json (see docs/packages.md). */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
const version = pkg["version"] as string;
const devDeps = pkg["devDependencies"] as Record<string, string>;
const peers = pkg["peerDependencies"] as Record<string, string>;

/** Every file shipped in every package: the license and the datasets' CC BY 4.0 attribution. */
const LEGAL = ["LICENSE", "data/SOURCES.md", "data/wamerican-copyright.txt"];

/** Relative specifiers (`./x.js`) and bare ones (`katex`, `node:fs`, `#node-files`) in compiled JS or .d.ts text. */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, ""); // JSDoc examples import things too
  const found: string[] = [];
  for (const m of code.matchAll(/^\s*(?:import|export)\b[^\n]*?\bfrom\s*"([^"]+)"|^\s*import\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm))
    found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

/** Targets of package.json "imports" (`#node-files` → its files), flattened. */
function importTargets(v: unknown): string[] {
  if (typeof v === "string") return [v.replace(/^\.\//, "")];
  return v && typeof v === "object" ? Object.values(v).flatMap(importTargets) : [];
}

interface Walk {
  /** Files reached, relative to the repository root (POSIX separators). */
  files: Set<string>;
  /** Bare package names imported (`node:` built-ins left out). */
  packages: Set<string>;
}

/** Follows relative imports from `entries`; `stop(file)` true keeps a file out (the walk does not enter it). */
function walk(entries: string[], stop: (file: string) => boolean = () => false): Walk {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.has(file) || stop(file)) continue;
    const abs = join(root, file);
    if (!existsSync(abs)) throw new Error(`build-packages: ${file} is missing; run npm run build (tsc) first.`);
    files.add(file);
    for (const s of specifiers(readFileSync(abs, "utf8"))) {
      if (s.startsWith(".")) {
        todo.push(posix.join(posix.dirname(file), s.endsWith(".js") && file.endsWith(".d.ts") ? s.replace(/\.js$/, ".d.ts") : s));
      } else if (s.startsWith("#")) {
        const targets = importTargets((pkg["imports"] as Record<string, unknown>)[s]);
        if (!targets.length) throw new Error(`build-packages: ${file} imports ${s}, which package.json "imports" does not map.`);
        todo.push(...targets.filter((t) => t.endsWith(file.endsWith(".d.ts") ? ".d.ts" : ".js")));
      } else if (!s.startsWith("node:")) {
        packages.add(s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!);
      }
    }
  }
  return { files, packages };
}

/** Copies `file` (relative to the root) to `to`, with source-map comments dropped and `rewrite` applied to its text. */
function copy(file: string, to: string, rewrite: (text: string) => string = (t) => t): void {
  mkdirSync(dirname(to), { recursive: true });
  if (!/\.(js|ts)$/.test(file)) {
    copyFileSync(join(root, file), to);
    return;
  }
  const text = readFileSync(join(root, file), "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  writeFileSync(to, rewrite(text));
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The package.json fields both packages copy from the root's. */
const common = {
  version,
  license: pkg["license"],
  type: "module",
  engines: pkg["engines"],
  keywords: pkg["keywords"],
};

/** The library: everything reachable from dist/src/index.js (and its types), no dependencies, the pictures' libraries as optional peers. */
function buildCore(out: string): Walk {
  // every target of "imports" ships (its "types" condition too), reached or not
  const mapped = importTargets(pkg["imports"]);
  const js = walk(["dist/src/index.js", ...mapped.filter((t) => !t.endsWith(".d.ts"))]);
  const types = walk(["dist/src/index.d.ts", ...mapped.filter((t) => t.endsWith(".d.ts"))]);
  if (js.packages.size > Object.keys(peers).length || [...js.packages].some((p) => !(p in peers)))
    throw new Error(
      `build-packages: the library imports ${[...js.packages].join(", ")}; only optional peers (${Object.keys(peers).join(", ")}) are allowed, loaded on first use.`,
    );
  for (const f of [...js.files, ...types.files]) copy(f, join(out, f));
  for (const f of [...LEGAL, "README.md"]) copy(f, join(out, f));
  writeJson(join(out, "package.json"), {
    name: "chainrule",
    ...common,
    description: pkg["description"],
    main: pkg["main"],
    types: pkg["types"],
    exports: pkg["exports"],
    imports: pkg["imports"],
    peerDependencies: peers,
    peerDependenciesMeta: pkg["peerDependenciesMeta"],
  });
  return js;
}

const CLI_README = `# chainrule-cli

The \`chainrule\` command: the worksheet demo, the complexity experiment, training with charts, graphs
and symbolic derivatives. It brings the libraries the command draws with (Graphviz, KaTeX, Vega);
the library itself is the package [\`chainrule\`](https://www.npmjs.com/package/chainrule).

\`\`\`sh
npx chainrule-cli demo          # or: npm install chainrule-cli, then npx chainrule demo
npx chainrule-cli train --help
\`\`\`

MIT licensed (LICENSE). The datasets' attribution (CC BY 4.0) and the word list's licence (SCOWL) are in data/SOURCES.md.
`;

/** The command: dist/cli and the few dist/src files it imports besides the index (the worksheet examples), importing the library as "chainrule". */
function buildCli(out: string): Walk {
  const index = "dist/src/index.js";
  const cli = walk(["dist/cli/chainrule.js"], (f) => f === index);
  const fromSrc = [...cli.files].filter((f) => f.startsWith("dist/src/"));
  const stray = fromSrc.filter((f) => !f.startsWith("dist/src/examples/"));
  if (stray.length)
    throw new Error(
      `build-packages: the CLI imports ${stray.join(", ")} directly; import from src/index.js (the public API) so chainrule-cli can use the chainrule package.`,
    );
  const toIndex = (file: string) => (text: string) =>
    text.replace(/((?:\bfrom\s*|\bimport\(\s*)")(\.[^"]+)"/g, (all, head: string, s: string) =>
      posix.join(posix.dirname(file), s) === index ? `${head}chainrule"` : all,
    );
  for (const f of cli.files) copy(f, join(out, f), toIndex(f));
  for (const f of LEGAL) copy(f, join(out, f));
  writeFileSync(join(out, "README.md"), CLI_README);
  // the command draws pictures, so it brings the library's optional peers too (not webgpu: ~150 MB, for GPU users to add)
  const deps = [...new Set([...cli.packages, ...Object.keys(peers).filter((p) => p !== "webgpu")])].sort();
  const missing = deps.filter((d) => !devDeps[d] && !peers[d]);
  if (missing.length) throw new Error(`build-packages: the CLI imports ${missing.join(", ")}, which package.json does not list.`);
  writeJson(join(out, "package.json"), {
    name: "chainrule-cli",
    ...common,
    description: "The chainrule command: the worksheet demo, training with charts, graphs of the chain rule and symbolic derivatives.",
    bin: { chainrule: "./dist/cli/chainrule.js" },
    dependencies: { chainrule: version, ...Object.fromEntries(deps.map((d) => [d, peers[d] ?? devDeps[d]!])) },
  });
  return cli;
}

const packages = join(root, "packages");
for (const [name, build] of [
  ["chainrule", buildCore],
  ["chainrule-cli", buildCli],
] as const) {
  const out = join(packages, name);
  rmSync(out, { recursive: true, force: true });
  const { files } = build(out);
  if (process.argv.includes("--verbose")) console.log(`${relative(root, out)}: ${files.size} modules`);
}
