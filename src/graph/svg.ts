/** @file renderSvg: lays the graph out with Graphviz compiled to WebAssembly (same output in Node and browsers). */
import type { Graphviz } from "@hpcc-js/wasm-graphviz";
import type { Tensor } from "../tensor/tensor.js";
import { FormatError } from "../errors.js";
import { captureGraph } from "./capture.js";
import { modelToDot } from "./dot.js";
import { importOptional } from "./optional-import.js";
import { foldForDrawing, type GraphOptions } from "./fold.js";
import type { GraphModel } from "./model.js";

let loading: Promise<Graphviz> | null = null;

/** The Graphviz WASM instance, imported and loaded once (~100 ms) on first use, so bundles that never draw can leave it out. */
function graphviz(): Promise<Graphviz> {
  loading ??= importOptional(
    "@hpcc-js/wasm-graphviz",
    "renderSvg and toHTML lay the graph out with Graphviz",
    () => import("@hpcc-js/wasm-graphviz"),
  ).then((m) => m.Graphviz.load());
  loading.catch(() => (loading = null)); // not installed yet: a later call tries again
  return loading;
}

/**
 * Lays out DOT text as SVG with the bundled Graphviz (no system binary needed).
 * @example
 * const svg = await dotToSvg("digraph { a -> b }");
 */
export async function dotToSvg(dot: string): Promise<string> {
  const gv = await graphviz();
  try {
    return gv.layout(dot, "svg", "dot");
  } catch (err) {
    throw new FormatError(
      `renderSvg: Graphviz could not lay out the graph (${err instanceof Error ? err.message : String(err)}). This is a bug in the DOT writer; please report it with the DOT text from toDot().`,
    );
  }
}

/**
 * Renders an already folded model as SVG.
 * @example
 * const svg = await modelToSvg(foldForDrawing(captureGraph(y).model));
 */
export function modelToSvg(m: GraphModel, opts: GraphOptions = {}): Promise<string> {
  return dotToSvg(modelToDot(m, opts));
}

/**
 * The graph that produced `y` as SVG text: ops as boxes, tensors as ellipses (parameters and inputs
 * in their own colours), edges labelled with shapes, gradients beside values after `backward()`.
 * @example
 * const svg = await renderSvg(loss); fs.writeFileSync("graph.svg", svg);
 */
export function renderSvg(y: Tensor, opts: GraphOptions = {}): Promise<string> {
  return modelToSvg(foldForDrawing(captureGraph(y).model, opts), opts);
}
