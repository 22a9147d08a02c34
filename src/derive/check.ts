/**
 * @file `checkDerivative`: the symbolic derivative beside chainrule's autodiff and a central difference at
 * a few points, with kinks named and undefined points reported (what `chainrule derive` prints).
 */
import { ExpressionError } from "../errors.js";
import { autodiffAt } from "./autodiff.js";
import { derive, type Derivative } from "./derive.js";
import { evaluateExpr, fmtPoint, type Point } from "./evaluate.js";
import { sub, variablesOf, type Expr } from "./expr.js";
import { parseExpression } from "./parse.js";
import { toText } from "./print.js";

/** Options of `checkDerivative`. */
export interface DerivativeCheckOptions {
  /** The variables to differentiate by (default: every variable of the expression). */
  wrt?: string | readonly string[];
  /** The points (default: a few around 0); each gives every variable of the expression a value. */
  at?: readonly Point[];
}

/** One row of the comparison: numbers for one variable, lists (in `wrt` order) for several. */
export interface DerivativeCheckPoint {
  at: Point;
  symbolic: number | number[] | null;
  autodiff: number | number[] | null;
  numeric: number | number[] | null;
  /** Symbolic and autodiff agree (1e-9 relative) and the central difference agrees (1e-6) away from kinks; null where undefined. */
  ok: boolean | null;
  /** The kink the point sits on (or next to), e.g. "abs(x) at x = 0": there the central difference is not a derivative. */
  kink?: string;
  /** Why the expression or its derivative is undefined at this point. */
  error?: string;
}

/** What `checkDerivative` returns: the document `chainrule derive --json` prints. */
export interface DerivativeCheck {
  expression: string;
  wrt: string[];
  derivative: string | string[];
  latex: string | string[];
  notes: string[];
  /** Kinks found along the axis for one variable, e.g. ["abs(x) at x = 0"]. */
  kinks: string[];
  points: DerivativeCheckPoint[];
  /** Every defined point agrees. */
  ok: boolean;
}

const SYMBOLIC_RTOL = 1e-9;
const NUMERIC_RTOL = 1e-6;
const DEFAULT_1D = [-2, -1, 0, 0.5, 1, 2];
const DEFAULT_ND = [0.5, 1.5, -1, 2];

/** Every non-smooth spot of `e`: a name and the expression whose sign change is the kink. */
function kinkNodes(e: Expr, out: { name: string; arg: Expr }[] = []): { name: string; arg: Expr }[] {
  if (e.kind === "call") {
    if (e.fn === "abs" || e.fn === "relu" || e.fn === "sign" || e.fn === "step") out.push({ name: toText(e), arg: e.args[0]! });
    if (e.fn === "max" || e.fn === "min") out.push({ name: toText(e), arg: sub(e.args[0]!, e.args[1]!) });
    for (const a of e.args) kinkNodes(a, out);
  } else if (e.kind === "neg") kinkNodes(e.arg, out);
  else if (e.kind === "bin") {
    kinkNodes(e.left, out);
    kinkNodes(e.right, out);
  }
  return out;
}

const tryEval = (e: Expr, at: Point): number | null => {
  try {
    return evaluateExpr(e, at);
  } catch {
    return null;
  }
};

/** A central difference refined by Richardson extrapolation: error O(h⁴). */
function centralDifference(e: Expr, at: Point, v: string): number {
  const x = at[v]!;
  const h = 1e-3 * Math.max(1, Math.abs(x));
  const f = (dx: number): number => evaluateExpr(e, { ...at, [v]: x + dx });
  const d = (s: number): number => (f(s) - f(-s)) / (2 * s);
  return (4 * d(h / 2) - d(h)) / 3;
}

/** The kink at or next to `at` (within the difference stencil), named. */
function kinkAt(kinks: { name: string; arg: Expr }[], at: Point, wrt: readonly string[]): string | undefined {
  for (const k of kinks) {
    const u0 = tryEval(k.arg, at);
    if (u0 === null) continue;
    if (u0 === 0) return `${k.name} at ${fmtPoint(at)}`;
    for (const v of wrt) {
      const h = 2e-3 * Math.max(1, Math.abs(at[v]!));
      for (const s of [-h, h]) {
        const u = tryEval(k.arg, { ...at, [v]: at[v]! + s });
        if (u !== null && Math.sign(u) !== Math.sign(u0)) return `${k.name} next to ${fmtPoint(at)}`;
      }
    }
  }
  return undefined;
}

/** Kinks along the one variable's axis in [lo, hi], by sign changes and bisection. */
function scanKinks(kinks: { name: string; arg: Expr }[], v: string, lo: number, hi: number): string[] {
  const found: string[] = [];
  const steps = 2000;
  for (const k of kinks) {
    const u = (x: number): number | null => tryEval(k.arg, { [v]: x });
    let px = lo;
    let pu = u(lo);
    for (let i = 1; i <= steps; i++) {
      const x = lo + ((hi - lo) * i) / steps;
      const ux = u(x);
      if (pu !== null && ux !== null && (pu === 0 || Math.sign(pu) !== Math.sign(ux))) {
        let [a, b] = [px, x];
        if (pu !== 0)
          for (let j = 0; j < 200 && b - a > 1e-15 * Math.max(1, Math.abs(a)); j++) {
            const m = (a + b) / 2;
            const um = u(m);
            if (um === null) break;
            if (Math.sign(um) === Math.sign(pu)) a = m;
            else b = m;
          }
        const root = Math.abs(a) < 1e-12 ? 0 : +a.toPrecision(10);
        const text = `${k.name} at ${v} = ${root}`;
        if (!found.includes(text)) found.push(text);
      }
      px = x;
      pu = ux;
    }
  }
  return found;
}

const close = (a: number, b: number, rtol: number, floor: number): boolean =>
  Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + floor;

function defaultPoints(vars: readonly string[]): Point[] {
  if (vars.length === 1) return DEFAULT_1D.map((x) => ({ [vars[0]!]: x }));
  return DEFAULT_ND.map((_, i) => Object.fromEntries(vars.map((v, j) => [v, DEFAULT_ND[(i + j) % DEFAULT_ND.length]!])));
}

/**
 * Differentiates `expr` and compares, at each point, the symbolic derivative with chainrule's autodiff
 * (the expression built as a float64 tensor graph, then backward) and a central difference. Kinks
 * (abs, relu, max, min, sign, step) are named; points where the expression or its derivative is
 * undefined carry the reason instead of NaN.
 * @example
 * checkDerivative("1/(1+exp(-x))", { at: [{ x: 0.5 }] }).points[0].symbolic; // 0.2350037122015945
 */
export function checkDerivative(expr: string, opts: DerivativeCheckOptions = {}): DerivativeCheck {
  const source = parseExpression(expr);
  const vars = variablesOf(source);
  if (vars.length === 0)
    throw new ExpressionError(
      `derive: ${expr} has no variables, so its derivative is 0 everywhere; write one with a variable, e.g. "x^2".`,
    );
  const wrtList = opts.wrt === undefined ? vars : typeof opts.wrt === "string" ? [opts.wrt] : [...opts.wrt];
  for (const v of wrtList) {
    if (!vars.includes(v))
      throw new ExpressionError(`derive: "${v}" is not a variable of ${expr} (its variables: ${vars.join(", ") || "none"}); check --wrt.`);
  }
  const single = wrtList.length === 1;
  const partials: Derivative[] = single ? [derive(expr, wrtList[0]!)] : derive(expr, wrtList).partials.slice();
  const points = opts.at ?? defaultPoints(vars);
  const kinks = kinkNodes(source);
  const pick = (xs: number[]): number | number[] => (single ? xs[0]! : xs);
  const rows = points.map((at): DerivativeCheckPoint => {
    for (const v of vars) {
      if (at[v] === undefined)
        throw new ExpressionError(
          `derive: the point ${fmtPoint(at) || "{}"} gives no value to "${v}"; give every variable of ${expr} (${vars.join(", ")}).`,
        );
    }
    const row: DerivativeCheckPoint = { at, symbolic: null, autodiff: null, numeric: null, ok: null };
    const kink = kinkAt(kinks, at, wrtList);
    if (kink) row.kink = kink;
    let symbolic: number[];
    try {
      symbolic = partials.map((p) => p.evaluate(at));
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      row.error = err.message.replace(/^derive: /, "");
      return row;
    }
    const autodiff = autodiffAt(source, wrtList, at).gradient;
    let numeric: number[] | null = null;
    try {
      numeric = wrtList.map((v) => centralDifference(source, at, v));
    } catch {
      numeric = null;
    }
    row.symbolic = pick(symbolic);
    row.autodiff = pick(autodiff);
    row.numeric = numeric ? pick(numeric) : null;
    const agree = symbolic.every((s, i) => close(s, autodiff[i]!, SYMBOLIC_RTOL, 1e-12));
    const numericAgrees = kink !== undefined || (numeric !== null && symbolic.every((s, i) => close(s, numeric![i]!, NUMERIC_RTOL, 1e-7)));
    row.ok = agree && numericAgrees;
    return row;
  });
  const lo = Math.min(...points.map((p) => p[vars[0]!] ?? 0)) - 1;
  const hi = Math.max(...points.map((p) => p[vars[0]!] ?? 0)) + 1;
  return {
    expression: expr,
    wrt: wrtList,
    derivative: single ? partials[0]!.text : partials.map((p) => p.text),
    latex: single ? partials[0]!.latex : partials.map((p) => p.latex),
    notes: [...new Set(partials.flatMap((p) => p.notes))],
    kinks: vars.length === 1 ? scanKinks(kinks, vars[0]!, lo, hi) : [],
    points: rows,
    ok: rows.every((r) => r.ok !== false),
  };
}
