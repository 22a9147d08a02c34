/** @file Calls chainrule's derive()/checkDerivative() where the package exports them, and reads the answer into one shape for the page. */
import * as chainrule from "../chainrule.js";

/** A point: a value for each variable. */
export type Point = Record<string, number>;

/** One checked point (the API's `points` rows): symbolic, autodiff and central differences at `at`. */
export interface CheckedPoint {
  at: Point;
  symbolic: number | number[] | null;
  autodiff: number | number[] | null;
  numeric: number | number[] | null;
  ok?: boolean | null;
  kink?: string;
  error?: string;
}

/** What the page shows. */
export interface Derived {
  wrt: string[];
  /** One LaTeX string per variable. */
  latex: string[];
  /** One plain-text derivative per variable. */
  text: string[];
  notes: string[];
  points: CheckedPoint[];
}

type DerivativeLike = {
  text: string | string[];
  latex: string | string[];
  notes?: readonly string[];
  evaluate(at: Point): number | number[];
};
type DeriveFn = (expr: string, wrt?: string | readonly string[]) => DerivativeLike;
type CheckFn = (
  expr: string,
  opts: { wrt?: readonly string[]; at?: readonly Point[] },
) => { wrt: string[]; derivative: string | string[]; latex: string | string[]; notes?: string[]; points: CheckedPoint[] };

const lib = chainrule as Record<string, unknown>;
const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

/** Whether this build of chainrule exports derive(). */
export const hasDerive = (): boolean => typeof lib["derive"] === "function";

/**
 * Parses "x=0.5, y=1; x=2" into points (blank input: none).
 * @example
 * parsePoints("x=1; x=2"); // [{ x: 1 }, { x: 2 }]
 */
export function parsePoints(s: string): Point[] {
  return s
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) =>
      Object.fromEntries(
        p.split(",").map((kv) => {
          const [k, v] = kv.split("=").map((x) => x.trim());
          if (!k || v === undefined || v === "" || !Number.isFinite(Number(v)))
            throw new Error(`check at: "${kv.trim()}" is not name=number`);
          return [k, Number(v)];
        }),
      ),
    );
}

/**
 * The derivative of `expr` by `wrt` and its check at `at`: checkDerivative() when exported (symbolic,
 * autodiff and numeric per point), else derive() evaluated at each point (symbolic only).
 * @example
 * runDerive("x^2", ["x"], [{ x: 1 }]).points[0].symbolic; // 2
 */
export function runDerive(expr: string, wrt: string[], at: Point[]): Derived {
  const check = lib["checkDerivative"];
  if (typeof check === "function") {
    const r = (check as CheckFn)(expr, { wrt: wrt.length ? wrt : undefined, at: at.length ? at : undefined });
    return { wrt: r.wrt, latex: list(r.latex), text: list(r.derivative), notes: r.notes ?? [], points: r.points };
  }
  const d = (lib["derive"] as DeriveFn)(expr, wrt.length > 1 ? wrt : wrt[0]);
  const points = at.map((p): CheckedPoint => {
    try {
      return { at: p, symbolic: d.evaluate(p), autodiff: null, numeric: null };
    } catch (e) {
      return { at: p, symbolic: null, autodiff: null, numeric: null, error: e instanceof Error ? e.message : String(e) };
    }
  });
  return { wrt, latex: list(d.latex), text: list(d.text), notes: [...(d.notes ?? [])], points };
}
