/** @file captureGraph: from any result back to its leaves, as a plain JSON-serialisable data model. */
import type { OpName } from "../ops/primitive-names.js";
import type { Primitive } from "../ops/primitive.js";
import { recordOf, ruleOf } from "../ops/registry.js";
import { formatValues } from "../tensor/format.js";
import { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../errors.js";
import { ATOM, atom, num, product, wrap, type Expr, type Factor } from "../ops/expr.js";
import { nameToLatex } from "../ops/latex-name.js";
import type { EdgeModel, Formula, GraphModel, NodeModel, ValueSummary } from "./model.js";
import { dottedPath } from "./scopes.js";
import { forwardExpr, localFactor, opGlyph, opLabel, type Operand } from "./op-forms.js";
import { walk, type Vertex } from "./walk.js";

/** A captured graph plus the walk it came from (tensors and per-input factors, for explain()). */
export interface Capture {
  model: GraphModel;
  vertices: Vertex[];
  ids: Map<Vertex, string>;
  operands: Map<Vertex, Operand[]>;
  /** For each op vertex and input slot: the local derivative factor (null when no gradient flows). */
  factors: Map<Vertex, (Factor | null)[]>;
}

/** Longest expression written into its consumer's equation before it gets a symbol of its own. */
const INLINE_LIMIT = 40;
const SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉";
const sub = (n: number): string => [...String(n)].map((d) => SUBSCRIPT[Number(d)]).join("");

/**
 * Summarises a tensor's values: elided text, the values themselves when small, min/max/mean.
 * @example
 * summarize(tensor([1, 2])).text; // "[1, 2]"
 */
export function summarize(t: Tensor): ValueSummary {
  const d = t.data;
  let min = Infinity;
  let max = -Infinity;
  let total = 0;
  let finite = true;
  for (let i = 0; i < d.length; i++) {
    const x = d[i]!;
    if (!Number.isFinite(x)) finite = false;
    if (x < min) min = x;
    if (x > max) max = x;
    total += x;
  }
  const ok = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    text: formatValues(t, 6),
    values: finite && d.length <= 64 ? Array.from(d) : null,
    min: d.length ? ok(min) : null,
    max: d.length ? ok(max) : null,
    mean: d.length ? ok(total / d.length) : null,
  };
}

/** The tensor viewed with the shape the picture shows (a [d,1] matmul operand shown as the vector [d]). */
const shown = (t: Tensor, shape: number[]): Tensor => (t.shape.join() === shape.join() ? t : new Tensor(t.data, shape));

const f = (e: Expr): Formula => ({ text: e.text, latex: e.latex });

function jsonAttrs(attrs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || ["number", "string", "boolean"].includes(typeof v)) out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === "number")) out[k] = v.slice();
  }
  return out;
}

/** The result of a module with several ops (and a dotted path, e.g. layers.0) that is used outside it. */
function moduleOutput(v: Vertex): boolean {
  const inner = v.slots.some((s) => s.vertex !== null && s.vertex.op !== null && s.vertex.scope === v.scope);
  return inner && dottedPath(v.scope) !== "" && v.consumers.some((c) => c.scope !== v.scope);
}

/** The scope a parameter is drawn in: the one all its consumers share, else none. */
function leafScope(v: Vertex): string {
  const scopes = new Set(v.consumers.map((c) => c.scope));
  return scopes.size === 1 ? [...scopes][0]! : "";
}

/**
 * Captures the graph that computed `y`: nodes in topological order (leaves first, `y` last) with
 * op, name, shape, dtype, value and gradient summaries, the op's derivative rule and its local
 * derivatives in the graph's symbols; edges carry shapes.
 * @example
 * const W = tensor([[1, 2]], { requiresGrad: true, name: "W" });
 * const m = captureGraph(W.sum().named("s")).model; // nodes W, s; one edge
 */
export function captureGraph(y: Tensor): Capture {
  if (y === null || typeof y !== "object" || !("shape" in y)) {
    throw new ValueError(`captureGraph: expected the Tensor whose graph to draw, got ${y === null ? "null" : typeof y}.`);
  }
  const vertices = walk(y);
  const root = vertices[vertices.length - 1]!;
  const ids = new Map<Vertex, string>(vertices.map((v, i) => [v, `n${i}`]));
  const operands = new Map<Vertex, Operand[]>();
  const factors = new Map<Vertex, (Factor | null)[]>();
  const sym = new Map<Vertex, { symbol: Expr; partial: Expr; expression: Expr | null; inlined: boolean }>();
  const used = new Set(vertices.map((v) => v.name).filter((n): n is string => n !== null));
  const fresh = (prefix: string): ((n: number) => string) => {
    return (n) => {
      let k = n;
      while (used.has(`${prefix}${sub(k)}`)) k++;
      used.add(`${prefix}${sub(k)}`);
      return `${prefix}${sub(k)}`;
    };
  };
  const counters = { θ: 0, u: 0, v: 0 };
  const named = (name: string, ndim: number): Expr => atom(name, nameToLatex(name, ndim > 0));

  for (const v of vertices) {
    if (v.op === null) {
      const prefix = v.tensor.requiresGrad ? "θ" : "u";
      const name = v.name ?? fresh(prefix)(++counters[prefix]);
      const s = named(name, v.shape.length);
      sym.set(v, { symbol: s, partial: s, expression: null, inlined: false });
      continue;
    }
    const ops: Operand[] = v.slots.map((s) => ({
      expr: s.vertex ? sym.get(s.vertex)!.symbol : num(s.constant!),
      constant: s.constant,
      ndim: s.shape.length,
    }));
    operands.set(v, ops);
    const rec = recordOf(opOf(v));
    const expression = forwardExpr(v.op, rec, ops, v.attrs);
    const glyph = opGlyph(rec);
    const only = v.slots.length === 1 && v.slots[0]!.vertex ? sym.get(v.slots[0]!.vertex)!.symbol.text : null;
    const auto =
      v.name !== null && only !== null && (v.name === `${v.op}(${only})` || (glyph !== null && v.name === `${glyph[0]}(${only})`));
    let entry;
    if (auto) entry = { symbol: expression, partial: glyph ? atom(glyph[0], glyph[1]) : expression, expression, inlined: false };
    else if (v.name !== null) {
      const s = named(v.name, v.shape.length);
      entry = { symbol: s, partial: s, expression, inlined: false };
    } else if (v !== root && moduleOutput(v) && !used.has(dottedPath(v.scope))) {
      // The unnamed tensor leaving a module takes the module's path as its symbol: tanh(layers.0).
      const s = named(dottedPath(v.scope), v.shape.length);
      used.add(dottedPath(v.scope));
      entry = { symbol: s, partial: s, expression, inlined: false };
    } else if (v !== root && v.consumers.length === 1 && expression.text.length <= INLINE_LIMIT) {
      entry = { symbol: expression, partial: wrap(expression, ATOM), expression, inlined: true };
    } else {
      const s = v === root ? atom("out", "\\mathrm{out}") : named(fresh("v")(++counters.v), v.shape.length);
      entry = { symbol: s, partial: s, expression, inlined: false };
    }
    sym.set(v, entry);
    factors.set(
      v,
      v.slots.map((s, i) => (s.vertex && s.vertex.tensor.requiresGrad ? localFactor(rec, i, ops, v.attrs) : null)),
    );
  }

  const nodes = vertices.map((v): NodeModel => {
    const s = sym.get(v)!;
    const rule = v.op ? ruleOf(opOf(v)) : null;
    const attrs = jsonAttrs(v.attrs);
    const constants = v.slots.map((x) => x.constant);
    if (constants.some((c) => c !== null)) attrs["constants"] = constants;
    const local = (factors.get(v) ?? []).flatMap((fac, i) => {
      const src = v.slots[i]!.vertex;
      if (!fac || !src) return [];
      const lhsT = `∂${s.partial.text}/∂${sym.get(src)!.partial.text}`;
      const lhsL = `\\frac{\\partial ${s.partial.latex}}{\\partial ${sym.get(src)!.partial.latex}}`;
      const rhs = product([fac]);
      return [{ input: ids.get(src)!, formula: { text: `${lhsT} = ${rhs.text}`, latex: `${lhsL} = ${rhs.latex}` } }];
    });
    return {
      id: ids.get(v)!,
      kind: v.op ? "op" : v.tensor.requiresGrad ? "parameter" : "input",
      op: v.op,
      opLabel: v.op ? opLabel(v.op, recordOf(opOf(v)), constants, v.attrs, v.slots[0]?.shape.length ?? 0) : null,
      name: v.name,
      symbol: f(s.symbol),
      partial: f(s.partial),
      expression: s.expression ? f(s.expression) : null,
      inlined: s.inlined,
      shape: v.shape.slice(),
      dtype: v.tensor.dtype,
      requiresGrad: v.tensor.requiresGrad,
      value: summarize(shown(v.tensor, v.shape)),
      grad: v.tensor.grad ? summarize(shown(v.tensor.grad, v.shape)) : null,
      derivative: rule ? { text: rule.derivative, latex: rule.latex } : null,
      local,
      scope: v.op ? v.scope : v.tensor.requiresGrad ? leafScope(v) : "",
      attrs,
      count: 1,
    };
  });
  const edges: EdgeModel[] = vertices.flatMap((v) =>
    v.slots.flatMap((s, index) => (s.vertex ? [{ from: ids.get(s.vertex)!, to: ids.get(v)!, index, shape: s.shape.slice() }] : [])),
  );
  const scopes: string[] = [];
  for (const n of nodes) if (n.scope && !scopes.includes(n.scope)) scopes.push(n.scope);
  return { model: { nodes, edges, output: ids.get(root)!, scopes, notes: [] }, vertices, ids, operands, factors };
}

/** A vertex's op as the registry finds it: by name, or on the node of a `defineOp` op. */
function opOf(v: Vertex): { op: OpName; custom?: Primitive } {
  const node = v.tensor.node;
  return node !== null && node.op === v.op && node.custom ? node : { op: v.op! };
}
