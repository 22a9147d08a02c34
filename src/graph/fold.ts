/** @file Keeping big graphs readable: collapse module scopes into one node, fold repeated modules, cap the node count. */
import type { EdgeModel, GraphModel, NodeModel } from "./model.js";

/** Options shared by every picture of a graph. */
export interface GraphOptions {
  /** Most boxes and ellipses drawn (default 60); beyond it modules collapse, repeats fold, then the far inputs fold. */
  maxNodes?: number;
  /** Which `namedScope` modules to draw as one node: "auto" (only when over `maxNodes`, the default), "all", "none", or a list. */
  collapse?: "auto" | "all" | "none" | readonly string[];
  /** Write each op's local derivative in its box (default true). */
  derivatives?: boolean;
  /** Layout direction: "LR" (inputs left, output right; the default) or "BT" (inputs at the bottom). */
  rankdir?: "LR" | "BT";
  /** A title drawn above the graph. */
  title?: string;
}

/** Boxes and ellipses a model draws: an op node is an op box plus its tensor. */
export function drawnCount(m: GraphModel): number {
  return m.nodes.reduce((n, x) => n + (x.kind === "op" ? 2 : 1), 0);
}

const top = (scope: string): string => scope.split("/")[0]!;

/**
 * The model with the given top-level scopes drawn as single module nodes (the value and gradient
 * shown are those of the module's last output).
 * @example
 * collapseScopes(model, ["layers.0"]).nodes.find((n) => n.kind === "module")?.name; // "layers.0"
 */
export function collapseScopes(m: GraphModel, scopes: readonly string[]): GraphModel {
  if (scopes.length === 0) return m;
  const want = new Set(scopes);
  const owner = new Map<string, string>();
  for (const n of m.nodes) if (n.scope && want.has(top(n.scope))) owner.set(n.id, top(n.scope));
  const modules = new Map<string, NodeModel>();
  const nodes: NodeModel[] = [];
  for (const n of m.nodes) {
    const s = owner.get(n.id);
    if (s === undefined) {
      nodes.push(n);
      continue;
    }
    const id = `m${[...want].indexOf(s)}`;
    let mod = modules.get(s);
    if (!mod) {
      mod = {
        ...n,
        id,
        kind: "module",
        op: null,
        opLabel: null,
        name: s,
        local: [],
        derivative: null,
        scope: s,
        count: 0,
        attrs: { ops: [] },
      };
      modules.set(s, mod);
      nodes.push(mod);
    }
    mod.count += 1;
    if (n.op) (mod.attrs["ops"] as string[]).push(n.op);
    if (n.kind === "parameter") mod.attrs["parameters"] = ((mod.attrs["parameters"] as number) ?? 0) + 1;
  }
  const idOf = (id: string): string => {
    const s = owner.get(id);
    return s === undefined ? id : modules.get(s)!.id;
  };
  const edges: EdgeModel[] = [];
  const seen = new Set<string>();
  for (const e of m.edges) {
    const from = idOf(e.from);
    const to = idOf(e.to);
    if (from === to) continue;
    if (from !== e.from) {
      // The module's output: the value and gradient it shows are those of the tensor that leaves it.
      const out = m.nodes.find((n) => n.id === e.from)!;
      Object.assign(modules.get(owner.get(e.from)!)!, {
        shape: out.shape,
        value: out.value,
        grad: out.grad,
        symbol: out.symbol,
        dtype: out.dtype,
      });
    }
    const key = `${from}>${to}>${e.index}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ ...e, from, to });
  }
  const output = idOf(m.output);
  const notes = [...m.notes, ...[...modules.values()].map((x) => `${x.name}: ${x.count} nodes drawn as one module`)];
  return { ...m, nodes, edges, output, notes };
}

/** Module nodes whose names differ only in a trailing number and whose op lists match, in chains of 3 or more. */
export function foldRepeats(m: GraphModel): GraphModel {
  const mods = m.nodes.filter((n) => n.kind === "module");
  const sig = (n: NodeModel): string => `${(n.name ?? "").replace(/\d+$/, "#")}|${JSON.stringify(n.attrs["ops"])}|${n.shape.join()}`;
  const drop = new Set<string>();
  const replace = new Map<string, NodeModel>();
  const map = new Map<string, string>();
  let i = 0;
  while (i < mods.length) {
    let j = i;
    while (
      j + 1 < mods.length &&
      sig(mods[j + 1]!) === sig(mods[i]!) &&
      m.edges.some((e) => e.from === mods[j]!.id && e.to === mods[j + 1]!.id)
    )
      j++;
    if (j - i + 1 >= 3) {
      const middle = mods.slice(i + 1, j);
      const first = middle[0]!;
      const last = middle[middle.length - 1]!;
      const folded: NodeModel = {
        ...first,
        shape: last.shape,
        value: last.value,
        grad: last.grad,
        id: `f${i}`,
        kind: "folded",
        name: `${first.name} … ${last.name}`,
        count: middle.reduce((s, x) => s + x.count, 0),
        attrs: { ...first.attrs, modules: middle.length },
      };
      middle.forEach((x, k) => (k === 0 ? replace.set(x.id, folded) : drop.add(x.id)));
      for (const x of middle.slice(1)) map.set(x.id, folded.id);
      map.set(first.id, folded.id);
    }
    i = j + 1;
  }
  if (replace.size === 0) return m;
  const notes = [...m.notes, ...[...replace.values()].map((f) => `${f.name}: ${f.attrs["modules"]} repeated modules folded into one node`)];
  const nodes = m.nodes.filter((n) => !drop.has(n.id)).map((n) => replace.get(n.id) ?? n);
  return { ...m, nodes, edges: remap(m.edges, map), notes };
}

function remap(edges: readonly EdgeModel[], map: ReadonlyMap<string, string>): EdgeModel[] {
  const out: EdgeModel[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const from = map.get(e.from) ?? e.from;
    const to = map.get(e.to) ?? e.to;
    const key = `${from}>${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    out.push({ ...e, from, to });
  }
  return out;
}

/** Keeps the `limit` drawn nodes nearest the output; the rest become one "folded" node feeding them. */
export function capNodes(m: GraphModel, limit: number): GraphModel {
  if (drawnCount(m) <= limit) return m;
  const keep = new Set<string>([m.output]);
  let budget = limit - 1;
  const queue = [m.output];
  while (queue.length && budget > 0) {
    const id = queue.shift()!;
    for (const e of m.edges) {
      if (e.to !== id || keep.has(e.from)) continue;
      const cost = m.nodes.find((n) => n.id === e.from)!.kind === "op" ? 2 : 1;
      if (cost > budget) continue;
      keep.add(e.from);
      budget -= cost;
      queue.push(e.from);
    }
  }
  const gone = m.nodes.filter((n) => !keep.has(n.id));
  const folded: NodeModel = {
    ...gone[0]!,
    id: "rest",
    kind: "folded",
    op: null,
    opLabel: null,
    name: `${gone.length} earlier nodes`,
    count: gone.length,
    local: [],
    derivative: null,
    scope: "",
    value: null,
    grad: null,
    attrs: {},
  };
  const map = new Map(gone.map((n) => [n.id, "rest"]));
  const nodes = [folded, ...m.nodes.filter((n) => keep.has(n.id))];
  const notes = [...m.notes, `${gone.length} nodes farthest from the output folded (node limit ${limit}; raise maxNodes to see them)`];
  return { ...m, nodes, edges: remap(m.edges, map), notes };
}

/**
 * Applies the options: collapse the chosen modules, then (when still over the limit) collapse
 * all, fold repeats, and cap the node count.
 * @example
 * const view = foldForDrawing(captureGraph(y).model, { maxNodes: 40 });
 */
export function foldForDrawing(m: GraphModel, opts: GraphOptions = {}): GraphModel {
  const limit = opts.maxNodes ?? 60;
  const c = opts.collapse ?? "auto";
  const all = m.scopes.map(top).filter((s, i, a) => a.indexOf(s) === i);
  let out = m;
  if (c === "all") out = collapseScopes(m, all);
  else if (Array.isArray(c)) out = collapseScopes(m, c);
  else if (c === "auto" && drawnCount(m) > limit) out = collapseScopes(m, all);
  if (c !== "none" && drawnCount(out) > limit) out = foldRepeats(out);
  return capNodes(out, limit);
}
