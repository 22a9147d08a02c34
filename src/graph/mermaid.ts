/** @file toMermaid and toJSON: the graph as a Mermaid flowchart (renders in GitHub markdown) and as plain JSON. */
import type { Tensor } from "../tensor/tensor.js";
import { captureGraph } from "./capture.js";
import { foldForDrawing, type GraphOptions } from "./fold.js";
import type { GraphModel, NodeModel } from "./model.js";
import { escapeControl } from "./safe-text.js";
import { clip, theme } from "./theme.js";

const fmt = (shape: readonly number[]): string => (shape.length === 0 ? "scalar" : `[${shape.join(", ")}]`);
/** Mermaid-safe label text: # and % (a %% starts a comment) as entity codes, quotes and brackets as entities, control characters escaped. */
const mq = (s: string): string =>
  escapeControl(s).replace(/#/g, "#35;").replace(/%/g, "#37;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");

function tensorText(n: NodeModel): string {
  const title = n.kind === "module" || n.kind === "folded" ? n.name! : n.name !== null || n.inlined ? n.symbol.text : "";
  const lines = [`${title ? `<b>${mq(title)}</b> ` : ""}${fmt(n.shape)}`];
  if (n.kind === "module" || n.kind === "folded") lines.push(`${n.count} nodes`);
  if (n.value) lines.push(mq(clip(n.value.text, 40)));
  if (n.grad) lines.push(`∇ ${mq(clip(n.grad.text, 38))}`);
  return lines.join("<br/>");
}

/**
 * Writes a folded model as a Mermaid flowchart.
 * @example
 * modelToMermaid(foldForDrawing(captureGraph(y).model));
 */
export function modelToMermaid(m: GraphModel, opts: GraphOptions = {}): string {
  const L = [`flowchart ${opts.rankdir ?? "LR"}`];
  const byScope = new Map<string, string[]>();
  const put = (scope: string, line: string): void => {
    byScope.set(scope, [...(byScope.get(scope) ?? []), line]);
  };
  for (const n of m.nodes) {
    const scope = n.kind === "module" || n.kind === "folded" ? "" : n.scope;
    const cls = n.id === m.output ? "output" : n.kind === "op" ? "tensor" : n.kind;
    put(scope, `${n.id}(["${tensorText(n)}"]):::${cls}`);
    if (n.kind === "op") {
      const d = (opts.derivatives ?? true) && n.local.length ? `<br/>${n.local.map((l) => mq(l.formula.text)).join("<br/>")}` : "";
      put(scope, `${n.id}_op["<b>${mq(n.opLabel!)}</b>${d}"]:::op`);
      put(scope, `${n.id}_op --> ${n.id}`);
    }
  }
  for (const line of byScope.get("") ?? []) L.push(`  ${line}`);
  let k = 0;
  for (const [scope, lines] of byScope) {
    if (scope === "") continue;
    L.push(`  subgraph s${k++}["${mq(scope)}"]`);
    for (const line of lines) L.push(`    ${line}`);
    L.push("  end");
  }
  const ops = new Set(m.nodes.filter((n) => n.kind === "op").map((n) => n.id));
  for (const e of m.edges) L.push(`  ${e.from} -->|"${fmt(e.shape)}"| ${ops.has(e.to) ? `${e.to}_op` : e.to}`);
  for (const [name, c] of Object.entries({
    parameter: theme.parameter,
    input: theme.input,
    tensor: theme.tensor,
    output: theme.output,
    op: theme.op,
    module: theme.module,
    folded: theme.folded,
  })) {
    L.push(`  classDef ${name} fill:${c.fill},stroke:${c.stroke},color:${c.text}`);
  }
  for (const note of m.notes) L.push(`  %% folded: ${escapeControl(note)}`);
  return L.join("\n") + "\n";
}

/**
 * The graph that produced `y` as a Mermaid flowchart (paste into Markdown on GitHub).
 * @example
 * toMermaid(loss); // "flowchart LR\n  n0([…])…"
 */
export function toMermaid(y: Tensor, opts: GraphOptions = {}): string {
  return modelToMermaid(foldForDrawing(captureGraph(y).model, opts), opts);
}

/**
 * The graph that produced `y` as a plain data model: nodes (op, name, shape, dtype, value and
 * gradient summaries, derivative formulas) and edges (with shapes), in a stable order.
 * Not folded unless `opts` asks (pass `{ maxNodes }` or `{ collapse }`).
 * @example
 * JSON.stringify(toJSON(loss)); // {"nodes":[…],"edges":[…],"output":"n9",…}
 */
export function toJSON(y: Tensor, opts?: GraphOptions): GraphModel {
  const m = captureGraph(y).model;
  return opts ? foldForDrawing(m, opts) : m;
}
