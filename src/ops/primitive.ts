/** @file The record of one primitive: its derivative rule plus what pictures and gradcheck need, in one typed object. */
import { ATOM, PROD, atom, wrap, type Expr, type Factor } from "./expr.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Attrs, Rule } from "./rule.js";

/** One input of an op as formulas see it: its expression and, for inlined plain numbers, the value. */
export interface Operand {
  expr: Expr;
  constant: number | null;
  ndim: number;
}

/**
 * Everything chainrule knows about one primitive besides its forward function (which sits next to
 * the record in the family file and calls the backend's kernel). `A` is the primitive's attributes
 * (axes, flags) as the forward records them; every method reads them typed.
 *
 * - rule (`derivative`, `latex`, `vjp`, `fastVjp`): what backward applies (see Rule);
 * - `rerun`: the forward again on new inputs with the recorded attributes (gradcheck's rule checks
 *   run it in float64); `outShape` is the recorded output's shape;
 * - `glyph`, `label`, `forward`, `local`: how pictures and explain() write the op: its function
 *   glyph ("σ"), its box label, its forward expression (default `glyph(args)`), and the local
 *   derivative ∂y/∂(input i) in the operands' symbols (null: no gradient flows to that input);
 * - `kink`: for ops whose derivative jumps, one small integer per element that changes exactly
 *   when the op crosses a kink (gradcheck then treats a difference across it as a kink, not a bug).
 */
export interface Primitive<A extends object = Attrs> extends Rule<A> {
  rerun(inputs: readonly Tensor[], attrs: A, outShape: readonly number[]): Tensor;
  /** The function glyph, text and LaTeX: ["σ", "\\sigma"]. */
  readonly glyph?: readonly [string, string];
  /** The box label (default: the op's name); `constants` are plain-number operands, written out. */
  label?(constants: readonly (string | null)[], attrs: A, inNdim: number): string;
  /** The forward expression (default: `glyph(args)`, or `name(args)`). */
  forward?(ins: readonly Operand[], attrs: A): Expr;
  local(i: number, ins: readonly Operand[], attrs: A): Factor | null;
  kink?(out: Tensor, inputs: readonly Tensor[], attrs: A): Int8Array | null;
}

/** A record table; family files check theirs with `satisfies PrimitiveTable`. */
export type PrimitiveTable = Readonly<Record<string, Primitive>>;

/** The factor 1. */
export const one = (): Factor => ({ coef: 1, terms: [] });
/** The factor `e`. */
export const f1 = (e: Expr): Factor => ({ coef: 1, terms: [e] });
/** An indicator [cond], text and LaTeX. */
export const ind = (text: string, latex: string): Expr => atom(`[${text}]`, `\\mathbb{1}[${latex}]`);

/**
 * The sign of each element (1, −1 or 0): the branch pattern of ops with a kink at 0.
 * @example
 * signsOf([-2, 0, 3]); // Int8Array [-1, 0, 1]
 */
export function signsOf(data: ArrayLike<number>): Int8Array {
  const out = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! > 0 ? 1 : data[i]! < 0 ? -1 : 0;
  return out;
}

/** `1/a` as a formula. */
export const recipExpr = (a: Expr): Expr => ({ text: `1/${wrap(a, ATOM).text}`, latex: `\\frac{1}{${a.latex}}`, prec: PROD });
