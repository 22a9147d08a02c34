/** @file Evaluates expression trees at a point in float64, naming the subexpression and point where a value is undefined. */
import { ExpressionError } from "../errors.js";
import type { Expr } from "./expr.js";
import { FUNCTIONS } from "./functions.js";
import { toText } from "./print.js";

/** Values of the variables: `{ x: 0.5, y: 2 }`. */
export type Point = Readonly<Record<string, number>>;

/** Writes a point as "x = 0.5, y = 2". */
export const fmtPoint = (at: Point): string =>
  Object.entries(at)
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");

/**
 * The value of `e` at `at`. Throws an ExpressionError naming the subexpression and the point for a
 * division by zero, a value outside a function's domain (log of ≤ 0, sqrt of < 0, …), an overflow, or
 * a variable with no value, instead of returning NaN or ±Infinity.
 * @example
 * evaluateExpr(parseExpression("x^2 + 1"), { x: 2 }); // 5
 */
export function evaluateExpr(e: Expr, at: Point): number {
  const bad = (node: Expr, why: string): never => {
    throw new ExpressionError(`derive: ${why} in ${toText(node)} at ${fmtPoint(at)}.`, node.pos);
  };
  const ev = (n: Expr): number => {
    let v: number;
    switch (n.kind) {
      case "num":
        return n.value;
      case "const":
        return n.name === "pi" ? Math.PI : Math.E;
      case "var": {
        const x = at[n.name];
        if (x === undefined) {
          const names = Object.keys(at);
          throw new ExpressionError(
            `derive: the variable "${n.name}" has no value at ${names.length ? fmtPoint(at) : "the point {}"}; give one, e.g. { ${[...names, n.name].map((k) => `${k}: ${at[k] ?? 1}`).join(", ")} }.`,
          );
        }
        if (typeof x !== "number" || !Number.isFinite(x)) return bad(n, `the value of ${n.name} is ${String(x)}, not a finite number`);
        return x;
      }
      case "neg":
        return -ev(n.arg);
      case "call": {
        const args = n.args.map(ev);
        const info = FUNCTIONS[n.fn];
        const why = info.domain?.(...args);
        if (why) return bad(n, why);
        v = info.value(...args);
        break;
      }
      case "bin": {
        const a = ev(n.left);
        const b = ev(n.right);
        if (n.op === "/" && b === 0) return bad(n, "division by zero");
        if (n.op === "^" && a === 0 && b < 0) return bad(n, `division by zero (0 to the power ${b})`);
        if (n.op === "^" && a < 0 && !Number.isInteger(b)) return bad(n, `a negative base (${a}) to the non-integer power ${b}`);
        v = n.op === "+" ? a + b : n.op === "-" ? a - b : n.op === "*" ? a * b : n.op === "/" ? a / b : a ** b;
        break;
      }
    }
    if (!Number.isFinite(v)) return bad(n, Number.isNaN(v) ? "an undefined value (NaN)" : "an overflow past float64's range");
    return v;
  };
  return ev(e);
}
