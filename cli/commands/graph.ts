/** @file `chainrule graph <example>`: writes SVG/HTML/DOT pictures of the worksheet's f and ℓ or an MLP, and prints explain(). */
import { InvalidArgumentError, type Command } from "commander";
import pc from "picocolors";
import { explain, type GraphOptions } from "../../src/index.js";
import { buildExample, GRAPH_EXAMPLES, type GraphExample } from "./graph-examples.js";
import { GRAPH_FORMATS, writeGraphFiles, type GraphFormat } from "./graph-files.js";

interface GraphFlags {
  out: string;
  format: string;
  html?: string;
  svg?: string;
  dot?: string;
  mermaid?: string;
  json?: string;
  phi?: "sigmoid" | "tanh" | "relu" | "identity";
  n?: number;
  d?: number;
  seed: number;
  backward: boolean;
  latex?: boolean;
  quiet?: boolean;
  maxNodes?: number;
  collapse?: string;
  rankdir?: "LR" | "BT";
}

function positiveInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got "${v}".`);
    return n;
  };
}

function nonNegativeInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be an integer ≥ 0, got "${v}".`);
    return n;
  };
}

const PHIS = ["sigmoid", "tanh", "relu", "identity"] as const;

function phi(v: string): (typeof PHIS)[number] {
  if ((PHIS as readonly string[]).includes(v)) return v as (typeof PHIS)[number];
  throw new InvalidArgumentError(`--phi must be one of ${PHIS.join(", ")}, got "${v}".`);
}

function formats(list: string): GraphFormat[] {
  const out = list.split(",").map((s) => s.trim()) as GraphFormat[];
  const bad = out.filter((f) => !GRAPH_FORMATS.includes(f));
  if (bad.length) throw new InvalidArgumentError(`unknown format ${bad.join(", ")}; use a comma list of ${GRAPH_FORMATS.join(", ")}.`);
  return out;
}

/**
 * Adds `chainrule graph` to the program.
 * @example
 * registerGraph(program); // chainrule graph seed-f --html f.html
 */
export function registerGraph(program: Command): void {
  program
    .command("graph")
    .description("Draw a computation graph (SVG, HTML viewer, DOT) and explain its chain rule: seed-f, seed-l or mlp.")
    .argument("<example>", `one of ${GRAPH_EXAMPLES.join(", ")}`, (v: string) => {
      if (!(GRAPH_EXAMPLES as readonly string[]).includes(v)) throw new InvalidArgumentError(`choose one of ${GRAPH_EXAMPLES.join(", ")}.`);
      return v;
    })
    .option("-o, --out <dir>", "folder for the files written by --format", "out/graph")
    .option("--format <list>", `formats to write into --out (${GRAPH_FORMATS.join(", ")})`, "svg,html,dot")
    .option("--html <file>", "write the self-contained HTML viewer to this file (only the files named are written; - for stdout)")
    .option("--svg <file>", "write the SVG picture to this file (- for stdout)")
    .option("--dot <file>", "write the Graphviz DOT text to this file")
    .option("--mermaid <file>", "write a Mermaid flowchart to this file")
    .option("--json <file>", "write the graph's data model as JSON to this file")
    .option("--phi <activation>", `activation: ${PHIS.join(", ")}`, phi)
    .option("-n, --n <rows>", "rows of W (seed-f) or batch size (mlp)", positiveInt("--n"))
    .option("-d, --d <size>", "input size d", positiveInt("--d"))
    .option("--seed <n>", "random seed of the example's values (an integer ≥ 0)", nonNegativeInt("--seed"), 0)
    .option("--no-backward", "draw before backward(): values only, no gradients")
    .option("--latex", "print the equations as LaTeX instead of text")
    .option("--max-nodes <n>", "most nodes drawn before modules collapse and repeats fold", positiveInt("--max-nodes"))
    .option("--collapse <mode>", "modules drawn as one node: auto, all or none (default: all for mlp, else auto)")
    .option("--rankdir <dir>", "layout direction: LR (left to right) or BT (bottom to top)")
    .option("-q, --quiet", "do not print the equations")
    .action(async (example: GraphExample, flags: GraphFlags) => {
      const collapse = flags.collapse ?? (example === "mlp" ? "all" : "auto");
      if (!["auto", "all", "none"].includes(collapse))
        throw new InvalidArgumentError(`--collapse must be auto, all or none, got "${collapse}".`);
      if (flags.rankdir && flags.rankdir !== "LR" && flags.rankdir !== "BT") throw new InvalidArgumentError(`--rankdir must be LR or BT.`);
      const { y, title } = buildExample(example, { phi: flags.phi, n: flags.n, d: flags.d, seed: flags.seed, backward: flags.backward });
      const opts: GraphOptions & { title: string } = {
        title,
        maxNodes: flags.maxNodes,
        collapse: collapse as GraphOptions["collapse"],
        rankdir: flags.rankdir,
      };
      const files = { html: flags.html, svg: flags.svg, dot: flags.dot, mermaid: flags.mermaid, json: flags.json };
      const explicit = Object.values(files).some((f) => f);
      // a file named "-" goes to stdout, and then everything else goes to stderr
      const say = Object.values(files).includes("-") ? console.error : console.log;
      const written = explicit
        ? await writeGraphFiles(y, { files }, opts)
        : await writeGraphFiles(y, { dir: flags.out, name: example, formats: formats(flags.format) }, opts);
      if (!flags.quiet) {
        const ex = explain(y);
        // with --latex everything printed is a LaTeX fragment: the title and file list become % comments
        say(flags.latex ? `% ${title}` : pc.bold(title));
        say(flags.latex ? ex.latex : ex.text);
        say();
      }
      for (const p of written) if (p !== "-") say(flags.latex ? `% wrote ${p}` : `${pc.green("wrote")} ${p}`);
    });
}
