/** @file toDot: the graph as Graphviz DOT — ops as boxes, tensors as ellipses, module clusters, a legend. */
import type { Tensor } from "../tensor/tensor.js";
import { captureGraph } from "./capture.js";
import { foldForDrawing, type GraphOptions } from "./fold.js";
import type { GraphModel, NodeModel } from "./model.js";
import { moduleLabel, shortName } from "./scopes.js";
import { clip, esc, theme, valueLines } from "./theme.js";

const fmt = (shape: readonly number[]): string => (shape.length === 0 ? "scalar" : `[${shape.join(", ")}]`);

function colours(n: NodeModel, output: boolean): { fill: string; stroke: string; text: string } {
  if (output) return theme.output;
  if (n.kind === "op") return theme.tensor;
  return theme[n.kind];
}

/**
 * The bold title of a drawn tensor: a module's label, a parameter's name inside its module
 * ("weight"), a tensor's symbol ("layers.0", "v₁"), or a short inlined expression ("W·x"); long ones are left out.
 */
export function nodeTitle(n: NodeModel): string {
  if (n.kind === "module" || n.kind === "folded") return n.name!;
  if (n.name !== null && n.symbol.text === n.name) return shortName(n.name, n.scope);
  if (n.name !== null || !n.inlined) return n.symbol.text;
  return [...n.symbol.text].length <= 18 ? n.symbol.text : "";
}

/** The ellipse of a tensor: name and shape, value, and gradient in its own colour. */
function tensorLabel(n: NodeModel): string {
  const title = nodeTitle(n);
  const rows: string[] = [];
  const head = title ? `<b>${esc(title)}</b>&#160;` : "";
  rows.push(`${head}<font color="${theme.shape}" point-size="10">${esc(fmt(n.shape))}</font>`);
  if (n.kind === "module")
    rows.push(`<font color="${theme.module.text}" point-size="10">module: ${n.count} nodes (${esc(opsNote(n))})</font>`);
  if (n.kind === "folded") rows.push(`<font color="${theme.folded.text}" point-size="10">${n.count} nodes folded</font>`);
  if (n.value)
    for (const line of valueLines(n.value.text, n.shape.length))
      rows.push(`<font color="${theme.value}" point-size="10">${esc(line)}</font>`);
  if (n.grad) {
    valueLines(n.grad.text, n.shape.length).forEach((line, i) =>
      rows.push(`<font color="${theme.grad}" point-size="10">${i === 0 ? "∇ " : "   "}${esc(line)}</font>`),
    );
  }
  return `<${rows.join("<br/>")}>`;
}

function opsNote(n: NodeModel): string {
  const ops = (n.attrs["ops"] as string[] | undefined) ?? [];
  return [...new Set(ops)].join(", ");
}

/** The box of an op: its label and, optionally, its local derivatives. */
function opLabel(n: NodeModel, derivatives: boolean): string {
  const rows = [`<b>${esc(n.opLabel!)}</b>`];
  if (derivatives)
    for (const l of n.local) rows.push(`<font point-size="9" color="${theme.op.text}">${esc(clip(l.formula.text, 46))}</font>`);
  return `<${rows.join("<br/>")}>`;
}

function legend(notes: readonly string[], title: string | undefined): string {
  const cell = (c: { fill: string; stroke: string }, text: string): string =>
    `<td bgcolor="${c.fill}" color="${c.stroke}" border="1" style="rounded"> ${esc(text)} </td>`;
  const row = [
    cell(theme.parameter, "parameter (needs grad)"),
    cell(theme.input, "input / constant"),
    cell(theme.op, "op: local derivative"),
    cell(theme.tensor, "intermediate"),
    cell(theme.output, "output"),
    `<td border="0"><font color="${theme.value}">value</font>  <font color="${theme.grad}">∇ gradient</font></td>`,
  ];
  const noteRows = notes.map(
    (t) => `<tr><td colspan="6" border="0" align="left"><font point-size="9" color="#525252">folded: ${esc(t)}</font></td></tr>`,
  );
  const titleRow = title ? `<tr><td colspan="6" border="0" align="left"><font point-size="15"><b>${esc(title)}</b></font></td></tr>` : "";
  return `<<table border="0" cellspacing="6" cellpadding="3">${titleRow}<tr>${row.join("")}</tr>${noteRows.join("")}</table>>`;
}

const q = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * Writes a folded model as DOT text (used by toDot and renderSvg).
 * @example
 * modelToDot(foldForDrawing(captureGraph(y).model));
 */
export function modelToDot(m: GraphModel, opts: GraphOptions = {}): string {
  const derivatives = opts.derivatives ?? true;
  const L: string[] = [];
  L.push("digraph chainrule {");
  L.push(`  graph [rankdir=${opts.rankdir ?? "LR"}, fontname=${q(theme.font)}, bgcolor="white", nodesep=0.25, ranksep=0.3, pad=0.3,`);
  L.push(`         labelloc=b, labeljust=l, label=${legend(m.notes, opts.title)}];`);
  L.push(`  node [fontname=${q(theme.font)}, fontsize=11, penwidth=1.3, style=filled];`);
  L.push(`  edge [fontname=${q(theme.font)}, fontsize=9, fontcolor=${q(theme.shape)}, color=${q(theme.edge)}, arrowsize=0.7];`);
  const byScope = new Map<string, string[]>();
  const put = (scope: string, line: string): void => {
    byScope.set(scope, [...(byScope.get(scope) ?? []), line]);
  };
  const clusterOf = drawnScopes(m);
  for (const n of m.nodes) {
    const c = colours(n, n.id === m.output);
    const scope = clusterOf(n);
    const shape = n.kind === "module" ? "box3d" : n.kind === "folded" ? "note" : "ellipse";
    const extra = n.kind === "parameter" ? ", penwidth=2" : n.kind === "input" ? ', style="filled,dashed"' : "";
    put(
      scope,
      `${n.id} [id=${q(n.id)}, shape=${shape}, fillcolor=${q(c.fill)}, color=${q(c.stroke)}, fontcolor=${q(c.text)}${extra}, label=${tensorLabel(n)}];`,
    );
    if (n.kind === "op") {
      put(
        scope,
        `${n.id}_op [id=${q(`${n.id}_op`)}, shape=box, style="rounded,filled", fillcolor=${q(theme.op.fill)}, color=${q(theme.op.stroke)}, fontcolor=${q(theme.op.text)}, label=${opLabel(n, derivatives)}];`,
      );
      put(scope, `${n.id}_op -> ${n.id} [id=${q(`e_${n.id}_op_${n.id}`)}, color=${q(theme.op.stroke)}, penwidth=1.4];`);
    }
  }
  writeClusters(L, byScope);
  const opOf = new Set(m.nodes.filter((n) => n.kind === "op").map((n) => n.id));
  for (const e of m.edges) {
    const head = opOf.has(e.to) ? `${e.to}_op` : e.to;
    L.push(`  ${e.from} -> ${head} [id=${q(`e_${e.from}_${e.to}_${e.index}`)}, label=${q(` ${fmt(e.shape)}`)}];`);
  }
  L.push("}");
  return L.join("\n") + "\n";
}

/**
 * Which cluster each node is drawn in: its scope, or the nearest enclosing scope that holds at
 * least two drawn nodes (a one-op module such as Tanh gets no box of its own); module and folded
 * nodes sit in their parent scope.
 */
export function drawnScopes(m: GraphModel): (n: NodeModel) => string {
  const own = (n: NodeModel): string => (n.kind === "module" || n.kind === "folded" ? n.scope.split("/").slice(0, -1).join("/") : n.scope);
  const counts = new Map<string, number>();
  for (const n of m.nodes) {
    const parts = own(n).split("/");
    for (let i = 1; i <= parts.length; i++)
      if (parts[0]) counts.set(parts.slice(0, i).join("/"), (counts.get(parts.slice(0, i).join("/")) ?? 0) + 1);
  }
  return (n) => {
    const parts = own(n).split("/");
    while (parts.length && parts[0] && (counts.get(parts.join("/")) ?? 0) < 2) parts.pop();
    return parts.join("/");
  };
}

/** Writes the nodes of each scope inside nested `cluster_` subgraphs ("a/b" nests b in a). */
function writeClusters(L: string[], byScope: ReadonlyMap<string, string[]>): void {
  for (const line of byScope.get("") ?? []) L.push(`  ${line}`);
  const scopes = [...byScope.keys()].filter((s) => s !== "");
  const roots = [...new Set(scopes.map((s) => s.split("/")[0]!))];
  let k = 0;
  const emit = (path: string, depth: number): void => {
    const pad = "  ".repeat(depth + 1);
    L.push(`${pad}subgraph cluster_${k++} {`);
    L.push(`${pad}  id=${q(`cluster:${path}`)}; label=${q(moduleLabel(path))}; fontcolor=${q(theme.cluster)}; fontsize=12;`);
    L.push(`${pad}  style="rounded,dashed"; color=${q(theme.cluster)}; bgcolor="#faf5ff";`);
    for (const line of byScope.get(path) ?? []) L.push(`${pad}  ${line}`);
    const kids = [...new Set(scopes.filter((s) => s.startsWith(`${path}/`)).map((s) => s.slice(path.length + 1).split("/")[0]!))];
    for (const kid of kids) emit(`${path}/${kid}`, depth + 1);
    L.push(`${pad}}`);
  };
  for (const r of roots) emit(r, 0);
}

/**
 * The Graphviz DOT text of the graph that produced `y`: tensors as ellipses with shape, value and
 * (after backward) gradient; ops as boxes with their local derivatives; edges labelled with shapes.
 * @example
 * const W = tensor([[1, 2]], { requiresGrad: true, name: "W" });
 * toDot(W.square().sum().named("L")); // "digraph chainrule { … }"
 */
export function toDot(y: Tensor, opts: GraphOptions = {}): string {
  return modelToDot(foldForDrawing(captureGraph(y).model, opts), opts);
}
