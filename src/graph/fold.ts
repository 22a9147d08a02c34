/** @file Keeping big graphs readable: collapse module scopes into one node, fold repeated modules, cap the node count. */
import type { EdgeModel, GraphModel, NodeModel } from "./model.js";
import { dottedPath, leafScopes, moduleLabel } from "./scopes.js";

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

/** Whether `scope` is `unit` or lies inside it. */
const inside = (scope: string, unit: string): boolean => scope === unit || scope.startsWith(`${unit}/`);

/**
 * The model with the given scopes (and everything inside them) drawn as single module nodes; the
 * value and gradient shown are those of the tensor that leaves the module. A scope may be given as
 * its full path or its label ("layers.0").
 * @example
 * collapseScopes(model, ["layers.0"]).nodes.find((n) => n.kind === "module")?.name; // "layers.0 (Linear)"
 */
export function collapseScopes(m: GraphModel, scopes: readonly string[]): GraphModel {
  if (scopes.length === 0) return m;
  const known = [...new Set(m.nodes.map((n) => n.scope).filter((s) => s))];
  const units = scopes.map((s) => known.find((k) => k === s || dottedPath(k) === s || k.split("/").pop() === s) ?? s);
  const want = new Set(units);
  const owner = new Map<string, string>();
  for (const n of m.nodes) {
    const u = n.scope ? units.find((x) => inside(n.scope, x)) : undefined;
    if (u !== undefined) owner.set(n.id, u);
  }
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
        name: moduleLabel(s),
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

/**
 * Folds runs of 3 or more modules with the same structure (names equal up to numbers, same ops and
 * output shape): the first and last stay, everything drawn between them becomes one node.
 * @example
 * foldRepeats(collapseScopes(model, leafScopes(model))).notes; // ["layers.2 (Linear) … layers.14 (Linear): …"]
 */
export function foldRepeats(m: GraphModel): GraphModel {
  const pos = new Map(m.nodes.map((n, i) => [n.id, i]));
  const mods = m.nodes.filter((n) => n.kind === "module");
  const sig = (n: NodeModel): string => `${(n.name ?? "").replace(/\d+/g, "#")}|${JSON.stringify(n.attrs["ops"])}|${n.shape.join()}`;
  const map = new Map<string, string>();
  const folds = new Map<string, NodeModel>();
  let i = 0;
  while (i < mods.length) {
    let j = i;
    while (j + 1 < mods.length && sig(mods[j + 1]!) === sig(mods[i]!)) j++;
    if (j - i + 1 >= 3) {
      const first = mods[i + 1]!;
      const last = mods[j - 1]!;
      const middle = m.nodes.slice(pos.get(first.id)!, pos.get(last.id)! + 1).filter((n) => n.kind !== "input");
      const folded: NodeModel = {
        ...last,
        id: `f${folds.size}`,
        kind: "folded",
        name: first === last ? first.name : `${first.name} … ${last.name}`,
        count: middle.reduce((t, x) => t + x.count, 0),
        attrs: { ...last.attrs, modules: j - i - 1 },
      };
      for (const x of middle) map.set(x.id, folded.id);
      folds.set(first.id, folded);
    }
    i = j + 1;
  }
  if (folds.size === 0) return m;
  const notes = [
    ...m.notes,
    ...[...folds.values()].map((f) => `${f.name}: ${f.attrs["modules"]} repeated modules (${f.count} nodes) folded into one`),
  ];
  const nodes = m.nodes.flatMap((n) => (folds.has(n.id) ? [folds.get(n.id)!] : map.has(n.id) ? [] : [n]));
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
  const cost = (id: string): number => (m.nodes.find((n) => n.id === id)!.kind === "op" ? 2 : 1);
  // The output and the one node standing for everything folded are always drawn.
  let budget = limit - cost(m.output) - 1;
  const queue = [m.output];
  while (queue.length && budget > 0) {
    const id = queue.shift()!;
    for (const e of m.edges) {
      if (e.to !== id || keep.has(e.from)) continue;
      if (cost(e.from) > budget) continue;
      keep.add(e.from);
      budget -= cost(e.from);
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
  const all = leafScopes(m);
  let out = m;
  if (c === "all") out = collapseScopes(m, all);
  else if (Array.isArray(c)) out = collapseScopes(m, c);
  else if (c === "auto" && drawnCount(m) > limit) out = collapseScopes(m, all);
  if (c !== "none" && drawnCount(out) > limit) out = foldRepeats(out);
  return capNodes(out, limit);
}
