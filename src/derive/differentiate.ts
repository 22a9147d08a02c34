/** @file The chain rule on expression trees: Σᵢ ∂f/∂aᵢ · daᵢ/dv, with each ∂f/∂aᵢ taken from rules.ts. */
import { add, mul, num, type Expr } from "./expr.js";
import { argsOf, ruleOf } from "./rules.js";
import { simplify } from "./simplify.js";

const isZero = (e: Expr): boolean => e.kind === "num" && e.value === 0;

/**
 * d`e`/d`v`, simplified. `notes` collects the subgradients the rules chose at kinks (abs, ReLU, max, min).
 * @example
 * toText(differentiate(parseExpression("x^3"), "x")); // "3x²"
 */
export function differentiate(e: Expr, v: string, notes: Set<string> = new Set()): Expr {
  const d = (n: Expr): Expr => {
    if (n.kind === "num" || n.kind === "const") return num(0);
    if (n.kind === "var") return num(n.name === v ? 1 : 0);
    const rule = ruleOf(n)!;
    const args = argsOf(n);
    const inner = args.map((a) => simplify(d(a)));
    if (inner.every(isZero)) return num(0);
    if (rule.kink) notes.add(rule.kink);
    const partials = rule.partials(args, n);
    let total: Expr | null = null;
    for (let i = 0; i < args.length; i++) {
      if (isZero(inner[i]!)) continue;
      const term = mul(partials[i]!, inner[i]!);
      total = total ? add(total, term) : term;
    }
    return simplify(total!);
  };
  return d(e);
}
