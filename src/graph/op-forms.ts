/** @file How an op reads in formulas, from its record: its forward expression, its box label, and its local derivatives. */
import type { OpName } from "../ops/primitive-names.js";
import type { Operand, Primitive } from "../ops/primitive.js";
import { call, num, type Expr, type Factor } from "../ops/expr.js";

export type { Operand } from "../ops/primitive.js";

type Attrs = Readonly<Record<string, unknown>>;

/**
 * The short glyph of a function-like op ("σ" for sigmoid), used as the symbol of `sigmoid(z)`.
 * @example
 * opGlyph(primitives.sigmoid); // ["σ", "\\sigma"]
 */
export function opGlyph(rec: Primitive): readonly [string, string] | null {
  return rec.glyph ?? null;
}

/**
 * The forward expression of `op` applied to `ins`: `W·x`, `y − s`, `r²`, `Σ σ(z)`; by default its
 * glyph (or name) called on the operands.
 * @example
 * forwardExpr("sub", primitives.sub, [{ expr: atom("y"), constant: null, ndim: 0 }, …], {}).text; // "y − s"
 */
export function forwardExpr(op: OpName, rec: Primitive, ins: readonly Operand[], attrs: Attrs): Expr {
  if (rec.forward) return rec.forward(ins, attrs);
  const f = rec.glyph ?? [op, `\\operatorname{${op}}`];
  return call(
    f[0],
    f[1],
    ins.map((i) => i.expr),
  );
}

/**
 * The op's box label, with plain-number operands written in: "× 0.5", "pow 3", "Σ sum (axis 1)".
 * @example
 * opLabel("mul", primitives.mul, [null, 0.5], {}, 1); // "× 0.5"
 */
export function opLabel(op: OpName, rec: Primitive, constants: readonly (number | null)[], attrs: Attrs, inNdim: number): string {
  if (!rec.label) return op;
  return rec.label(
    constants.map((v) => (v === null ? null : num(v).text)),
    attrs,
    inNdim,
  );
}

/**
 * ∂(op output)/∂(input i), written in the operands' symbols: square → 2·x, sigmoid → σ(z)(1−σ(z)),
 * matmul → xᵀ for W. Returns null for inputs that carry no gradient (a `where` condition).
 * @example
 * localFactor(primitives.square, 0, [{ expr: atom("r"), constant: null, ndim: 0 }], {}); // { coef: 2, terms: [r] }
 */
export function localFactor(rec: Primitive, i: number, ins: readonly Operand[], attrs: Attrs): Factor | null {
  return rec.local(i, ins, attrs);
}
