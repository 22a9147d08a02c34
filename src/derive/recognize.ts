/** @file Recognizes the worksheet's functions written out longhand, so their derivatives come out in their known forms. */
import { call, key, same, type Expr } from "./expr.js";
import { toText } from "./print.js";

const isNum = (e: Expr, v: number): boolean => e.kind === "num" && e.value === v;
const isCall = (e: Expr, fn: string): e is Expr & { kind: "call" } => e.kind === "call" && e.fn === fn;
const negOf = (e: Expr): Expr | null =>
  e.kind === "neg" ? e.arg : e.kind === "num" && e.value < 0 ? { kind: "num", value: -e.value } : null;

/** 1 + t or t + 1: the t, else null. */
function onePlus(e: Expr): Expr | null {
  if (e.kind !== "bin" || e.op !== "+") return null;
  if (isNum(e.left, 1)) return e.right;
  if (isNum(e.right, 1)) return e.left;
  return null;
}

/** The known function `e` spells out, or null. */
function match(e: Expr): Expr | null {
  if (e.kind === "bin" && e.op === "/") {
    const t = onePlus(e.right);
    // 1/(1 + e^(−u)) = σ(u)
    if (isNum(e.left, 1) && t && isCall(t, "exp")) {
      const u = negOf(t.args[0]!);
      if (u) return call("sigmoid", u);
    }
    // eᵘ/(1 + eᵘ) = σ(u)
    if (t && isCall(e.left, "exp") && same(e.left, t)) return call("sigmoid", e.left.args[0]!);
    // (eᵘ − e^(−u))/(eᵘ + e^(−u)) = tanh(u), and sinh(u)/cosh(u) = tanh(u)
    const { left: l, right: r } = e;
    if (l.kind === "bin" && l.op === "-" && r.kind === "bin" && r.op === "+" && same(l.left, r.left) && same(l.right, r.right)) {
      if (isCall(l.left, "exp") && isCall(l.right, "exp")) {
        const u = l.left.args[0]!;
        const m = negOf(l.right.args[0]!);
        if (m && same(m, u)) return call("tanh", u);
      }
    }
    if (isCall(l, "sinh") && isCall(r, "cosh") && same(l.args[0]!, r.args[0]!)) return call("tanh", l.args[0]!);
  }
  // log(1 + eᵘ) = softplus(u)
  if (isCall(e, "log")) {
    const t = onePlus(e.args[0]!);
    if (t && isCall(t, "exp")) return call("softplus", t.args[0]!);
  }
  return null;
}

/**
 * Rewrites σ, tanh and softplus written longhand into the functions themselves (bottom up), and
 * says what it recognized, e.g. "1/(1 + exp(−x)) = σ(x)".
 * @example
 * toText(recognize(parseExpression("1/(1+exp(-x))")).expr); // "σ(x)"
 */
export function recognize(e: Expr): { expr: Expr; notes: string[] } {
  const notes: string[] = [];
  const walk = (n: Expr): Expr => {
    let m: Expr = n;
    if (n.kind === "neg") m = { kind: "neg", arg: walk(n.arg) };
    else if (n.kind === "bin") m = { kind: "bin", op: n.op, left: walk(n.left), right: walk(n.right) };
    else if (n.kind === "call") m = { kind: "call", fn: n.fn, args: n.args.map(walk) };
    const known = match(m);
    if (!known) return m;
    const note = `${toText(m)} = ${toText(known)}`;
    if (!notes.includes(note)) notes.push(note);
    return known;
  };
  const expr = walk(e);
  return { expr, notes: key(expr) === key(e) ? [] : notes };
}
