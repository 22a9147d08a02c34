/** @file Writes expression trees as text (σ(x)(1 − σ(x)), tanh²(x), [x > 0]) and as LaTeX. */
import type { Expr, FnName } from "./expr.js";

/** Precedence of what a node prints as: sums < products < unary minus < powers < atoms. */
function prec(e: Expr): number {
  if (e.kind === "num") return e.value < 0 ? 25 : 40;
  if (e.kind === "neg") return 25;
  if (e.kind === "bin") return e.op === "+" || e.op === "-" ? 10 : e.op === "^" ? 30 : 20;
  return 40;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "-": "⁻",
};
const superscript = (n: number): string | null =>
  Number.isInteger(n) && Math.abs(n) < 1000 ? [...String(n)].map((c) => SUPERSCRIPT[c]!).join("") : null;

/** Functions written f²(x) when squared, as people write sin²x and tanh²x. */
const POWER_BEFORE_ARGS: ReadonlySet<FnName> = new Set<FnName>(["sin", "cos", "tan", "sinh", "cosh", "tanh", "sigmoid"]);

const TEXT_NAMES: Partial<Record<FnName, string>> = { sigmoid: "σ", relu: "ReLU" };

const fmtNum = (v: number): string =>
  (Number.isInteger(v) || Math.abs(v) >= 1e-4 ? String(+v.toPrecision(15)) : String(v)).replace("-", "−");

/** The last factor of a product. */
const rightmost = (e: Expr): Expr => (e.kind === "bin" && e.op === "*" ? rightmost(e.right) : e);

/** The condition an indicator prints: [a > b] for step(a − b), [u > 0] otherwise. */
function indicator(arg: Expr, out: (e: Expr) => string, gt: string): string {
  if (arg.kind === "bin" && arg.op === "-") return `${out(arg.left)} ${gt} ${out(arg.right)}`;
  if (arg.kind === "neg") return `${out(arg.arg)} < 0`;
  return `${out(arg)} ${gt} 0`;
}

/**
 * Plain text with Unicode: − for minus, · between factors that need it, superscript powers, σ for sigmoid,
 * and [u > 0] for the step that ReLU′ and max′ use.
 * @example
 * toText(parseExpression("1/(1+exp(-x))")); // "1/(1 + exp(−x))"
 */
export function toText(e: Expr): string {
  const wrap = (x: Expr, min: number): string => (prec(x) < min ? `(${toText(x)})` : toText(x));
  switch (e.kind) {
    case "num":
      return fmtNum(e.value);
    case "const":
      return e.name === "pi" ? "π" : "e";
    case "var":
      return e.name;
    case "neg":
      return `−${wrap(e.arg, 20)}`;
    case "call": {
      if (e.fn === "step" || e.fn === "tie") return `[${indicator(e.args[0]!, toText, ">")}]`;
      return `${TEXT_NAMES[e.fn] ?? e.fn}(${e.args.map(toText).join(", ")})`;
    }
    case "bin": {
      const { op, left: l, right: r } = e;
      if (op === "+") return `${wrap(l, 10)} + ${wrap(r, 11)}`;
      if (op === "-") return `${wrap(l, 10)} − ${wrap(r, 11)}`;
      if (op === "/") return `${wrap(l, 20)}/${wrap(r, 21)}`;
      if (op === "*") {
        const right = wrap(r, 21);
        const atomic =
          r.kind === "var" ||
          r.kind === "const" ||
          (r.kind === "bin" && r.op === "^" && r.left.kind === "var") ||
          (r.kind === "call" && r.fn === "sigmoid");
        // 2x, 2π, πx and 2σ(x) are written side by side; x·y keeps its dot
        const last = rightmost(l);
        const juxtapose = ((last.kind === "num" || (last.kind === "const" && r.kind !== "const")) && atomic) || right.startsWith("(");
        return `${wrap(l, 20)}${juxtapose ? "" : "·"}${right}`;
      }
      const sup = r.kind === "num" ? superscript(r.value) : r.kind === "neg" && r.arg.kind === "num" ? superscript(-r.arg.value) : null;
      if (sup && l.kind === "call" && POWER_BEFORE_ARGS.has(l.fn))
        return `${TEXT_NAMES[l.fn] ?? l.fn}${sup}(${l.args.map(toText).join(", ")})`;
      const base = wrap(l, 31);
      return sup ? `${base}${sup}` : `${base}^${prec(r) >= 40 ? toText(r) : `(${toText(r)})`}`;
    }
  }
}

const LATEX_NAMES: Readonly<Record<FnName, string>> = {
  exp: "\\exp",
  log: "\\log",
  sqrt: "\\sqrt",
  abs: "",
  sin: "\\sin",
  cos: "\\cos",
  tan: "\\tan",
  atan: "\\arctan",
  sinh: "\\sinh",
  cosh: "\\cosh",
  tanh: "\\tanh",
  sigmoid: "\\sigma",
  relu: "\\operatorname{ReLU}",
  softplus: "\\operatorname{softplus}",
  erf: "\\operatorname{erf}",
  expm1: "\\operatorname{expm1}",
  log1p: "\\operatorname{log1p}",
  max: "\\max",
  min: "\\min",
  sign: "\\operatorname{sign}",
  step: "",
  tie: "",
};

const latexNum = (v: number): string => {
  const s = String(+v.toPrecision(15));
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
};

/**
 * LaTeX: \frac for quotients, e^{u} for exp, \sigma, \tanh^{2}(x), \left|x\right| and \left[x > 0\right].
 * @example
 * toLatex(parseExpression("x^2/2")); // "\\frac{x^{2}}{2}"
 */
export function toLatex(e: Expr): string {
  const paren = (s: string): string => `\\left(${s}\\right)`;
  const wrap = (x: Expr, min: number): string => (prec(x) < min ? paren(toLatex(x)) : toLatex(x));
  switch (e.kind) {
    case "num":
      return latexNum(e.value);
    case "const":
      return e.name === "pi" ? "\\pi" : "e";
    case "var":
      return e.name.length > 1 ? `\\mathit{${e.name.replace(/_/g, "\\_")}}` : e.name;
    case "neg":
      return `-${wrap(e.arg, 20)}`;
    case "call": {
      const [a] = e.args;
      if (e.fn === "step" || e.fn === "tie") return `\\left[${indicator(a!, toLatex, ">")}\\right]`;
      if (e.fn === "abs") return `\\left|${toLatex(a!)}\\right|`;
      if (e.fn === "sqrt") return `\\sqrt{${toLatex(a!)}}`;
      if (e.fn === "exp") return `e^{${toLatex(a!)}}`;
      return `${LATEX_NAMES[e.fn]}${paren(e.args.map(toLatex).join(", "))}`;
    }
    case "bin": {
      const { op, left: l, right: r } = e;
      if (op === "+") return `${wrap(l, 10)} + ${wrap(r, 11)}`;
      if (op === "-") return `${wrap(l, 10)} - ${wrap(r, 11)}`;
      if (op === "/") return `\\frac{${toLatex(l)}}{${toLatex(r)}}`;
      if (op === "*") {
        const right = wrap(r, 21);
        const juxtapose = r.kind !== "num" && !(r.kind === "bin" && r.op === "^" && r.left.kind === "num");
        return `${wrap(l, 20)}${juxtapose ? " " : " \\cdot "}${right}`;
      }
      if (l.kind === "call" && l.fn !== "exp" && l.fn !== "sqrt" && l.fn !== "abs" && l.fn !== "step" && l.fn !== "tie")
        return `${LATEX_NAMES[l.fn]}^{${toLatex(r)}}${paren(l.args.map(toLatex).join(", "))}`;
      const base = l.kind === "call" ? paren(toLatex(l)) : wrap(l, 31);
      return `${base}^{${toLatex(r)}}`;
    }
  }
}
