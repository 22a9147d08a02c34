/** @file toHTML: one self-contained page (SVG graph, pan/zoom, node details, backward stepper, KaTeX equations) that works offline. */
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { formatValues } from "../tensor/format.js";
import { captureGraph, type Capture } from "./capture.js";
import { explain, type EquationLine } from "./explain.js";
import { collapseScopes, foldForDrawing, type GraphOptions } from "./fold.js";
import { leafScopes } from "./scopes.js";
import { katexCss, loadTex, type Tex } from "./katex-inline.js";
import { fillPageGradients } from "./page-grads.js";
import type { GraphModel, NodeModel } from "./model.js";
import { modelToSvg } from "./svg.js";
import { esc, theme, valueLines } from "./theme.js";
import { valueLatex } from "./value-latex.js";
import { viewerScript } from "./viewer-client.js";
import { viewerCss } from "./viewer-css.js";
import { backwardSteps } from "./viewer-steps.js";

/** Options of toHTML: the graph options plus the page title. */
export interface HtmlOptions extends GraphOptions {
  /** The page heading (default: "chainrule: the graph of <output>"). */
  title?: string;
  /**
   * Most equations typeset per section (default 50): longer sections show their first and last
   * halves around a note of how many were folded. `Infinity` shows all (a 40,000-op chain is then ~85 MB).
   */
  maxEquations?: number;
}

/** Equations typeset per section by default: beyond this a page gets slow to open. */
const MAX_EQUATIONS = 50;

const KIND_LABEL: Record<NodeModel["kind"], string> = {
  parameter: "parameter",
  input: "input",
  op: "computed",
  module: "module",
  folded: "folded",
};

/** A tensor's values for the side panel: one matrix row per line, long axes elided. */
function fullText(t: Tensor): string {
  return valueLines(formatValues(t, 10), t.shape.length, 400, 20).join("\n");
}

/** The side panel's facts about each drawn node. */
function nodeDetails(m: GraphModel, cap: Capture, tex: Tex): Record<string, unknown> {
  const tensors = new Map([...cap.ids].map(([v, id]) => [id, v]));
  const out: Record<string, unknown> = {};
  for (const n of m.nodes) {
    const v = tensors.get(n.id);
    const same = v && n.kind !== "module" && n.kind !== "folded";
    const title = n.kind === "module" || n.kind === "folded" ? n.name! : n.symbol.text;
    const shown = same && v.tensor.shape.join() === n.shape.join();
    out[n.id] = {
      title: esc(title),
      short: esc(n.partial.text),
      kind: n.kind,
      kindLabel: n.id === m.output ? "output" : KIND_LABEL[n.kind],
      shape: n.shape.length ? `[${n.shape.join(", ")}]` : "scalar",
      dtype: n.dtype,
      op: n.opLabel ? esc(`${n.opLabel}  (${n.op})`) : null,
      scope: n.scope ? esc(n.scope) : null,
      count: n.count,
      expression:
        n.expression && n.kind === "op" && n.expression.text !== n.symbol.text
          ? panelTex(tex, `${n.symbol.latex} = ${n.expression.latex}`)
          : null,
      value: esc(shown ? fullText(v.tensor) : (n.value?.text ?? "")),
      grad: n.grad ? esc(shown && v.tensor.grad ? fullText(v.tensor.grad) : n.grad.text) : null,
      local: n.local.length ? n.local.map((l) => panelTex(tex, l.formula.latex)).join("") : null,
      rule: n.derivative ? panelTex(tex, n.derivative.latex) : null,
    };
  }
  return out;
}

/** The size of an SVG from its viewBox. */
function svgSize(svg: string): [number, number] {
  const m = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg);
  return m ? [Number(m[1]), Number(m[2])] : [1, 1];
}

/**
 * The SVG for the viewer's pane (about 1040 × 780 px): left-to-right, unless bottom-to-top shows
 * the nodes larger (long chains). An explicit `rankdir` is kept.
 */
async function paneSvg(m: GraphModel, opts: GraphOptions): Promise<string> {
  if (opts.rankdir) return modelToSvg(m, opts);
  const [lr, bt] = await Promise.all([modelToSvg(m, { ...opts, rankdir: "LR" }), modelToSvg(m, { ...opts, rankdir: "BT" })]);
  const scale = (svg: string): number => {
    const [w, h] = svgSize(svg);
    return Math.min(1040 / w, 780 / h);
  };
  return scale(bt) > scale(lr) * 1.1 ? bt : lr;
}

async function view(
  key: string,
  label: string,
  m: GraphModel,
  cap: Capture,
  opts: GraphOptions,
  tex: Tex,
): Promise<Record<string, unknown>> {
  return { key, label, svg: await paneSvg(m, opts), nodes: nodeDetails(m, cap, tex), steps: backwardSteps(m, tex), notes: m.notes };
}

/**
 * An equation for the side panel: display-sized, but typeset inline so it wraps after =, +, · and ≈
 * in the panel's width (a matrix moves to its own line); the viewer shrinks what still does not fit.
 */
function panelTex(tex: Tex, latex: string): string {
  return `<div class="eq">${tex(`\\displaystyle ${latex}`)}</div>`;
}

function equations(lines: readonly EquationLine[], values: ReadonlyMap<string, Tensor> | null, max: number, tex: Tex): string {
  const one = (l: EquationLine): string => {
    const t = values?.get(l.node);
    const body = l.latex.replace("&", "");
    return panelTex(tex, t ? `${body} \\approx ${valueLatex(t)}` : body);
  };
  if (lines.length <= max) return lines.map(one).join("\n");
  const head = Math.ceil(max / 2);
  const tail = lines.length - (max - head);
  const note = `<p class="muted">… ${lines.length - max} equations folded (${head + 1} to ${tail} of ${lines.length}) …</p>`;
  return [...lines.slice(0, head).map(one), note, ...lines.slice(tail).map(one)].join("\n");
}

/** The note in "Folded for readability" when a section has more equations than the page typesets. */
function equationNote(ex: { forward: unknown[]; local: unknown[]; backward: unknown[] }, max: number): string[] {
  const longest = Math.max(ex.forward.length, ex.local.length, ex.backward.length);
  if (longest <= max) return [];
  return [
    `equations folded: each section shows ${max} of its equations (the first and the last; the longest has ${longest}); pass { maxEquations: Infinity } to typeset them all (a bigger, slower page).`,
  ];
}

/**
 * One self-contained HTML page about the graph of `y` that opens offline: the SVG graph with pan
 * and zoom, node details on click (value, gradient, shape, local derivative), a backward stepper
 * that walks the gradient from the output to the leaves edge by edge, and the equations in KaTeX.
 * Graphs with modules get two views: modules collapsed, and everything expanded.
 * @example
 * const f = seedF(inputs); f.backward();
 * fs.writeFileSync("f.html", await toHTML(f, { title: "The worksheet's f" }));
 */
export async function toHTML(y: Tensor, opts: HtmlOptions = {}): Promise<string> {
  const cap = captureGraph(y);
  const tex = await loadTex();
  // Without backward() the stepper still shows numbers: computed here, no .grad is touched.
  const computed = fillPageGradients(cap);
  const m = cap.model;
  const limit = opts.maxNodes ?? 60;
  const views: Record<string, unknown>[] = [];
  let initial: string;
  if (m.scopes.length > 0) {
    const full = foldForDrawing(m, { ...opts, collapse: "none", maxNodes: Math.max(limit, 200) });
    views.push(
      await view("modules", "modules", foldForDrawing(collapseScopes(m, leafScopes(m)), { ...opts, collapse: "none" }), cap, opts, tex),
    );
    views.push(await view("full", "expanded", full, cap, opts, tex));
    // Modules first (a Linear layer as one node); "expanded" or a click on a module opens them up.
    initial = "modules";
  } else {
    views.push(await view("graph", "graph", foldForDrawing(m, opts), cap, opts, tex));
    initial = "graph";
  }
  const ex = explain(y);
  const values = new Map([...cap.ids].map(([v, id]) => [id, v.tensor] as const));
  const outNode = m.nodes.find((n) => n.id === m.output)!;
  const title = opts.title ?? `chainrule: the graph of ${outNode.symbol.text}`;
  const payload = JSON.stringify({
    views,
    initial,
    output: esc(outNode.partial.text),
    outputId: m.output,
    gradColor: theme.grad,
    computed,
  }).replace(/</g, "\\u003c");
  const maxEq = opts.maxEquations ?? MAX_EQUATIONS;
  if (!(maxEq >= 0)) throw new ValueError(`toHTML: maxEquations must be a number ≥ 0 (or Infinity), got ${opts.maxEquations}.`);
  const notes = [...new Set(views.flatMap((v) => v["notes"] as string[])), ...equationNote(ex, maxEq)];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${await katexCss()}</style>
<style>${viewerCss}</style>
</head>
<body>
<header>
  <h1>${esc(title)}</h1>
  <div class="group" id="views"></div>
  <div class="group"><span class="caption">zoom</span><button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">−</button><button id="fit" title="fit to window">fit</button></div>
  <div class="group"><span class="caption">backward</span><button id="first" title="back to the start">«</button><button id="prev" title="previous step (←)">‹ back</button><span id="counter"></span><button id="next" title="next step (→)">next ›</button><button id="last" title="last step">»</button><button id="play">play</button></div>
</header>
<main>
  <div id="graph"></div>
  <aside>
    <h2>Backward step</h2>
    <div id="step"></div>
    <h2>Selected node</h2>
    <div id="info"></div>
    <h2>Forward pass</h2>
    <div class="eqs">${equations(ex.forward, values, maxEq, tex)}</div>
    <h2>Local derivatives</h2>
    <div class="eqs">${equations(ex.local, null, maxEq, tex)}</div>
    <h2>Backward pass (chain rule)</h2>
    <div class="eqs">${ex.backward.length ? equations(ex.backward, null, maxEq, tex) : "<p class='muted'>Nothing here needs a gradient.</p>"}</div>
    ${notes.length ? `<h2>Folded for readability</h2><ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}
  </aside>
</main>
<script type="application/json" id="chainrule-data">${payload}</script>
<script>${viewerScript}</script>
</body>
</html>
`;
}
