/** @file Op-table rows: unary math, broadcast arithmetic, comparisons and where. */
import * as cr from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { erfRef, map, zip } from "../helpers/nd-ref.js";
import { INT, NONZERO, POS, REAL, pairsApart, range, type Domain, type OpRow } from "./op-row.js";

function unaryRow(
  name: string,
  f: (x: Tensor) => Tensor,
  scalar: (x: number) => number,
  shape: number[],
  domain: Domain,
  extra?: Partial<OpRow>,
): OpRow {
  return { name, covers: [name.split(" ")[0]!], inputs: [{ shape, domain }], f, ref: (x) => map(x, scalar), ...extra };
}

function binaryRow(
  name: string,
  f: (a: Tensor, b: Tensor) => Tensor,
  scalar: (a: number, b: number) => number,
  shapes: [number[], number[]],
  domains: [Domain, Domain] = [REAL, REAL],
  extra?: Partial<OpRow>,
): OpRow {
  return {
    name,
    covers: [name.split(" ")[0]!],
    inputs: [
      { shape: shapes[0], domain: domains[0] },
      { shape: shapes[1], domain: domains[1] },
    ],
    f,
    ref: (a, b) => zip([a, b], scalar),
    ...extra,
  };
}

const ERF_TOL = { rtol: 1e-12, atol: 5e-13 };

export const unaryRows: OpRow[] = [
  unaryRow(
    "neg",
    (x) => x.neg(),
    (x) => -x,
    [2, 3],
    REAL,
  ),
  unaryRow("exp", cr.exp, Math.exp, [2, 1, 3], range(-3, 2.5)),
  unaryRow("log", (x) => x.log(), Math.log, [3, 2], POS),
  unaryRow("sqrt", cr.sqrt, Math.sqrt, [4], POS),
  unaryRow("abs", (x) => x.abs(), Math.abs, [2, 3], NONZERO),
  unaryRow("square", cr.square, (x) => x * x, [], REAL),
  unaryRow(
    "reciprocal",
    (x) => x.reciprocal(),
    (x) => 1 / x,
    [1, 5],
    NONZERO,
  ),
  unaryRow("sign", cr.sign, Math.sign, [2, 4], INT, { differentiable: false }),
  unaryRow("erf", (x) => x.erf(), erfRef, [2, 4], REAL, { fwdTol: ERF_TOL }),
  unaryRow("erf wide", cr.erf, erfRef, [3, 3], range(-4.5, 4.5), { fwdTol: ERF_TOL }),
  unaryRow("expm1", cr.expm1, Math.expm1, [5], range(-2, 2)),
  unaryRow("log1p", (x) => x.log1p(), Math.log1p, [2, 2], range(-0.6, 3)),
  unaryRow("sin", cr.sin, Math.sin, [3, 1], range(-4, 4)),
  unaryRow("cos", (x) => x.cos(), Math.cos, [1, 3], range(-4, 4)),
  unaryRow("atan", (x) => x.atan(), Math.atan, [2, 3], range(-3, 3)),
  unaryRow("atan function", cr.atan, Math.atan, [4], REAL),
  unaryRow("sinh", (x) => x.sinh(), Math.sinh, [3, 2], range(-3, 3)),
  unaryRow("sinh function", cr.sinh, Math.sinh, [], REAL),
  unaryRow("cosh", (x) => x.cosh(), Math.cosh, [2, 1, 2], range(-3, 3)),
  unaryRow("cosh function", cr.cosh, Math.cosh, [3], REAL),
];

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
const mul = (a: number, b: number): number => a * b;
const div = (a: number, b: number): number => a / b;

export const binaryRows: OpRow[] = [
  binaryRow("add [3,1]+[1,4]", cr.add, add, [
    [3, 1],
    [1, 4],
  ]),
  binaryRow("add [2,3,4]+[4]", (a, b) => a.add(b), add, [[2, 3, 4], [4]]),
  binaryRow("add []+[2,3]", cr.add, add, [[], [2, 3]]),
  binaryRow("add [2,1,4]+[3,1]", cr.add, add, [
    [2, 1, 4],
    [3, 1],
  ]),
  unaryRow(
    "add number",
    (x) => cr.add(2.5, x),
    (x) => 2.5 + x,
    [3],
    REAL,
  ),
  binaryRow("sub [3,1]-[1,4]", cr.sub, sub, [
    [3, 1],
    [1, 4],
  ]),
  binaryRow("sub [4]-[2,3,4]", (a, b) => a.sub(b), sub, [[4], [2, 3, 4]]),
  binaryRow("sub [1]-[3]", cr.sub, sub, [[1], [3]]),
  unaryRow(
    "sub number",
    (x) => cr.sub(1.5, x),
    (x) => 1.5 - x,
    [2, 2],
    REAL,
  ),
  binaryRow("mul [3,1]*[1,4]", cr.mul, mul, [
    [3, 1],
    [1, 4],
  ]),
  binaryRow("mul [2,3,4]*[4]", (a, b) => a.mul(b), mul, [[2, 3, 4], [4]]),
  binaryRow("mul []*[2,3]", cr.mul, mul, [[], [2, 3]]),
  unaryRow(
    "mul fan-out x*x",
    (x) => cr.mul(x, x),
    (x) => x * x,
    [2, 3],
    REAL,
  ),
  binaryRow(
    "div [3,1]/[1,4]",
    cr.div,
    div,
    [
      [3, 1],
      [1, 4],
    ],
    [REAL, NONZERO],
  ),
  binaryRow("div [2,3,4]/[4]", (a, b) => a.div(b), div, [[2, 3, 4], [4]], [REAL, POS]),
  unaryRow(
    "div number",
    (x) => cr.div(1, x),
    (x) => 1 / x,
    [3],
    NONZERO,
  ),
  binaryRow(
    "pow [3,1]^[1,4]",
    cr.pow,
    Math.pow,
    [
      [3, 1],
      [1, 4],
    ],
    [POS, REAL],
  ),
  binaryRow("pow [2,3,4]^[]", (a, b) => a.pow(b), Math.pow, [[2, 3, 4], []], [POS, range(-1.5, 2.5)]),
  unaryRow(
    "pow x^3 (negative base)",
    (x) => x.pow(3),
    (x) => x ** 3,
    [2, 3],
    REAL,
  ),
  unaryRow("pow x^0.5", (x) => cr.pow(x, 0.5), Math.sqrt, [4], POS),
  unaryRow(
    "pow 2^x",
    (x) => cr.pow(2, x),
    (x) => 2 ** x,
    [3],
    REAL,
  ),
  binaryRow(
    "maximum [3,1]vs[1,4]",
    cr.maximum,
    Math.max,
    [
      [3, 1],
      [1, 4],
    ],
    [REAL, REAL],
    { accept: pairsApart(0.05) },
  ),
  binaryRow("maximum [2,3,4]vs[]", (a, b) => a.maximum(b), Math.max, [[2, 3, 4], []], [REAL, REAL], { accept: pairsApart(0.05) }),
  unaryRow(
    "maximum number",
    (x) => cr.maximum(x, 0.3),
    (x) => Math.max(x, 0.3),
    [2, 3],
    REAL,
    {
      accept: ([a]) => a!.every((v) => Math.abs(v - 0.3) > 0.05),
    },
  ),
  binaryRow(
    "minimum [3,1]vs[1,4]",
    cr.minimum,
    Math.min,
    [
      [3, 1],
      [1, 4],
    ],
    [REAL, REAL],
    { accept: pairsApart(0.05) },
  ),
  binaryRow("minimum [4]vs[2,1]", (a, b) => a.minimum(b), Math.min, [[4], [2, 1]], [REAL, REAL], { accept: pairsApart(0.05) }),
];

const cmp = (name: "eq" | "gt" | "lt" | "ge" | "le", f: (a: number, b: number) => boolean, method: boolean): OpRow =>
  binaryRow(
    `${name} [3,1]vs[1,4]`,
    method ? (a, b) => a[name](b) : cr[name],
    (a, b) => (f(a, b) ? 1 : 0),
    [
      [3, 1],
      [1, 4],
    ],
    [INT, INT],
    { differentiable: false },
  );

export const compareRows: OpRow[] = [
  cmp("eq", (a, b) => a === b, false),
  cmp("gt", (a, b) => a > b, true),
  cmp("lt", (a, b) => a < b, false),
  cmp("ge", (a, b) => a >= b, true),
  cmp("le", (a, b) => a <= b, false),
  {
    name: "eq number",
    covers: ["eq"],
    inputs: [{ shape: [2, 3], domain: INT }],
    f: (x) => x.eq(1),
    ref: (x) => map(x, (v) => (v === 1 ? 1 : 0)),
    differentiable: false,
  },
  {
    name: "where [3,1]?[1,4]:[]",
    covers: ["where", "gt"],
    inputs: [{ shape: [3, 1], domain: NONZERO }, { shape: [1, 4] }, { shape: [] }],
    f: (c, a, b) => cr.where(cr.gt(c!, 0), a!, b!),
    ref: (c, a, b) => zip([c!, a!, b!], (cv, av, bv) => (cv > 0 ? av : bv)),
  },
  {
    name: "where [2,3,4]?[4]:number",
    covers: ["where", "lt"],
    inputs: [{ shape: [2, 3, 4], domain: NONZERO }, { shape: [4] }],
    f: (c, a) => cr.where(c!.lt(0), a!, 0.5),
    ref: (c, a) => zip([c!, a!], (cv, av) => (cv < 0 ? av : 0.5)),
  },
];
