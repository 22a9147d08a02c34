/** @file The demo's results: rows of closed form / autodiff / numeric values with their agreement, grouped in sections. */

/** One compared quantity. For a vector or matrix, the three values are Euclidean/Frobenius norms and the errors are entrywise maxima. */
export interface DemoRow {
  label: string;
  /** "value" for a scalar, "norm" when the shown values are ‖·‖ of a tensor. */
  kind: "value" | "norm";
  closedForm: number;
  autodiff: number;
  /** null where no numerical counterpart exists (a forward value). */
  numeric: number | null;
  /** max |closed form − autodiff| over the entries. */
  closedVsAutodiff: number;
  /** max |autodiff − numeric| over the entries (null without a numeric value). */
  autodiffVsNumeric: number | null;
  agree: boolean;
  /** E.g. why a kink row agrees although the central difference differs. */
  note?: string;
}

/** One worksheet item. */
export interface DemoSection {
  id: string;
  title: string;
  /** The worksheet's formulas for this item, as text. */
  formulas: string[];
  rows: DemoRow[];
  /** Further checks and remarks, each with its own verdict when it has one. */
  notes: { text: string; ok?: boolean }[];
  /** The computation graph as a text tree, where the item is about the graph. */
  graph?: string[];
  /** A further table of measurements (the side note's timings). */
  table?: { headers: string[]; rows: string[][] };
  ok: boolean;
}

/** The whole walkthrough. */
export interface DemoResult {
  title: string;
  sections: DemoSection[];
  /** Files written (the graph SVG), if any. */
  files: string[];
  ok: boolean;
}

/** Tolerances: closed form vs autodiff (both exact float64 arithmetic), autodiff vs numeric (finite differences). */
export interface RowTolerance {
  exact: number;
  numeric: number;
}

/** Central differences in float64 agree to ~1e-9; 1e-6 (relative to 1 + max|value|) leaves a wide margin. */
export const DEFAULT_TOL: RowTolerance = { exact: 1e-10, numeric: 1e-6 };

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(m) ? Infinity : m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

type Values = number | ArrayLike<number>;
const asArray = (v: Values): ArrayLike<number> => (typeof v === "number" ? [v] : v);

/**
 * Compares the three values of a quantity. They agree when |closed − autodiff| ≤ tol.exact·(1 + max|closed|)
 * and |autodiff − numeric| ≤ tol.numeric·(1 + max|autodiff|), entrywise.
 * @example
 * compareRow("x = 0", 0.25, 0.25, 0.2500000001).agree; // true
 */
export function compareRow(
  label: string,
  closed: Values,
  autodiff: Values,
  numeric: Values | null,
  tol: RowTolerance = DEFAULT_TOL,
): DemoRow {
  const c = asArray(closed);
  const a = asArray(autodiff);
  const n = numeric === null ? null : asArray(numeric);
  const scalar = typeof closed === "number";
  const closedVsAutodiff = maxDiff(c, a);
  const autodiffVsNumeric = n === null ? null : maxDiff(a, n);
  const agree =
    closedVsAutodiff <= tol.exact * (1 + maxAbs(c)) && (autodiffVsNumeric === null || autodiffVsNumeric <= tol.numeric * (1 + maxAbs(a)));
  return {
    label,
    kind: scalar ? "value" : "norm",
    closedForm: scalar ? c[0]! : norm(c),
    autodiff: scalar ? a[0]! : norm(a),
    numeric: n === null ? null : scalar ? n[0]! : norm(n),
    closedVsAutodiff,
    autodiffVsNumeric,
    agree,
  };
}

/**
 * Builds a section; it is ok when every row agrees and every note with a verdict holds.
 * @example
 * section("1(a)", "σ′", ["σ′(x) = σ(x)(1 − σ(x))"], rows);
 */
export function section(
  id: string,
  title: string,
  formulas: string[],
  rows: DemoRow[],
  notes: DemoSection["notes"] = [],
  extra: { graph?: string[]; table?: DemoSection["table"] } = {},
): DemoSection {
  const ok = rows.every((r) => r.agree) && notes.every((n) => n.ok !== false);
  return { id, title, formulas, rows, notes, ...extra, ok };
}
