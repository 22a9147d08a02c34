/** @file A small Pratt parser for expression strings: + − * / ^, unary minus, calls, pi and e, with error positions. */
import { ExpressionError } from "../errors.js";
import type { BinOp, Expr } from "./expr.js";
import { FUNCTIONS, lookupFunction, USER_FUNCTIONS } from "./functions.js";

type TokenKind = "num" | "name" | "op" | "(" | ")" | "," | "end";
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: number;
}

/** Other spellings of the operators: − (U+2212), · and × for times, ** for power. */
const OPERATOR_SPELLINGS: Readonly<Record<string, string>> = {
  "−": "-",
  "·": "*",
  "×": "*",
  "⋅": "*",
  "**": "^",
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "^": "^",
};

/** Where `pos` is in `src`, as a message suffix: the text and a caret under the offending character. */
export function caret(src: string, pos: number): string {
  return `\n  ${src}\n  ${" ".repeat(Math.max(0, pos))}^`;
}

function fail(src: string, pos: number, what: string): never {
  throw new ExpressionError(`derive: ${what} at column ${pos + 1} of "${src}".${caret(src, pos)}`, pos);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (number) {
      out.push({ kind: "num", text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const name = /^([A-Za-z_][A-Za-z0-9_]*|[σπ√])/u.exec(src.slice(i));
    if (name) {
      out.push({ kind: "name", text: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === "**") {
      out.push({ kind: "op", text: "^", pos: i });
      i += 2;
      continue;
    }
    if (OPERATOR_SPELLINGS[ch]) out.push({ kind: "op", text: OPERATOR_SPELLINGS[ch]!, pos: i });
    else if (ch === "(" || ch === ")" || ch === ",") out.push({ kind: ch, text: ch, pos: i });
    else fail(src, i, `unexpected character "${ch}"`);
    i++;
  }
  out.push({ kind: "end", text: "end of input", pos: src.length });
  return out;
}

/** Binding powers: sums < products < unary minus < powers (right-associative). */
const INFIX: Readonly<Record<string, number>> = { "+": 10, "-": 10, "*": 20, "/": 20, "^": 30 };
const PREFIX_MINUS = 25;

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private expect(kind: TokenKind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) fail(this.src, t.pos, `expected ${what} but found ${describe(t)}`);
    return this.next();
  }

  parse(minBp: number): Expr {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      // implicit multiplication after a number or ")": 2x, 2(x + 1), (a)(b), 2 sin(x)
      const implicit = (t.kind === "name" || t.kind === "(") && endsOperand(this.tokens[this.i - 1]!);
      const op = t.kind === "op" ? t.text : implicit ? "*" : null;
      if (op === null) break;
      const bp = INFIX[op]!;
      if (bp < minBp) break;
      if (!implicit) this.next();
      // ^ is right-associative, so its right side may bind at the same power
      const right = this.parse(op === "^" ? bp : bp + 1);
      left = { kind: "bin", op: op as BinOp, left, right, pos: t.pos };
    }
    return left;
  }

  private prefix(): Expr {
    const t = this.next();
    if (t.kind === "num") return { kind: "num", value: Number(t.text), pos: t.pos };
    if (t.kind === "op" && (t.text === "-" || t.text === "+")) {
      const arg = this.parse(PREFIX_MINUS);
      return t.text === "-" ? { kind: "neg", arg, pos: t.pos } : arg;
    }
    if (t.kind === "(") {
      const inner = this.parse(0);
      this.expect(")", `")" to close the "(" at column ${t.pos + 1}`);
      return inner;
    }
    if (t.kind === "name") return this.name(t);
    return fail(this.src, t.pos, `expected a number, a variable or "(" but found ${describe(t)}`);
  }

  private name(t: Token): Expr {
    const isCall = this.peek().kind === "(";
    if (!isCall) {
      if (t.text === "pi" || t.text === "π") return { kind: "const", name: "pi", pos: t.pos };
      if (t.text === "e") return { kind: "const", name: "e", pos: t.pos };
      if (lookupFunction(t.text)) fail(this.src, t.pos, `"${t.text}" is a function: write ${t.text}(...)`);
      return { kind: "var", name: t.text, pos: t.pos };
    }
    const fn = lookupFunction(t.text);
    if (!fn)
      fail(this.src, t.pos, `unknown function "${t.text}" (known: ${USER_FUNCTIONS.join(", ")}; for a product write ${t.text}*(...))`);
    const open = this.next();
    const args: Expr[] = [];
    if (this.peek().kind !== ")") {
      args.push(this.parse(0));
      while (this.peek().kind === ",") {
        this.next();
        args.push(this.parse(0));
      }
    }
    this.expect(")", `")" to close ${t.text}( at column ${open.pos + 1}`);
    const arity = FUNCTIONS[fn].arity;
    if (args.length !== arity)
      fail(this.src, t.pos, `${t.text} takes ${arity} argument${arity === 1 ? "" : "s"} but was given ${args.length}`);
    return { kind: "call", fn, args, pos: t.pos };
  }

  done(): void {
    const t = this.peek();
    if (t.kind !== "end") fail(this.src, t.pos, `unexpected ${describe(t)}`);
  }
}

function endsOperand(t: Token): boolean {
  return t.kind === "num" || t.kind === ")";
}

function describe(t: Token): string {
  return t.kind === "end" ? "the end of the expression" : `"${t.text}"`;
}

/**
 * Parses an expression string into a tree. Accepts + − * / ^ (also −, ·, ×, **), unary minus, calls of
 * the known functions, the constants pi (π) and e, and implicit products after a number or ")" (2x, (a)(b)).
 * @example
 * parseExpression("1/(1+exp(-x))").kind; // "bin"
 */
export function parseExpression(src: string): Expr {
  if (typeof src !== "string")
    throw new ExpressionError(`derive: expected an expression string, got ${src === null ? "null" : typeof src}.`);
  const tokens = tokenize(src);
  if (tokens.length === 1) throw new ExpressionError(`derive: the expression is empty; write one such as "x^2 + sin(x)".`, 0);
  const p = new Parser(src, tokens);
  const e = p.parse(0);
  p.done();
  return e;
}
