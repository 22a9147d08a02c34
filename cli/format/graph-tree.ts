/** @file The computation graph behind a tensor as an indented text tree: name, op and shape per node. */
import type { Tensor } from "../../src/index.js";
import { pad, visibleWidth, type Style } from "./style.js";

/** Options of renderGraphTree. */
export interface GraphTreeOptions {
  style?: Style;
  /** Show the value of one-element tensors (default true). */
  values?: boolean;
  /** Indent of every line. */
  indent?: string;
}

function label(t: Tensor, st: Style | undefined): string {
  const name = t.name ?? (t.node ? `#${t.id}` : "constant");
  return st ? st.bold(name) : name;
}

function shape(t: Tensor): string {
  return `[${t.shape.join(", ")}]`;
}

/**
 * Renders the graph that produced `root`, root first, each node's inputs below it:
 * `name ← op` for computed tensors, `name (input)` for leaves (`, ∂` when it requires grad), and the
 * shape in an aligned column. A computed node reached again (the graph is a DAG) is shown once and
 * then referred to as `(see above)`.
 * @example
 * renderGraphTree(seedF(seedFInputs(3, 4))).join("\n");
 */
export function renderGraphTree(root: Tensor, opts: GraphTreeOptions = {}): string[] {
  const st = opts.style;
  const rows: [string, string][] = [];
  const seen = new Set<Tensor>();
  const stack: { t: Tensor; prefix: string; last: boolean; top: boolean }[] = [{ t: root, prefix: "", last: true, top: true }];
  while (stack.length > 0) {
    const { t, prefix, last, top } = stack.pop()!;
    const branch = top ? "" : last ? "└─ " : "├─ ";
    let text: string;
    const repeated = t.node !== null && seen.has(t);
    if (t.node === null) {
      const kind = t.name === undefined && !t.requiresGrad ? "" : ` (input${t.requiresGrad ? ", ∂" : ""})`;
      text = `${label(t, st)}${st ? st.dim(kind) : kind}`;
    } else if (repeated) {
      text = `${label(t, st)} ${st ? st.dim("(see above)") : "(see above)"}`;
    } else {
      text = `${label(t, st)} ← ${st ? st.accent(t.node.op) : t.node.op}`;
    }
    const value = opts.values !== false && t.size === 1 ? ` = ${t.data[0]!.toPrecision(6)}` : "";
    rows.push([prefix + branch + text, shape(t) + value]);
    if (t.node === null || repeated) continue;
    seen.add(t);
    const childPrefix = top ? "" : prefix + (last ? "   " : "│  ");
    const inputs = t.node.inputs;
    for (let i = inputs.length - 1; i >= 0; i--)
      stack.push({ t: inputs[i]!, prefix: childPrefix, last: i === inputs.length - 1, top: false });
  }
  const width = Math.max(...rows.map(([a]) => visibleWidth(a)));
  const indent = opts.indent ?? "";
  return rows.map(([a, b]) => `${indent}${pad(a, width)}  ${st ? st.dim(b) : b}`);
}
