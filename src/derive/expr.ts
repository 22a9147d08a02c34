/** @file The expression tree of `derive`: node types, constructors and structural equality. */

/** The functions an expression may call (after aliases like σ → sigmoid and ln → log are resolved). */
export type FnName =
  | "exp"
  | "log"
  | "sqrt"
  | "abs"
  | "sin"
  | "cos"
  | "tan"
  | "atan"
  | "sinh"
  | "cosh"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "softplus"
  | "erf"
  | "expm1"
  | "log1p"
  | "max"
  | "min"
  | "sign"
  | "step"
  | "tie";

/** A binary operator. */
export type BinOp = "+" | "-" | "*" | "/" | "^";

/** A node of an expression tree. `pos` is the offset of the node in the parsed text (absent for built nodes). */
export type Expr =
  | { readonly kind: "num"; readonly value: number; readonly pos?: number }
  | { readonly kind: "const"; readonly name: "pi" | "e"; readonly pos?: number }
  | { readonly kind: "var"; readonly name: string; readonly pos?: number }
  | { readonly kind: "neg"; readonly arg: Expr; readonly pos?: number }
  | { readonly kind: "bin"; readonly op: BinOp; readonly left: Expr; readonly right: Expr; readonly pos?: number }
  | { readonly kind: "call"; readonly fn: FnName; readonly args: readonly Expr[]; readonly pos?: number };

/** A number node. */
export const num = (value: number): Expr => ({ kind: "num", value });
/** A variable node. */
export const variable = (name: string): Expr => ({ kind: "var", name });
/** −a. */
export const neg = (arg: Expr): Expr => ({ kind: "neg", arg });
/** A function call node. */
export const call = (fn: FnName, ...args: Expr[]): Expr => ({ kind: "call", fn, args });

const lift = (x: Expr | number): Expr => (typeof x === "number" ? num(x) : x);
const bin = (op: BinOp, a: Expr | number, b: Expr | number): Expr => ({ kind: "bin", op, left: lift(a), right: lift(b) });
/** a + b. */
export const add = (a: Expr | number, b: Expr | number): Expr => bin("+", a, b);
/** a − b. */
export const sub = (a: Expr | number, b: Expr | number): Expr => bin("-", a, b);
/** a · b. */
export const mul = (a: Expr | number, b: Expr | number): Expr => bin("*", a, b);
/** a / b. */
export const div = (a: Expr | number, b: Expr | number): Expr => bin("/", a, b);
/** aᵇ. */
export const pow = (a: Expr | number, b: Expr | number): Expr => bin("^", a, b);

/** A canonical string of the tree (ignores positions): equal keys mean structurally equal trees. */
export function key(e: Expr): string {
  switch (e.kind) {
    case "num":
      return Object.is(e.value, -0) ? "0" : String(e.value);
    case "const":
      return `#${e.name}`;
    case "var":
      return `$${e.name}`;
    case "neg":
      return `(-${key(e.arg)})`;
    case "bin":
      return `(${key(e.left)}${e.op}${key(e.right)})`;
    case "call":
      return `${e.fn}(${e.args.map(key).join(",")})`;
  }
}

/** Whether two trees are structurally equal. */
export const same = (a: Expr, b: Expr): boolean => key(a) === key(b);

/** The variable names of a tree, in order of first appearance. */
export function variablesOf(e: Expr, out: string[] = []): string[] {
  if (e.kind === "var") {
    if (!out.includes(e.name)) out.push(e.name);
  } else if (e.kind === "neg") variablesOf(e.arg, out);
  else if (e.kind === "bin") {
    variablesOf(e.left, out);
    variablesOf(e.right, out);
  } else if (e.kind === "call") for (const a of e.args) variablesOf(a, out);
  return out;
}

/** Whether the tree mentions variable `v`. */
export const dependsOn = (e: Expr, v: string): boolean => variablesOf(e).includes(v);
