/**
 * @file Simplifies derivative trees into what a person would write: constant folding, x·1, x + 0, 0·x,
 * x¹, double negation, like terms and powers merged (x·x = x²), negative powers as fractions, and
 * factors common to every term pulled out (σ(x)·a + σ(x)·b = σ(x)(a + b)).
 */
import { add, call, div, key, mul, neg, num, pow, type Expr } from "./expr.js";
import { FUNCTIONS } from "./functions.js";

/** One factor baseᵉˣᵖ of a product. */
interface Factor {
  readonly base: Expr;
  readonly exp: Expr;
}
/** A product (cn/cd)·Π baseᵉˣᵖ; cn/cd is kept as a fraction of integers when it is one. */
interface Product {
  readonly cn: number;
  readonly cd: number;
  readonly factors: readonly Factor[];
}

const isNum = (e: Expr, v?: number): e is Expr & { kind: "num" } => e.kind === "num" && (v === undefined || e.value === v);
const isSum = (e: Expr): boolean => e.kind === "bin" && (e.op === "+" || e.op === "-");

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Keeps cn/cd as a reduced fraction with a positive denominator when both are integers, else as one number. */
function coef(cn: number, cd: number): { cn: number; cd: number } {
  if (!Number.isInteger(cn) || !Number.isInteger(cd) || Math.abs(cn) > 2 ** 52 || Math.abs(cd) > 2 ** 52) return { cn: cn / cd, cd: 1 };
  const g = gcd(cn, cd) || 1;
  const s = cd < 0 ? -1 : 1;
  return { cn: (s * cn) / g, cd: (s * cd) / g };
}

function mergeProducts(a: Product, b: Product): Product {
  const factors = a.factors.slice();
  for (const f of b.factors) {
    const k = key(f.base);
    const i = factors.findIndex((g) => key(g.base) === k);
    if (i < 0) factors.push(f);
    else factors[i] = { base: f.base, exp: simplify(add(factors[i]!.exp, f.exp)) };
  }
  return { ...coef(a.cn * b.cn, a.cd * b.cd), factors };
}

function toProduct(e: Expr): Product {
  if (e.kind === "num") return { cn: e.value, cd: 1, factors: [] };
  if (e.kind === "neg") {
    const p = toProduct(e.arg);
    return { ...p, cn: -p.cn };
  }
  if (e.kind === "bin" && e.op === "*") return mergeProducts(toProduct(e.left), toProduct(e.right));
  if (e.kind === "bin" && e.op === "/") {
    const d = toProduct(e.right);
    if (d.cn === 0) return { cn: 1, cd: 1, factors: [{ base: e, exp: num(1) }] }; // x/0 is left for evaluate() to report
    const inv: Product = { ...coef(d.cd, d.cn), factors: d.factors.map((f) => ({ base: f.base, exp: simplify(neg(f.exp)) })) };
    return mergeProducts(toProduct(e.left), inv);
  }
  if (e.kind === "bin" && e.op === "^") return { cn: 1, cd: 1, factors: [{ base: e.left, exp: e.right }] };
  return { cn: 1, cd: 1, factors: [{ base: e, exp: num(1) }] };
}

const power = (f: Factor): Expr => (isNum(f.exp, 1) ? f.base : pow(f.base, f.exp));
const chain = (xs: Expr[]): Expr => xs.reduce((acc, x) => mul(acc, x));

/** Variables (and their powers) lead a product, sorted, as in 2x·y and −x·exp(−x²/2); other factors keep their order. */
const isVarPower = (f: Factor): boolean => f.base.kind === "var" || f.base.kind === "const";

/** A sum with no constant term, negated by swapping its signs: −(y − σ) is written σ − y. */
function flippable(f: Factor): boolean {
  if (!isSum(f.base) || !isNum(f.exp) || f.exp.value % 2 !== 1) return false;
  return toTerms(f.base).every((t) => t.factors.length > 0);
}

function fromProduct(p: Product): Expr {
  if (p.cn === 0) return num(0);
  if (p.factors.every((f) => isNum(f.exp, 0))) return p.cd === 1 ? num(p.cn) : p.cn < 0 ? neg(div(-p.cn, p.cd)) : div(p.cn, p.cd);
  let factors = [
    ...p.factors.filter(isVarPower).sort((a, b) => (key(a.base) < key(b.base) ? -1 : key(a.base) > key(b.base) ? 1 : 0)),
    ...p.factors.filter((f) => !isVarPower(f)),
  ];
  let cn = p.cn;
  const flip = cn < 0 ? factors.findIndex(flippable) : -1;
  if (flip >= 0) {
    cn = -cn;
    factors = factors.map((f, i) => (i === flip ? { base: simplifySum(neg(f.base)), exp: f.exp } : f));
  }
  const top: Expr[] = [];
  const bottom: Expr[] = [];
  for (const f of factors) {
    if (isNum(f.exp, 0)) continue;
    if (isNum(f.exp) && f.exp.value < 0) bottom.push(power({ base: f.base, exp: num(-f.exp.value) }));
    else top.push(power(f));
  }
  const c = Math.abs(cn);
  if (c !== 1 || top.length === 0) top.unshift(num(c));
  if (p.cd !== 1) bottom.unshift(num(p.cd));
  const body = bottom.length ? div(chain(top), chain(bottom)) : chain(top);
  return cn < 0 ? neg(body) : body;
}

/** The terms of a sum, each a product with a sign folded into its coefficient. */
function toTerms(e: Expr): Product[] {
  if (e.kind === "bin" && e.op === "+") return [...toTerms(e.left), ...toTerms(e.right)];
  if (e.kind === "bin" && e.op === "-") return [...toTerms(e.left), ...toTerms(e.right).map((t) => ({ ...t, cn: -t.cn }))];
  if (e.kind === "neg") return toTerms(e.arg).map((t) => ({ ...t, cn: -t.cn }));
  const p = toProduct(e);
  // c·(a + b) inside a sum is spread over its terms, so like terms can meet
  if (p.factors.length === 1 && isNum(p.factors[0]!.exp, 1) && isSum(p.factors[0]!.base) && p.cd === 1) {
    return toTerms(p.factors[0]!.base).map((t) => ({ ...t, ...coef(t.cn * p.cn, t.cd) }));
  }
  return [p];
}

const monomialKey = (p: Product): string =>
  p.factors
    .map((f) => `${key(f.base)}^${key(f.exp)}`)
    .sort()
    .join("*");

/**
 * Factors found in every term, pulled out: at the smallest power when the powers are numbers of one
 * sign (so negative powers give a common denominator), or whole when every term has the same base to the same symbolic power (xˣ + xˣ·log x).
 */
function commonFactors(terms: Product[]): Factor[] {
  const out: Factor[] = [];
  for (const f of terms[0]!.factors) {
    const k = key(f.base);
    const found = terms.map((t) => t.factors.find((h) => key(h.base) === k));
    if (found.some((g) => !g)) continue;
    if (isNum(f.exp)) {
      const sign = Math.sign(f.exp.value);
      const exps = found.map((g) => (isNum(g!.exp) ? g!.exp.value : NaN));
      if (sign === 0 || exps.some((e) => Number.isNaN(e) || Math.sign(e) !== sign)) continue;
      // x·a + x²·b = x(a + x·b); a/x + b/x² = (a·x + b)/x² (the common denominator)
      out.push({ base: f.base, exp: num(Math.min(...exps)) });
    } else if (found.every((g) => key(g!.exp) === key(f.exp))) out.push(f);
  }
  return out;
}

function simplifySum(e: Expr): Expr {
  const merged: Product[] = [];
  const keys: string[] = [];
  for (const t of toTerms(e)) {
    const k = monomialKey(t);
    const i = keys.indexOf(k);
    if (i < 0) {
      merged.push(t);
      keys.push(k);
    } else {
      const m = merged[i]!;
      merged[i] = { ...m, ...coef(m.cn * t.cd + t.cn * m.cd, m.cd * t.cd) };
    }
  }
  let terms = merged.filter((t) => t.cn !== 0);
  if (terms.length === 0) return num(0);
  if (terms.length === 1) return fromProduct(terms[0]!);
  const common = commonFactors(terms);
  if (common.length) {
    const out: Product = { cn: 1, cd: 1, factors: common.map((f) => ({ base: f.base, exp: simplify(neg(f.exp)) })) };
    terms = terms.map((t) => mergeProducts(t, out));
  }
  // a person starts a sum with a positive term: 1 − σ(x), not −σ(x) + 1
  const firstPositive = terms.findIndex((t) => t.cn > 0);
  if (firstPositive > 0) terms = [terms[firstPositive]!, ...terms.filter((_, i) => i !== firstPositive)];
  let sum = fromProduct(terms[0]!);
  for (const t of terms.slice(1))
    sum = t.cn < 0 ? { kind: "bin", op: "-", left: sum, right: fromProduct({ ...t, cn: -t.cn }) } : add(sum, fromProduct(t));
  if (!common.length) return sum;
  // what is left may simplify further once the common factor is out: (1 + x − x)/(1 + x)²
  if (common.some((f) => isNum(f.exp) && f.exp.value < 0)) sum = simplifySum(sum);
  return fromProduct(mergeProducts({ cn: 1, cd: 1, factors: common }, { cn: 1, cd: 1, factors: [{ base: sum, exp: num(1) }] }));
}

function simplifyPower(b: Expr, x: Expr): Expr {
  if (isNum(x, 0)) return num(1);
  if (isNum(x, 1)) return b;
  if (isNum(b, 1)) return num(1);
  if (isNum(b) && isNum(x)) {
    const v = b.value ** x.value;
    if (Number.isInteger(x.value) && Number.isInteger(v) && Math.abs(v) < 2 ** 53) return num(v);
    if (x.value === -1 && b.value !== 0) return fromProduct({ ...coef(1, b.value), factors: [] });
  }
  // (aᵐ)ⁿ = aᵐⁿ for an integer n; (−a)ⁿ = aⁿ for an even n
  if (isNum(x) && Number.isInteger(x.value)) {
    if (b.kind === "bin" && b.op === "^" && isNum(b.right)) return simplifyPower(b.left, num(b.right.value * x.value));
    if (b.kind === "neg" && x.value % 2 === 0) return simplifyPower(b.arg, x);
  }
  return fromProduct(toProduct(pow(b, x)));
}

function simplifyCall(e: Expr & { kind: "call" }): Expr {
  const args = e.args.map(simplify);
  const node = call(e.fn, ...args);
  // log e = 1, so eˣ differentiates to eˣ
  if (e.fn === "log" && args[0]!.kind === "const" && args[0]!.name === "e") return num(1);
  if (args.every((a) => isNum(a))) {
    const info = FUNCTIONS[e.fn];
    const vals = args.map((a) => (a as { value: number }).value);
    const v = info.value(...vals);
    if (!info.domain?.(...vals) && Number.isInteger(v) && Number.isFinite(v)) return num(v);
  }
  return node;
}

/**
 * Simplifies an expression tree; the result has the same value wherever the input is defined.
 * @example
 * key(simplify(mul(num(1), add(variable("x"), 0)))); // "$x"
 */
export function simplify(e: Expr): Expr {
  switch (e.kind) {
    case "num":
    case "const":
    case "var":
      return e;
    case "call":
      return simplifyCall(e);
    case "neg":
      return isSum(e.arg) ? simplifySum(neg(simplify(e.arg))) : fromProduct(toProduct(neg(simplify(e.arg))));
    case "bin": {
      const l = simplify(e.left);
      const r = simplify(e.right);
      if (e.op === "+" || e.op === "-") return simplifySum({ kind: "bin", op: e.op, left: l, right: r });
      if (e.op === "^") return simplifyPower(l, r);
      return fromProduct(toProduct({ kind: "bin", op: e.op, left: l, right: r }));
    }
  }
}
