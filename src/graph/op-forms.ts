/** @file How each primitive reads in formulas: its forward expression, its box label, and its local derivatives. */
import type { PrimitiveName } from "../ops/primitive-names.js";
import { ATOM, POW, PROD, SUM, atom, call, join, num, postfix, prefix, wrap, type Expr, type Factor } from "./expr.js";

/** One input of an op as formulas see it: its expression and, for inlined plain numbers, the value. */
export interface Operand {
  expr: Expr;
  constant: number | null;
  ndim: number;
}

type Attrs = Readonly<Record<string, unknown>>;

const FUNCS: Partial<Record<PrimitiveName, [string, string]>> = {
  exp: ["exp", "\\exp"],
  log: ["log", "\\log"],
  sigmoid: ["σ", "\\sigma"],
  tanh: ["tanh", "\\tanh"],
  relu: ["ReLU", "\\operatorname{ReLU}"],
  softplus: ["softplus", "\\operatorname{softplus}"],
  logSoftmax: ["logSoftmax", "\\operatorname{logSoftmax}"],
  crossEntropy: ["CE", "\\operatorname{CE}"],
  erf: ["erf", "\\operatorname{erf}"],
  expm1: ["expm1", "\\operatorname{expm1}"],
  log1p: ["log1p", "\\operatorname{log1p}"],
  sin: ["sin", "\\sin"],
  cos: ["cos", "\\cos"],
  abs: ["abs", "\\operatorname{abs}"],
  max: ["max", "\\max"],
  min: ["min", "\\min"],
  maximum: ["max", "\\max"],
  minimum: ["min", "\\min"],
  reshape: ["reshape", "\\operatorname{reshape}"],
  expand: ["expand", "\\operatorname{expand}"],
  pad: ["pad", "\\operatorname{pad}"],
  concat: ["concat", "\\operatorname{concat}"],
  cast: ["cast", "\\operatorname{cast}"],
  where: ["where", "\\operatorname{where}"],
};

/** The short glyph of a function-like op ("σ" for sigmoid), used as the symbol of `sigmoid(z)`. */
export function opGlyph(op: PrimitiveName): [string, string] | null {
  return FUNCS[op] ?? null;
}

function axesNote(attrs: Attrs, inNdim: number): string {
  const axes = attrs["axes"] as number[] | undefined;
  if (!axes || axes.length === inNdim) return "";
  return axes.join(",");
}

/**
 * The forward expression of `op` applied to `ins`: `W·x`, `y − s`, `r²`, `Σ σ(z)`.
 * @example
 * forwardExpr("sub", [{ expr: atom("y"), constant: null, ndim: 0 }, …], {}).text; // "y − s"
 */
export function forwardExpr(op: PrimitiveName, ins: readonly Operand[], attrs: Attrs): Expr {
  const e = ins.map((i) => i.expr);
  const a = e[0]!;
  switch (op) {
    case "add":
      return join(e, " + ", " + ", SUM);
    case "sub":
      return join(e, " − ", " - ", SUM);
    case "mul": {
      const scalarSide = ins.some((i) => i.ndim === 0);
      // A plain number reads first: 0.5·Σ x², not Σ x²·0.5.
      const ordered = ins[1]!.constant !== null && ins[0]!.constant === null ? [e[1]!, a] : e;
      return scalarSide ? join(ordered, "·", " \\cdot ", PROD) : join(ordered, " ⊙ ", " \\odot ", PROD);
    }
    case "div":
      return { text: join(e, "/", "/", PROD).text, latex: `\\frac{${e[0]!.latex}}{${e[1]!.latex}}`, prec: PROD };
    case "pow": {
      const c = ins[1]!.constant;
      if (c === 2 || c === 3) return postfix(a, c === 2 ? "²" : "³", `^{${c}}`);
      return {
        text: `${wrap(a, ATOM).text}^${wrap(e[1]!, ATOM).text}`,
        latex: `{${wrap(a, ATOM).latex}}^{${e[1]!.latex}}`,
        prec: ATOM - 1,
      };
    }
    case "square":
      return postfix(a, "²", "^{2}");
    case "neg":
      // Unary minus binds like a sum: 2·(−x), a − (−x).
      return prefix("−", "-", a, SUM, POW);
    case "sqrt":
      return { text: `√${wrap(a, ATOM).text}`, latex: `\\sqrt{${a.latex}}`, prec: ATOM };
    case "reciprocal":
      return { text: `1/${wrap(a, ATOM).text}`, latex: `\\frac{1}{${a.latex}}`, prec: PROD };
    case "linear":
      // never drawn as such: graph/walk.ts expands every linear node into its matmul, add (and relu)
      // first; this one-line form (without the ReLU) only serves code that skips the walk
      return join([forwardExpr("matmul", ins.slice(0, 2), { transB: true }), e[2]!], " + ", " + ", SUM);
    case "matmul": {
      const l = attrs["transA"] ? postfix(a, "ᵀ", "^\\top") : a;
      const r = attrs["transB"] ? postfix(e[1]!, "ᵀ", "^\\top") : e[1]!;
      return join([l, r], "·", " \\, ", PROD);
    }
    case "transpose":
      return postfix(a, "ᵀ", "^\\top");
    case "sum": {
      const ax = axesNote(attrs, ins[0]!.ndim);
      // Σ binds like a power towards its left (0.5·Σ x²) and takes a power or atom as its operand (Σ x²).
      return prefix(ax ? `Σ[axis ${ax}] ` : "Σ ", ax ? `\\sum_{\\text{axis } ${ax}} ` : "\\sum ", a, POW, POW);
    }
    case "slice":
      return postfix(a, "[…]", "[\\ldots]");
    default: {
      const f = FUNCS[op];
      if (f) return call(f[0], f[1], e);
      return call(op, `\\operatorname{${op}}`, e);
    }
  }
}

const LABELS: Partial<Record<PrimitiveName, string>> = {
  add: "+ add",
  sub: "− sub",
  mul: "× mul",
  div: "÷ div",
  pow: "pow",
  matmul: "· matmul",
  sum: "Σ sum",
  sigmoid: "σ sigmoid",
  square: "x² square",
  neg: "− neg",
  sqrt: "√ sqrt",
  transpose: "ᵀ transpose",
};

/**
 * The op's box label, with plain-number operands written in: "× 0.5", "pow 3", "Σ sum (axis 1)".
 * @example
 * opLabel("mul", [null, 0.5], {}); // "× 0.5"
 */
export function opLabel(op: PrimitiveName, constants: readonly (number | null)[], attrs: Attrs, inNdim: number): string {
  const c = constants.map((v) => (v === null ? null : num(v).text));
  const sym: Partial<Record<PrimitiveName, string>> = { add: "+", sub: "−", mul: "×", div: "÷", pow: "^" };
  if (sym[op] && c.some((v) => v !== null)) {
    return c[0] !== null ? `${c[0]} ${sym[op]} ·` : `${sym[op]} ${c[1]}`;
  }
  const base = LABELS[op] ?? op;
  const ax = op === "sum" || op === "max" || op === "min" ? axesNote(attrs, inNdim) : "";
  return ax ? `${base} (axis ${ax})` : base;
}

const one = (): Factor => ({ coef: 1, terms: [] });
const f1 = (e: Expr): Factor => ({ coef: 1, terms: [e] });
const ind = (text: string, latex: string): Expr => atom(`[${text}]`, `\\mathbb{1}[${latex}]`);

/**
 * ∂(op output)/∂(input i), written in the operands' symbols: square → 2·x, sigmoid → σ(z)(1−σ(z)),
 * matmul → xᵀ for W. Returns null for inputs that carry no gradient (a `where` condition).
 * @example
 * localFactor("square", 0, [{ expr: atom("r"), constant: null, ndim: 0 }], {}); // { coef: 2, terms: [r] }
 */
export function localFactor(op: PrimitiveName, i: number, ins: readonly Operand[], attrs: Attrs): Factor | null {
  const e = ins.map((x) => x.expr);
  const a = e[0]!;
  const other = e[1 - i];
  const otherConst = ins[1 - i]?.constant ?? null;
  switch (op) {
    case "add":
    case "sum":
    case "reshape":
    case "expand":
    case "cast":
      return one();
    case "sub":
      return { coef: i === 0 ? 1 : -1, terms: [] };
    case "mul":
      return otherConst !== null ? { coef: otherConst, terms: [] } : f1(other!);
    case "div": {
      const b = e[1]!;
      if (i === 0)
        return ins[1]!.constant !== null ? { coef: 1 / ins[1]!.constant, terms: [] } : f1(forwardExpr("reciprocal", [ins[1]!], {}));
      const q = {
        text: `${wrap(a, ATOM).text}/${postfix(b, "²", "^{2}").text}`,
        latex: `\\frac{${a.latex}}{${postfix(b, "²", "^{2}").latex}}`,
        prec: PROD,
      };
      return { coef: -1, terms: [q] };
    }
    case "pow": {
      const c = ins[1]!.constant;
      if (i === 1) return { coef: 1, terms: [forwardExpr("pow", ins, attrs), call("log", "\\log", [a])] };
      if (c !== null) {
        if (c - 1 === 0) return { coef: c, terms: [] };
        if (c - 1 === 1) return { coef: c, terms: [a] };
        return { coef: c, terms: [forwardExpr("pow", [ins[0]!, { expr: num(c - 1), constant: c - 1, ndim: 0 }], attrs)] };
      }
      return {
        coef: 1,
        terms: [e[1]!, forwardExpr("pow", [ins[0]!, { expr: join([e[1]!, num(1)], " − ", " - ", SUM), constant: null, ndim: 0 }], attrs)],
      };
    }
    case "square":
      return { coef: 2, terms: [a] };
    case "neg":
      return { coef: -1, terms: [] };
    case "exp":
    case "expm1":
      return f1(call("exp", "\\exp", [a]));
    case "log":
      return f1(forwardExpr("reciprocal", ins, {}));
    case "log1p":
      return f1(forwardExpr("reciprocal", [{ expr: join([num(1), a], " + ", " + ", SUM), constant: null, ndim: 0 }], {}));
    case "sqrt":
      return f1({ text: `1/(2√${wrap(a, ATOM).text})`, latex: `\\frac{1}{2\\sqrt{${a.latex}}}`, prec: PROD });
    case "abs":
      return f1(call("sign", "\\operatorname{sign}", [a]));
    case "sigmoid": {
      const s = call("σ", "\\sigma", [a]);
      return { coef: 1, terms: [s, wrap(join([num(1), s], "−", " - ", SUM), ATOM)] };
    }
    case "tanh":
      return f1(join([num(1), postfix(call("tanh", "\\tanh", [a]), "²", "^{2}")], " − ", " - ", SUM));
    case "relu":
      return f1(ind(`${a.text} > 0`, `${a.latex} > 0`));
    case "softplus":
      return f1(call("σ", "\\sigma", [a]));
    case "crossEntropy": {
      // ∂ℓ/∂z = softmax(z)·Σq − q (÷N for the mean), ∂ℓ/∂q = −logSoftmax(z)
      const over = attrs["reduction"] === "mean" ? "/N" : "";
      const q = e[1]!;
      if (i === 1)
        return f1({
          text: `−logSoftmax(${a.text})${over}`,
          latex: `-\\log\\operatorname{softmax}(${a.latex})${over ? "/N" : ""}`,
          prec: PROD,
        });
      return f1({
        text: `(softmax(${a.text})·Σ${q.text} − ${q.text})${over}`,
        latex: `(\\operatorname{softmax}(${a.latex}) \\textstyle\\sum ${q.latex} - ${q.latex})${over ? "/N" : ""}`,
        prec: PROD,
      });
    }
    case "logSoftmax":
      // the Jacobian of each row: ∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ
      return f1({ text: `(δ − softmax(${a.text}))`, latex: `(\\delta - \\operatorname{softmax}(${a.latex}))`, prec: ATOM });
    case "erf":
      return { coef: 2 / Math.sqrt(Math.PI), terms: [call("exp", "\\exp", [prefix("−", "-", postfix(a, "²", "^{2}"), PROD)])] };
    case "sin":
      return f1(call("cos", "\\cos", [a]));
    case "cos":
      return { coef: -1, terms: [call("sin", "\\sin", [a])] };
    case "reciprocal":
      return { coef: -1, terms: [forwardExpr("reciprocal", [{ expr: postfix(a, "²", "^{2}"), constant: null, ndim: 0 }], {})] };
    case "maximum":
    case "minimum": {
      const rel = op === "maximum" ? ">" : "<";
      const [p, q] = i === 0 ? [a, e[1]!] : [e[1]!, a];
      return f1(ind(`${p.text} ${rel} ${q.text}`, `${p.latex} ${rel} ${q.latex}`));
    }
    case "where":
      if (i === 0) return null;
      return f1(i === 1 ? ind(a.text, a.latex) : ind(`¬${a.text}`, `\\lnot ${a.latex}`));
    case "max":
    case "min":
      return f1(ind(`${a.text} = ${op} ${a.text}`, `${a.latex} = \\${op} ${a.latex}`));
    case "linear":
      return i === 2 ? one() : localFactor("matmul", i, ins.slice(0, 2), { transB: true });
    case "matmul": {
      if (i === 0) return f1(attrs["transB"] ? e[1]! : postfix(e[1]!, "ᵀ", "^\\top"));
      return { coef: 1, terms: [attrs["transA"] ? a : postfix(a, "ᵀ", "^\\top")], left: true };
    }
    case "transpose":
      return f1(atom("Pᵀ", "P^\\top"));
    case "slice":
      return f1(atom("S"));
    case "pad":
      return f1(atom("Sᵀ", "S^\\top"));
    case "concat":
      return f1(atom(`E${i}`, `E_{${i}}`));
    default: {
      const never: never = op;
      throw new Error(`localFactor: no form for ${String(never)}`);
    }
  }
}
