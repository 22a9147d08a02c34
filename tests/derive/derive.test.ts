/** @file derive(): the simplified forms of the worksheet's functions, evaluation, gradients, Hessians and errors. */
import { describe, expect, it } from "vitest";
import { derive, ExpressionError, parseExpression, checkDerivative } from "../../src/index.js";

const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
const text = (expr: string, wrt?: string): string => derive(expr, wrt).text;

describe("derive: the forms a person would write", () => {
  it("σ, tanh and ReLU of the worksheet, longhand or by name", () => {
    expect(text("1/(1+exp(-x))")).toBe("σ(x)(1 − σ(x))");
    expect(derive("1/(1+exp(-x))").notes).toEqual(["1/(1 + exp(−x)) = σ(x)"]);
    expect(text("sigmoid(x)")).toBe("σ(x)(1 − σ(x))");
    expect(text("σ(x)")).toBe("σ(x)(1 − σ(x))");
    expect(text("tanh(x)")).toBe("1 − tanh²(x)");
    expect(text("(exp(x) - exp(-x))/(exp(x) + exp(-x))")).toBe("1 − tanh²(x)");
    expect(text("2*sigmoid(2x) - 1")).toBe("4σ(2x)(1 − σ(2x))");
    expect(text("relu(x)")).toBe("[x > 0]");
    expect(derive("relu(x)").notes).toEqual(["ReLU′(0) = 0 (chainrule's subgradient)"]);
    expect(text("max(x, 0)")).toBe("[x > 0]");
    expect(derive("max(x, 0)").notes[0]).toMatch(/½ to each argument/);
    expect(text("softplus(x)")).toBe("σ(x)");
    expect(text("log(1 + exp(x))")).toBe("σ(x)");
    expect(text("abs(x)")).toBe("sign(x)");
  });

  it("the worksheet's f = (y − σ(w·x + b))²: ∂f/∂w and ∂f/∂b", () => {
    const g = derive("(y - sigmoid(w*x + b))^2", ["w", "b"]);
    expect(g.text).toEqual(["2x(σ(w·x + b) − y)·σ(w·x + b)(1 − σ(w·x + b))", "2(σ(w·x + b) − y)·σ(w·x + b)(1 − σ(w·x + b))"]);
    const at = { w: 0.3, x: 1.5, b: -0.2, y: 1 };
    const s = sigma(0.3 * 1.5 - 0.2);
    expect(g.evaluate(at)[0]).toBeCloseTo(2 * (s - 1) * s * (1 - s) * 1.5, 14);
    expect(g.evaluate(at)[1]).toBeCloseTo(2 * (s - 1) * s * (1 - s), 14);
  });

  it("folds constants and drops x·1, x + 0, 0·x, x¹ and double negation", () => {
    expect(text("x·1 + 0")).toBe("1");
    expect(text("0*x + x^1")).toBe("1");
    expect(text("-(-x^2)")).toBe("2x");
    expect(text("2*3*x")).toBe("6");
    expect(text("x*x*x")).toBe("3x²");
    expect(text("x − 2·x")).toBe("−1");
    expect(text("sin(x)^2 + cos(x)^2")).toBe("0");
    expect(text("e^x")).toBe("e^x");
    expect(text("pi*x^2")).toBe("2πx");
  });

  it("writes quotients, powers and common factors", () => {
    expect(text("sqrt(x)")).toBe("1/(2·sqrt(x))");
    expect(text("log(x^2+1)")).toBe("2x/(x² + 1)");
    expect(text("1/x^2")).toBe("−2/x³");
    expect(text("(x+1)^3")).toBe("3(x + 1)²");
    expect(text("log(x)/x")).toBe("(1 − log(x))/x²");
    expect(text("x^x")).toBe("x^x(1 + log(x))");
    expect(text("exp(-x^2/2)")).toBe("−x·exp(−x²/2)");
    expect(text("atan(x)")).toBe("1/(1 + x²)");
    expect(text("erf(x)")).toBe("2·exp(−x²)/sqrt(π)");
  });

  it("writes LaTeX", () => {
    expect(derive("1/(1+exp(-x))").latex).toBe("\\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)");
    expect(derive("tanh(x)").latex).toBe("1 - \\tanh^{2}\\left(x\\right)");
    expect(derive("relu(x)").latex).toBe("\\left[x > 0\\right]");
    expect(derive("log(x^2+1)").latex).toBe("\\frac{2 x}{x^{2} + 1}");
    expect(derive("exp(-x^2/2)").latex).toBe("-x e^{-\\frac{x^{2}}{2}}");
  });
});

describe("derive: values, gradients and Hessians", () => {
  it("evaluates the derivative at a point", () => {
    expect(derive("1/(1+exp(-x))", "x").evaluate({ x: 0.5 })).toBeCloseTo(sigma(0.5) * (1 - sigma(0.5)), 15);
    expect(derive("x^3").evaluate({ x: 2 })).toBe(12);
    expect(derive("relu(x)").evaluate({ x: 0 })).toBe(0);
    expect(derive("max(x, 0)").evaluate({ x: 0 })).toBe(0.5);
  });

  it("gives the gradient and Hessian of several variables", () => {
    const g = derive("x^2*y", ["x", "y"]);
    expect(g.text).toEqual(["2x·y", "x²"]);
    expect(g.evaluate({ x: 3, y: 2 })).toEqual([12, 9]);
    expect(g.hessian().map((row) => row.map((d) => d.text))).toEqual([
      ["2y", "2x"],
      ["2x", "0"],
    ]);
    expect(String(g)).toBe("∂/∂x = 2x·y, ∂/∂y = x²");
    const h = derive("x^2*y + sin(x*y)", ["x", "y"]).hessian();
    const at = { x: 0.7, y: -1.3 };
    const c = Math.cos(0.7 * -1.3);
    const s = Math.sin(0.7 * -1.3);
    expect(h[0]![0]!.evaluate(at)).toBeCloseTo(2 * -1.3 - 1.3 * 1.3 * s, 13);
    expect(h[0]![1]!.evaluate(at)).toBeCloseTo(2 * 0.7 + c - 0.7 * -1.3 * s, 13);
    expect(h[1]![0]!.evaluate(at)).toBeCloseTo(h[0]![1]!.evaluate(at), 13);
    expect(derive("x^3").derive("x").text).toBe("6x");
  });
});

describe("derive: bad input is named, with its place", () => {
  const fails = (fn: () => unknown): ExpressionError => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      return e as ExpressionError;
    }
    throw new Error("did not throw");
  };

  it("a syntax error gives the column and a caret", () => {
    const e = fails(() => derive("1 + * x", "x"));
    expect(e.message).toBe('derive: expected a number, a variable or "(" but found "*" at column 5 of "1 + * x".\n  1 + * x\n      ^');
    expect(e.position).toBe(4);
    expect(fails(() => parseExpression("1/(1+exp(-x)))")).message).toMatch(/unexpected "\)" at column 14/);
    expect(fails(() => parseExpression("(x")).message).toMatch(/expected "\)" to close the "\(" at column 1/);
    expect(fails(() => parseExpression("x $ 2")).message).toMatch(/unexpected character "\$" at column 3/);
    expect(fails(() => parseExpression("")).message).toMatch(/empty/);
  });

  it("unknown functions, misuse of a function and wrong arity are named", () => {
    expect(fails(() => derive("foo(x)", "x")).message).toMatch(/unknown function "foo" \(known: exp, log/);
    expect(fails(() => derive("sin x", "x")).message).toMatch(/"sin" is a function: write sin\(\.\.\.\)/);
    expect(fails(() => derive("max(x)", "x")).message).toMatch(/max takes 2 arguments but was given 1/);
  });

  it("unknown or missing variables are named", () => {
    expect(fails(() => derive("x*y")).message).toMatch(/the variables x, y; say which/);
    expect(fails(() => derive("x*y", "x").evaluate({ x: 1 })).message).toMatch(/the variable "y" has no value/);
    expect(fails(() => derive("x^2", "x").evaluate({ x: 1, z: 2 })).message).toMatch(/"z" is not a variable of x\^2/);
  });

  it("division by zero, log of ≤ 0 and sqrt of < 0 are reported at the point, never NaN", () => {
    expect(fails(() => derive("1/x").evaluate({ x: 0 })).message).toBe("derive: division by zero in 1/x at x = 0.");
    expect(fails(() => derive("log(x)").evaluate({ x: -1 })).message).toMatch(
      /log needs a positive argument, got -1 in log\(x\) at x = -1/,
    );
    expect(fails(() => derive("sqrt(x)").evaluate({ x: 0 })).message).toMatch(/division by zero in 1\/\(2·sqrt\(x\)\) at x = 0/);
    expect(fails(() => derive("exp(exp(x))").evaluate({ x: 10 })).message).toMatch(/overflow/);
    const report = checkDerivative("log(x)", { at: [{ x: -1 }, { x: 2 }] });
    expect(report.points[0]).toMatchObject({ symbolic: null, autodiff: null, numeric: null, ok: null });
    expect(report.points[0]!.error).toMatch(/log needs a positive argument, got -1 in log\(x\) at x = -1/);
    expect(report.points[1]).toMatchObject({ symbolic: 0.5, autodiff: 0.5, ok: true });
  });

  it("accepts − (U+2212), ·, ×, ** and implicit products", () => {
    expect(text("2·x − 3×x**2")).toBe("2 − 6x");
    expect(text("2(x + 1)x")).toBe("4x + 2");
    expect(fails(() => derive("x(x + 1)")).message).toMatch(/unknown function "x" .*for a product write x\*\(\.\.\.\)/);
  });
});
