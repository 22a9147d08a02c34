/** @file Seeded random expression strings (depth ≤ 5, every function) and their mathjs spelling, for the derive tests. */
import type { Expr } from "../../src/derive/expr.js";
import type { TestRng } from "../helpers/test-rng.js";

/** The functions a generated expression may call (every one derive knows, except the flat sign and step). */
export const GENERATED_FUNCTIONS = [
  "exp",
  "log",
  "sqrt",
  "abs",
  "sin",
  "cos",
  "tan",
  "atan",
  "sinh",
  "cosh",
  "tanh",
  "sigmoid",
  "relu",
  "softplus",
  "erf",
  "expm1",
  "log1p",
  "max",
  "min",
] as const;

/** A positive wrapping of `u`, so log, sqrt, powers and quotients stay defined. */
function positive(rng: TestRng, u: string): string {
  const k = Math.floor(rng.next() * 4);
  return k === 0 ? `(${u}^2 + 0.5)` : k === 1 ? `exp(${u})` : k === 2 ? `(softplus(${u}) + 0.25)` : `(1 + sigmoid(${u}))`;
}

/**
 * A random expression in x and y of depth ≤ `depth`. Functions with a restricted domain get an argument
 * made positive (or bounded, for tan) most of the time; the test still rejects points near trouble.
 */
export function randomExpression(rng: TestRng, depth: number): string {
  if (depth <= 1 || rng.next() < 0.15) {
    const r = rng.next();
    if (r < 0.45) return "x";
    if (r < 0.75) return "y";
    if (r < 0.85) return rng.next() < 0.5 ? "pi" : "e";
    return String(Math.round(rng.uniform(-3, 3) * 4) / 4 || 1.5);
  }
  const sub = (): string => randomExpression(rng, depth - 1);
  const r = rng.next();
  if (r < 0.35) {
    const op = ["+", "-", "*", "/", "^"][Math.floor(rng.next() * 5)]!;
    if (op === "/") return `(${sub()}) / ${positive(rng, sub())}`;
    if (op === "^") {
      const k = rng.next();
      if (k < 0.5) return `(${sub()})^${1 + Math.floor(rng.next() * 3)}`;
      return `${positive(rng, sub())}^(${k < 0.75 ? sub() : String(rng.uniform(-2, 2).toFixed(2))})`;
    }
    return `(${sub()}) ${op === "-" ? "−" : op === "*" && rng.next() < 0.3 ? "·" : op} (${sub()})`;
  }
  if (r < 0.4) return `-(${sub()})`;
  const fn = GENERATED_FUNCTIONS[Math.floor(rng.next() * GENERATED_FUNCTIONS.length)]!;
  if (fn === "max" || fn === "min") return `${fn}(${sub()}, ${sub()})`;
  if (fn === "log" || fn === "sqrt") return `${fn}(${positive(rng, sub())})`;
  if (fn === "log1p") return `log1p(${sub()}^2)`;
  if (fn === "tan") return `tan(atan(${sub()}))`;
  if ((fn === "exp" || fn === "sinh" || fn === "cosh" || fn === "expm1") && rng.next() < 0.7) return `${fn}(tanh(${sub()}))`;
  return `${fn}(${sub()})`;
}

/** Writes a derive tree in mathjs's language, spelling out what mathjs cannot differentiate by name. */
export function toMathjs(e: Expr): string {
  const m = toMathjs;
  switch (e.kind) {
    case "num":
      return `(${e.value})`;
    case "const":
      return e.name === "pi" ? "pi" : "e";
    case "var":
      return e.name;
    case "neg":
      return `(-${m(e.arg)})`;
    case "bin":
      return `(${m(e.left)} ${e.op} ${m(e.right)})`;
    case "call": {
      const [a, b] = e.args.map(m);
      switch (e.fn) {
        case "sigmoid":
          return `(1 / (1 + exp(-${a})))`;
        case "relu":
          return `((${a} + abs(${a})) / 2)`;
        case "softplus":
          return `log(1 + exp(${a}))`;
        case "expm1":
          return `(exp(${a}) - 1)`;
        case "log1p":
          return `log(1 + ${a})`;
        case "max":
          return `((${a} + ${b} + abs(${a} - ${b})) / 2)`;
        case "min":
          return `((${a} + ${b} - abs(${a} - ${b})) / 2)`;
        default:
          return `${e.fn}(${e.args.map(m).join(", ")})`;
      }
    }
  }
}

/** Whether the tree calls `fn` somewhere. */
export function calls(e: Expr, fn: string): boolean {
  if (e.kind === "call") return e.fn === fn || e.args.some((a) => calls(a, fn));
  if (e.kind === "neg") return calls(e.arg, fn);
  if (e.kind === "bin") return calls(e.left, fn) || calls(e.right, fn);
  return false;
}
