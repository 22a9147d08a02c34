/** @file Calls chainrule's derive() where the package exports it, and reads its answer into one shape for the page. */
import * as chainrule from "../chainrule.js";

/** One checked point: the symbolic derivative, autodiff and central differences at `at`. */
export interface CheckedPoint {
  at: Record<string, number>;
  symbolic: unknown;
  autodiff: unknown;
  numeric: unknown;
}

/** What the page shows. */
export interface Derived {
  derivative: string;
  latex: string | null;
  points: CheckedPoint[];
}

type DeriveFn = (expr: string, wrt?: string | string[], opts?: { at?: Record<string, number>[] }) => unknown;

/** derive() from the package, or null when this build does not export it. */
export function deriveFn(): DeriveFn | null {
  const fn = (chainrule as Record<string, unknown>)["derive"];
  return typeof fn === "function" ? (fn as DeriveFn) : null;
}

const text = (v: unknown): string => (typeof v === "string" ? v : v && typeof v === "object" ? JSON.stringify(v) : String(v));

/**
 * Parses "x=0.5, y=1; x=2" into points.
 * @example
 * parsePoints("x=1; x=2"); // [{ x: 1 }, { x: 2 }]
 */
export function parsePoints(s: string): Record<string, number>[] {
  return s
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) =>
      Object.fromEntries(
        p
          .split(",")
          .map((kv) => kv.split("=").map((x) => x.trim()))
          .map(([k, v]) => [k!, Number(v)]),
      ),
    );
}

/**
 * Runs derive(expr, wrt, { at }) and normalises the answer (the API's JSON: expression, derivative, latex, points).
 * @example
 * runDerive(fn, "x^2", ["x"], [{ x: 1 }]).derivative; // "2*x"
 */
export function runDerive(fn: DeriveFn, expr: string, wrt: string[], at: Record<string, number>[]): Derived {
  const r = fn(expr, wrt.length === 1 ? wrt[0] : wrt, { at }) as Record<string, unknown> | string;
  if (typeof r === "string") return { derivative: r, latex: null, points: [] };
  const latex = r["latex"];
  return {
    derivative: text(r["derivative"] ?? r["text"] ?? r),
    latex: typeof latex === "string" ? latex : latex ? text(latex) : null,
    points: Array.isArray(r["points"]) ? (r["points"] as CheckedPoint[]) : [],
  };
}
