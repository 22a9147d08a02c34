/** @file `derive(expr, wrt)`: the symbolic derivative, gradient and Hessian of an expression string, as text and LaTeX. */
import { ExpressionError } from "../errors.js";
import { differentiate } from "./differentiate.js";
import { evaluateExpr, type Point } from "./evaluate.js";
import { variablesOf, type Expr } from "./expr.js";
import { parseExpression } from "./parse.js";
import { toLatex, toText } from "./print.js";
import { recognize } from "./recognize.js";

/** Checks that `at` gives a finite number for each variable of `source` and names no other variable. */
function checkPoint(source: Expr, expression: string, at: Point): void {
  if (at === null || typeof at !== "object")
    throw new ExpressionError(`derive: evaluate expects a point such as { x: 0.5 }, got ${String(at)}.`);
  const known = variablesOf(source);
  for (const k of Object.keys(at)) {
    if (!known.includes(k))
      throw new ExpressionError(
        `derive: "${k}" is not a variable of ${expression} (its variables: ${known.join(", ") || "none"}); remove it from the point.`,
      );
  }
}

/** The derivative of an expression with respect to one variable. */
export class Derivative {
  /** The derivative as a tree (simplified). */
  readonly tree: Expr;
  /** Plain text, e.g. "σ(x)(1 − σ(x))". */
  readonly text: string;
  /** LaTeX, e.g. "\\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)". */
  readonly latex: string;
  /** What was recognized (e.g. "1/(1 + exp(−x)) = σ(x)") and the subgradients chosen at kinks. */
  readonly notes: readonly string[];

  constructor(
    /** The expression as written. */
    readonly expression: string,
    /** The parsed expression. */
    readonly source: Expr,
    /** The variable differentiated by (the last one, for a second derivative). */
    readonly wrt: string,
    /** Differentiate this derivative instead of the expression (for second derivatives). */
    of?: Derivative,
  ) {
    const { expr, notes } = of ? { expr: of.tree, notes: of.notes } : recognize(source);
    const kinks = new Set<string>();
    this.tree = differentiate(expr, wrt, kinks);
    this.text = toText(this.tree);
    this.latex = toLatex(this.tree);
    this.notes = [...new Set([...notes, ...kinks])];
  }

  /**
   * The derivative's value at a point (float64). Throws an ExpressionError naming the subexpression and
   * point where the expression or its derivative is undefined (division by zero, log of ≤ 0, …).
   * @example
   * derive("x^3", "x").evaluate({ x: 2 }); // 12
   */
  evaluate(at: Point): number {
    checkPoint(this.source, this.expression, at);
    evaluateExpr(this.source, at);
    return evaluateExpr(this.tree, at);
  }

  /**
   * The derivative of this derivative by `v` (a second partial derivative).
   * @example
   * derive("x^3", "x").derive("x").text; // "6x"
   */
  derive(v: string): Derivative {
    return new Derivative(this.expression, this.source, v, this);
  }

  /** The text form. */
  toString(): string {
    return this.text;
  }
}

/** The gradient of an expression: one Derivative per variable, in the order asked. */
export class Gradient {
  constructor(
    readonly expression: string,
    readonly source: Expr,
    readonly wrt: readonly string[],
    /** ∂f/∂wrtᵢ. */
    readonly partials: readonly Derivative[],
  ) {}

  /** Each partial derivative as text. */
  get text(): string[] {
    return this.partials.map((p) => p.text);
  }
  /** Each partial derivative as LaTeX. */
  get latex(): string[] {
    return this.partials.map((p) => p.latex);
  }
  /** What was recognized and the subgradients chosen at kinks, over all partials. */
  get notes(): string[] {
    return [...new Set(this.partials.flatMap((p) => p.notes))];
  }

  /**
   * The gradient's value at a point.
   * @example
   * derive("x^2*y", ["x", "y"]).evaluate({ x: 3, y: 2 }); // [12, 9]
   */
  evaluate(at: Point): number[] {
    return this.partials.map((p) => p.evaluate(at));
  }

  /**
   * The Hessian: entry [i][j] is ∂²f/∂wrtᵢ∂wrtⱼ, each a Derivative (text, latex, evaluate).
   * @example
   * derive("x^2*y", ["x", "y"]).hessian().map((row) => row.map((d) => d.text)); // [["2y", "2x"], ["2x", "0"]]
   */
  hessian(): Derivative[][] {
    return this.partials.map((p) => this.wrt.map((v) => p.derive(v)));
  }

  /** "∂/∂x = …, ∂/∂y = …". */
  toString(): string {
    return this.partials.map((p, i) => `∂/∂${this.wrt[i]} = ${p.text}`).join(", ");
  }
}

function resolveWrt(source: Expr, expression: string, wrt: string | readonly string[] | undefined): string[] | string {
  if (wrt === undefined) {
    const vars = variablesOf(source);
    if (vars.length === 1) return vars[0]!;
    throw new ExpressionError(
      `derive: ${expression} has ${vars.length ? `the variables ${vars.join(", ")}` : "no variables"}; say which to differentiate by, e.g. derive(expr, ${vars.length ? JSON.stringify(vars) : '"x"'}).`,
    );
  }
  const list = typeof wrt === "string" ? [wrt] : [...wrt];
  for (const v of list) {
    if (typeof v !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v))
      throw new ExpressionError(`derive: "${String(v)}" is not a variable name (letters, digits and _, starting with a letter).`);
  }
  if (list.length === 0) throw new ExpressionError(`derive: the list of variables is empty; give at least one, e.g. ["x"].`);
  return typeof wrt === "string" ? wrt : list;
}

/**
 * The symbolic derivative of an expression string, differentiated with the same rules as chainrule's
 * autodiff and simplified the way a person would write it. Pass one variable for a Derivative, or a list
 * for a Gradient (with `.hessian()`). Functions: exp, log (ln), sqrt, abs, sin, cos, tan, atan, sinh, cosh,
 * tanh, sigmoid (σ), relu, softplus, erf, expm1, log1p, max, min, sign, step; constants pi (π) and e.
 * @example
 * derive("1/(1+exp(-x))", "x").text; // "σ(x)(1 − σ(x))"
 * derive("x^2*y", ["x", "y"]).text; // ["2x·y", "x²"]
 */
export function derive(expr: string, wrt?: string): Derivative;
export function derive(expr: string, wrt: readonly string[]): Gradient;
export function derive(expr: string, wrt?: string | readonly string[]): Derivative | Gradient {
  const source = parseExpression(expr);
  const resolved = resolveWrt(source, expr, wrt);
  if (typeof resolved === "string") return new Derivative(expr, source, resolved);
  return new Gradient(
    expr,
    source,
    resolved,
    resolved.map((v) => new Derivative(expr, source, v)),
  );
}
