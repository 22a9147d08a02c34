/** @file explain(y): the forward equations and the backward pass as chain-rule equations, in text and LaTeX. */
import type { Tensor } from "../tensor/tensor.js";
import { captureGraph, type Capture } from "./capture.js";
import { type Expr, type Factor, join, product, SUM } from "../ops/expr.js";
import { valueLatex } from "./value-latex.js";
import type { Vertex } from "./walk.js";

/** One equation in both notations, with the tensor value it evaluates to (when known). */
export interface EquationLine {
  text: string;
  latex: string;
  /** The value (forward) or gradient (backward) as text, or null when not computed yet. */
  value: string | null;
  /** The graph node id the line is about. */
  node: string;
}

/** What explain(y) returns: the three sections as lines, and the whole as text and as LaTeX. */
export interface Explanation {
  forward: EquationLine[];
  /** Each equation's local derivative with respect to each of its inputs (∂f/∂r = 2r). */
  local: EquationLine[];
  /** ∂y/∂v for every tensor that needs a gradient, from y back to the leaves. */
  backward: EquationLine[];
  text: string;
  latex: string;
  toString(): string;
}

/** Longest expanded product written out in a backward line. */
const EXPAND_LIMIT = 90;

interface Path {
  src: Vertex;
  factors: Factor[];
}

/** The inputs of an equation, looking through inlined sub-expressions, with the factors along the way. */
function equationInputs(cap: Capture, v: Vertex, inlined: (u: Vertex) => boolean): Path[] {
  const out: Path[] = [];
  const facs = cap.factors.get(v) ?? [];
  v.slots.forEach((s, i) => {
    const fac = facs[i];
    if (!s.vertex || !fac) return;
    if (inlined(s.vertex)) for (const p of equationInputs(cap, s.vertex, inlined)) out.push({ src: p.src, factors: [fac, ...p.factors] });
    else out.push({ src: s.vertex, factors: [fac] });
  });
  return out;
}

/**
 * Explains how `y` was computed and differentiated: one forward equation per named (or shared)
 * tensor, each equation's local derivatives, and the chain rule from `y` back to every tensor that
 * needs a gradient, with values when `backward()` has run.
 * @example
 * const inp = seedFInputs(3, 2); inp.W.requiresGrad = true;
 * const f = seedF(inp); f.backward();
 * console.log(explain(f).text); // z = W·x + b … ∂f/∂W = ∂f/∂z · ∂z/∂W = −2r·σ(z)(1−σ(z))·xᵀ
 */
export function explain(y: Tensor): Explanation {
  const cap = captureGraph(y);
  const node = new Map(cap.model.nodes.map((n) => [n.id, n]));
  const info = (v: Vertex) => node.get(cap.ids.get(v)!)!;
  const inlined = (v: Vertex): boolean => info(v).inlined;
  const eqs = cap.vertices.filter((v) => v.op !== null && !inlined(v));
  const root = cap.vertices[cap.vertices.length - 1]!;

  const forward: EquationLine[] = eqs.map((v) => {
    const n = info(v);
    const same = n.symbol.text === n.expression!.text;
    const text = same ? n.symbol.text : `${n.symbol.text} = ${n.expression!.text}`;
    const latex = same ? n.symbol.latex : `${n.symbol.latex} &= ${n.expression!.latex}`;
    return { text, latex, value: n.value?.text ?? null, node: n.id };
  });

  const inputsOf = new Map(eqs.map((v) => [v, equationInputs(cap, v, inlined)]));
  const local: EquationLine[] = [];
  const partial = (a: Vertex, b: Vertex): [string, string] => [
    `∂${info(a).partial.text}/∂${info(b).partial.text}`,
    `\\frac{\\partial ${info(a).partial.latex}}{\\partial ${info(b).partial.latex}}`,
  ];
  for (const v of [...eqs].reverse()) {
    for (const [src, paths] of groupBySource(inputsOf.get(v)!)) {
      const rhs = sumOf(paths.map((p) => product(p.factors)));
      const [t, l] = partial(v, src);
      local.push({ text: `${t} = ${rhs.text}`, latex: `${l} &= ${rhs.latex}`, value: null, node: info(v).id });
    }
  }

  // Backward: ∂y/∂v = Σ over equations c using v of ∂y/∂c · ∂c/∂v, expanded symbolically while short.
  const expanded = new Map<Vertex, Factor[][] | null>([[root, [[]]]]);
  const backward: EquationLine[] = [];
  const order = [...cap.vertices].reverse().filter((v) => v !== root && !inlined(v) && v.tensor.requiresGrad);
  // the equations using each vertex, in equation order (one pass, so a 40,000-op chain is not quadratic)
  const usesOf = new Map<Vertex, { c: Vertex; paths: Path[] }[]>();
  for (const c of eqs) {
    for (const [src, paths] of groupBySource(inputsOf.get(c)!)) usesOf.set(src, [...(usesOf.get(src) ?? []), { c, paths }]);
  }
  for (const v of order) {
    const uses = usesOf.get(v) ?? [];
    if (uses.length === 0) continue;
    let terms: Factor[][] | null = [];
    for (const { c, paths } of uses) {
      const up = expanded.get(c);
      if (!up) terms = null;
      for (const p of paths) if (terms && up) for (const u of up) terms.push([...u, ...p.factors]);
    }
    const sym = terms ? sumOf(terms.map((t) => product(t))) : null;
    expanded.set(v, sym && sym.text.length <= EXPAND_LIMIT && terms!.length <= 4 ? terms : null);
    const chainT = uses.map(({ c }) => (c === root ? partial(root, v)[0] : `${partial(root, c)[0]} · ${partial(c, v)[0]}`));
    const chainL = uses.map(({ c }) => (c === root ? partial(root, v)[1] : `${partial(root, c)[1]} \\cdot ${partial(c, v)[1]}`));
    const [lhsT, lhsL] = partial(root, v);
    const partsT = [lhsT];
    const partsL = [lhsL];
    if (!(uses.length === 1 && uses[0]!.c === root)) {
      partsT.push(chainT.join(" + "));
      partsL.push(chainL.join(" + "));
    }
    if (sym && sym.text.length <= EXPAND_LIMIT) {
      partsT.push(sym.text);
      partsL.push(sym.latex);
    }
    const g = v.tensor.grad ? info(v).grad!.text : null;
    const gl = v.tensor.grad ? valueLatex(v.tensor.grad) : null;
    backward.push({
      text: partsT.join(" = "),
      latex: `${partsL[0]} &= ${partsL.slice(1).join(" = ")}${gl ? ` \\approx ${gl}` : ""}`,
      value: g,
      node: info(v).id,
    });
  }
  return assemble(forward, local, backward, cap);
}

function groupBySource(paths: readonly Path[]): Map<Vertex, Path[]> {
  const m = new Map<Vertex, Path[]>();
  for (const p of paths) m.set(p.src, [...(m.get(p.src) ?? []), p]);
  return m;
}

function sumOf(es: readonly Expr[]): Expr {
  return es.length === 1 ? es[0]! : join(es, " + ", " + ", SUM);
}

function table(lines: readonly EquationLine[]): string[] {
  const width = Math.min(64, Math.max(0, ...lines.map((l) => [...l.text].length)));
  return lines.map((l) => {
    if (l.value === null) return `  ${l.text}`;
    const pad = " ".repeat(Math.max(1, width - [...l.text].length + 2));
    return `  ${l.text}${pad}${l.value.includes("\n") ? "" : "→ "}${l.value}`;
  });
}

function assemble(forward: EquationLine[], local: EquationLine[], backward: EquationLine[], cap: Capture): Explanation {
  const leaves = cap.model.nodes.filter((n) => n.kind !== "op");
  const leafLine = leaves.map((n) => `${n.symbol.text} [${n.shape.join(", ")}]${n.kind === "parameter" ? " (needs grad)" : ""}`).join(", ");
  const rootNode = cap.model.nodes.find((n) => n.id === cap.model.output)!;
  const text = [
    `Inputs: ${leafLine}`,
    "",
    "Forward pass:",
    ...table(forward),
    "",
    "Local derivatives:",
    ...table(local),
    "",
    backward.some((b) => b.value !== null)
      ? "Backward pass (chain rule, values from the last backward()):"
      : "Backward pass (chain rule; call backward() for values):",
    ...(backward.length ? table(backward) : [`  (nothing in ${rootNode.symbol.text} needs a gradient)`]),
  ].join("\n");
  // a forward line that only names a value (an unnamed σ(z)) defines nothing: LaTeX rows all read "lhs &= rhs"
  const block = (ls: readonly EquationLine[]): string =>
    `\\begin{aligned}\n${ls
      .filter((l) => l.latex.includes("&"))
      .map((l) => l.latex)
      .join(" \\\\\n")}\n\\end{aligned}`;
  const latex = [
    "% Forward pass",
    block(forward),
    "% Local derivatives",
    block(local),
    "% Backward pass",
    backward.length ? block(backward) : "",
  ].join("\n");
  return { forward, local, backward, text, latex, toString: () => text };
}
