/** @file Tiny math expressions in plain text and LaTeX at once, with precedence-aware parentheses. */
import { fmtConst } from "./latex-name.js";

/** Binding strength: sums < products < powers/postfix < atoms (names, calls). */
export const SUM = 1;
export const PROD = 2;
export const POW = 3;
export const ATOM = 4;

/** An expression written two ways; `prec` says how tightly it binds. */
export interface Expr {
  text: string;
  latex: string;
  prec: number;
}

/**
 * An atomic expression.
 * @example
 * atom("x", "\\mathbf{x}");
 */
export function atom(text: string, latex: string = text): Expr {
  return { text, latex, prec: ATOM };
}

/**
 * A constant as an expression ("0.5", "−1").
 * @example
 * num(0.5).text; // "0.5"
 */
export function num(x: number): Expr {
  const t = fmtConst(x);
  return { text: t, latex: t.replace("−", "-"), prec: x < 0 ? PROD : ATOM };
}

/**
 * `e` in parentheses when it binds more loosely than `min`.
 * @example
 * wrap(sum, ATOM).text; // "(a + b)"
 */
export function wrap(e: Expr, min: number): Expr {
  if (e.prec >= min) return e;
  return { text: `(${e.text})`, latex: `(${e.latex})`, prec: ATOM };
}

/**
 * Joins expressions with an operator: `op(parts, " + ", " + ", SUM)`.
 * @example
 * join([atom("a"), atom("b")], " + ", " + ", SUM).text; // "a + b"
 */
export function join(parts: readonly Expr[], text: string, latex: string, prec: number): Expr {
  const ws = parts.map((p, i) => wrap(p, i === 0 ? prec : prec + 1));
  return { text: ws.map((w) => w.text).join(text), latex: ws.map((w) => w.latex).join(latex), prec };
}

/**
 * A function call `name(arg, …)`.
 * @example
 * call("σ", "\\sigma", [atom("z")]).text; // "σ(z)"
 */
export function call(name: string, latexName: string, args: readonly Expr[]): Expr {
  return {
    text: `${name}(${args.map((a) => a.text).join(", ")})`,
    latex: `${latexName}(${args.map((a) => a.latex).join(", ")})`,
    prec: ATOM,
  };
}

/**
 * A postfix form such as `x²` or `xᵀ`.
 * @example
 * postfix(atom("x"), "ᵀ", "^\\top").text; // "xᵀ"
 */
export function postfix(e: Expr, text: string, latex: string): Expr {
  const w = wrap(e, ATOM);
  return { text: w.text + text, latex: `{${w.latex}}${latex}`, prec: POW };
}

/**
 * A prefix form such as `−x` or `Σ x`.
 * @example
 * prefix("−", "-", atom("x"), PROD).text; // "−x"
 */
export function prefix(text: string, latex: string, e: Expr, prec: number, operandMin = prec + 1): Expr {
  const w = wrap(e, operandMin);
  return { text: text + w.text, latex: `${latex}${w.latex}`, prec };
}

/** A factor of a product: a numeric coefficient times symbolic terms; `left` factors multiply from the left (Aᵀ·g). */
export interface Factor {
  coef: number;
  terms: Expr[];
  left?: boolean;
}

/**
 * Multiplies factors in chain order (upstream first), collecting the numeric coefficients in front:
 * [2·r]·[−1] → −2r. A `left` factor multiplies everything so far from the left, in parentheses when
 * needed: [x₄]·[W₂ᵀ, left] → W₂ᵀ·x₄, the column-vector form of the gradient.
 * @example
 * product([{ coef: 2, terms: [atom("r")] }, { coef: -1, terms: [] }]).text; // "−2r"
 */
export function product(factors: readonly Factor[]): Expr {
  let coef = 1;
  let acc: Expr[] = [];
  let afterLeft = false;
  const group = (xs: Expr[]): Expr => (xs.length === 1 ? xs[0]! : wrap(juxtapose(xs), ATOM));
  for (const f of factors) {
    coef *= f.coef;
    if (f.terms.length === 0) continue;
    if (f.left) {
      acc = acc.length ? [...f.terms, group(acc)] : [...f.terms];
      afterLeft = acc.length > 1;
    } else {
      if (afterLeft) acc = [group(acc)];
      acc.push(...f.terms);
      afterLeft = false;
    }
  }
  if (acc.length === 0) return num(coef);
  const body = acc.length === 1 ? acc[0]! : juxtapose(acc);
  if (coef === 1) return body;
  if (coef === -1) return prefix("−", "-", body, PROD);
  const c = num(Math.abs(coef));
  const first = wrap(acc[0]!, PROD + 1);
  const tight = first.prec >= POW && /^[^\d(√−]/.test(first.text);
  const text = `${c.text}${tight ? "" : "·"}${wrap(body, PROD).text}`;
  const latex = `${c.latex}${tight ? "" : " \\cdot "}${wrap(body, PROD).latex}`;
  return coef < 0 ? { text: `−${text}`, latex: `-${latex}`, prec: PROD } : { text, latex, prec: PROD };
}

/** Writes a product of terms, dropping the dot before a parenthesis: σ(z)(1−σ(z)). */
function juxtapose(terms: readonly Expr[]): Expr {
  const ws = terms.map((t) => wrap(t, PROD + 1));
  let text = ws[0]!.text;
  let latex = ws[0]!.latex;
  for (const w of ws.slice(1)) {
    const paren = w.text.startsWith("(");
    text += paren ? w.text : `·${w.text}`;
    latex += paren ? w.latex : ` \\cdot ${w.latex}`;
  }
  return { text, latex, prec: PROD };
}
