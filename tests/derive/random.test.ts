/**
 * @file 300 seeded random expressions (five levels of operators and functions, every function): the symbolic derivative agrees with
 * chainrule's autodiff (1e-9 relative, float64) and with mathjs's `derivative`, an independent anchor,
 * at 5 points each, chosen where every function is defined and away from kinks.
 */
import { derivative as mathjsDerivative } from "mathjs";
import { describe, expect, it } from "vitest";
import { autodiffAt } from "../../src/derive/autodiff.js";
import { evaluateExpr } from "../../src/derive/evaluate.js";
import { variablesOf, type Expr } from "../../src/derive/expr.js";
import { derive } from "../../src/index.js";
import { TestRng } from "../helpers/test-rng.js";
import { calls, GENERATED_FUNCTIONS, randomExpression, toMathjs } from "./random-expressions.js";

const EXPRESSIONS = 300;
const POINTS = 5;

/** Every place the value is fragile: kink arguments, and the operands of log, sqrt, /, ^, tan. */
function wellInside(e: Expr, at: Record<string, number>): boolean {
  const v = (n: Expr): number => evaluateExpr(n, at);
  const ok = (n: Expr): boolean => {
    if (n.kind === "neg") return ok(n.arg);
    if (n.kind === "bin") {
      if (!ok(n.left) || !ok(n.right)) return false;
      if (n.op === "/" && Math.abs(v(n.right)) < 1e-2) return false;
      if (n.op === "^" && n.right.kind !== "num" && v(n.left) < 1e-2) return false;
      return Math.abs(v(n)) < 1e6;
    }
    if (n.kind === "call") {
      if (!n.args.every(ok)) return false;
      const [a, b] = n.args.map(v);
      if ((n.fn === "abs" || n.fn === "relu") && Math.abs(a!) < 1e-3) return false;
      if ((n.fn === "max" || n.fn === "min") && Math.abs(a! - b!) < 1e-3) return false;
      if ((n.fn === "log" || n.fn === "sqrt" || n.fn === "log1p") && a! < 1e-2) return false;
      if (n.fn === "tan" && Math.abs(Math.cos(a!)) < 1e-2) return false;
      return Math.abs(v(n)) < 1e6;
    }
    return true;
  };
  try {
    return ok(e);
  } catch {
    return false;
  }
}

const close = (a: number, b: number, rtol: number): boolean => Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));

describe("derive on 300 random expressions", () => {
  const rng = new TestRng(2026);
  const cases: { src: string; tree: Expr; vars: string[]; points: Record<string, number>[] }[] = [];
  while (cases.length < EXPRESSIONS) {
    const src = randomExpression(rng, 5);
    const tree = derive(src, ["x", "y"]).source;
    const vars = variablesOf(tree);
    if (vars.length === 0) continue;
    const points: Record<string, number>[] = [];
    for (let tries = 0; tries < 200 && points.length < POINTS; tries++) {
      const at = Object.fromEntries(vars.map((k) => [k, +rng.uniform(-1.5, 1.5).toFixed(6)]));
      if (wellInside(tree, at)) points.push(at);
    }
    if (points.length === POINTS) cases.push({ src, tree, vars, points });
  }

  it("uses every function, in one and two variables", () => {
    for (const fn of GENERATED_FUNCTIONS)
      expect(
        cases.some((c) => calls(c.tree, fn)),
        fn,
      ).toBe(true);
    expect(cases.filter((c) => c.vars.length === 2).length).toBeGreaterThan(50);
    expect(cases.filter((c) => !calls(c.tree, "erf")).length).toBeGreaterThan(200);
  });

  it("agrees with chainrule's autodiff (backward on the float64 graph) to 1e-9", () => {
    let compared = 0;
    for (const { src, tree, vars, points } of cases) {
      const grad = derive(src, vars);
      for (const at of points) {
        let symbolic: number[];
        try {
          symbolic = grad.evaluate(at);
        } catch (err) {
          throw new Error(`${src} at ${JSON.stringify(at)}: ${(err as Error).message} (derivative ${grad.text.join(" ; ")})`);
        }
        const auto = autodiffAt(tree, vars, at).gradient;
        symbolic.forEach((s, i) => {
          expect(
            close(s, auto[i]!, 1e-9),
            `∂/∂${vars[i]} ${src} at ${JSON.stringify(at)}: ${grad.text[i]} = ${s}, autodiff ${auto[i]}`,
          ).toBe(true);
          compared++;
        });
      }
    }
    expect(compared).toBeGreaterThanOrEqual(EXPRESSIONS * POINTS);
  });

  it("its Hessian agrees with chainrule's grad of grad (createGraph) on the first 100, to 1e-8", () => {
    for (const { src, tree, vars, points } of cases.slice(0, 100)) {
      const hessian = derive(src, vars).hessian();
      const at = points[0]!;
      const auto = autodiffAt(tree, vars, at, true).hessian!;
      hessian.forEach((row, i) =>
        row.forEach((d, j) => {
          const s = d.evaluate(at);
          expect(
            close(s, auto[i]![j]!, 1e-8),
            `∂²/∂${vars[i]}∂${vars[j]} ${src} at ${JSON.stringify(at)}: ${d.text} = ${s}, autodiff ${auto[i]![j]}`,
          ).toBe(true);
        }),
      );
    }
  });

  it("agrees with mathjs's derivative (erf, which mathjs cannot differentiate, against a refined central difference)", () => {
    for (const { src, tree, vars, points } of cases) {
      const grad = derive(src, vars);
      const withErf = calls(tree, "erf");
      const anchors = withErf ? null : vars.map((v) => mathjsDerivative(toMathjs(tree), v, { simplify: false }));
      for (const at of points) {
        const symbolic = grad.evaluate(at);
        vars.forEach((v, i) => {
          let want: number;
          if (anchors) want = anchors[i]!.evaluate({ ...at }) as number;
          else {
            const h = 1e-3 * Math.max(1, Math.abs(at[v]!));
            const f = (dx: number): number => evaluateExpr(tree, { ...at, [v]: at[v]! + dx });
            const d = (s: number): number => (f(s) - f(-s)) / (2 * s);
            want = (4 * d(h / 2) - d(h)) / 3;
          }
          expect(
            close(symbolic[i]!, want, withErf ? 1e-6 : 1e-9),
            `∂/∂${v} ${src} at ${JSON.stringify(at)}: ${grad.text[i]} = ${symbolic[i]}, anchor ${want}`,
          ).toBe(true);
        });
      }
    }
  });
});
