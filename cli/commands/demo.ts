/** @file `chainrule demo`: every item of the seed worksheet, executed — closed form, autodiff and numeric side by side. */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { renderSvg, writeFileAtomic, type Tensor } from "../../src/index.js";
import { makeStyle, type Style } from "../format/style.js";
import { demoChainRule, demoRelu, demoSigmoid, demoTanh } from "./demo-part1.js";
import { demoGradientDescent, demoGraph, demoSigmoidGradients } from "./demo-part2.js";
import { demoIdentityUpdate, demoLossGradients, demoSideNote } from "./demo-part3.js";
import { renderDemo } from "./demo-render.js";
import type { DemoResult } from "./demo-types.js";

/** Options of runDemo. */
export interface DemoOptions {
  /** Styles for the graph trees (plain when omitted). */
  style?: Style;
  /** Sizes for the side note's small timing run (default 8, 16, 32). */
  sideNoteSizes?: number[];
}

/**
 * Runs every worksheet item in order and returns the results (no output). `graphRoot` is f of 2(b),
 * for drawing.
 * @example
 * const r = runDemo(); r.ok; // true
 */
export function runDemo(opts: DemoOptions = {}): DemoResult & { graphRoot: Tensor } {
  const graph = demoGraph(opts.style);
  const sections = [
    demoSigmoid(),
    demoRelu(),
    demoTanh(),
    demoChainRule(opts.style),
    graph.section,
    demoSigmoidGradients(),
    demoGradientDescent(),
    demoLossGradients(),
    demoIdentityUpdate(),
    demoSideNote(opts.sideNoteSizes),
  ];
  return {
    title: "chainrule demo: the backprop worksheet, executed",
    sections,
    files: [],
    ok: sections.every((s) => s.ok),
    graphRoot: graph.root,
  };
}

interface DemoFlags {
  json?: boolean;
  out: string;
  color?: boolean;
}

/**
 * Adds `chainrule demo`.
 * @example
 * registerDemo(program); // chainrule demo [--json] [--out dir]
 */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("Walk through the seed worksheet: each derivative as closed form, autodiff and finite differences, side by side.")
    .option("--json", "print the results as one JSON document")
    .option("--out <dir>", "directory for the picture of f's graph", "out")
    .option("--no-color", "plain output even on a colour terminal")
    .action(async (flags: DemoFlags) => {
      const style = makeStyle(flags.json ? false : flags.color === false ? false : undefined);
      const { graphRoot, ...result } = runDemo({ style: flags.json ? undefined : style });
      result.files.push(...(await drawGraph(graphRoot, flags.out)));
      if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + "\n");
      else process.stdout.write(renderDemo(result, style).join("\n") + "\n");
      if (!result.ok) process.exitCode = 1;
    });
}

/** Writes the graph of f (2(b)) as SVG with the library's renderSvg; returns the path written (none, with a warning, if it cannot). */
async function drawGraph(root: Tensor, dir: string): Promise<string[]> {
  const path = join(dir, "seed-f.svg");
  // the picture's legend shows values and gradients: fill the gradients first
  if (root.requiresGrad && root.grad === null) root.backward();
  try {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path, await renderSvg(root));
    return [path];
  } catch (err) {
    process.stderr.write(
      `chainrule demo: could not write ${path} (${err instanceof Error ? err.message : String(err)}); pass --out <dir> with a writable directory.\n`,
    );
    return [];
  }
}
