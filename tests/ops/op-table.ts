/** @file The op table (one row per op) and its runner: forward values, first and second derivatives, stability, on a named backend. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cr from "../../src/index.js";
import { getBackend, gradients, setBackend, tensor, Tensor } from "../../src/index.js";
import { assertClose, assertFinite } from "../helpers/close.js";
import { checkFirstDerivative, checkFloat32Vjp, checkSecondDerivative, leavesAt, type Point } from "../helpers/derivative-check.js";
import { nd, size } from "../helpers/nd-ref.js";
import { hashSeed, TestRng } from "../helpers/test-rng.js";
import { REAL, type OpRow } from "./op-row.js";
import { activationRows } from "./rows-activation.js";
import { binaryRows, compareRows, unaryRows } from "./rows-elementwise.js";
import { indexRows } from "./rows-index.js";
import { layerRows } from "./rows-layers.js";
import { matmulRows, reduceRows } from "./rows-linalg.js";
import { shapeRows } from "./rows-shape.js";
import { stabilityRows, type StabilityRow } from "./rows-stability.js";

/** Every row of the table. */
export const opTable: OpRow[] = [
  ...unaryRows,
  ...binaryRows,
  ...compareRows,
  ...matmulRows,
  ...reduceRows,
  ...shapeRows,
  ...activationRows,
  ...layerRows,
  ...indexRows,
];

/** The ops API.md lists (plus the extra unary math the library exports); each needs a row. */
export const API_OPS = [
  ...["add", "sub", "mul", "div", "pow", "neg", "exp", "log", "sqrt", "abs", "square", "reciprocal", "maximum", "minimum", "clamp"],
  ...["eq", "gt", "lt", "ge", "le", "where", "matmul", "linear", "dot", "outer", "sum", "mean", "max", "min", "logsumexp"],
  ...["reshape", "transpose", "T", "expand", "squeeze", "unsqueeze", "flatten", "slice", "concat", "stack", "cast"],
  ...["sigmoid", "tanh", "relu", "leakyRelu", "elu", "gelu", "softplus", "silu", "softmax", "logSoftmax"],
  ...["sign", "erf", "expm1", "log1p", "sin", "cos"],
  ...["cumsum", "tril", "triu", "topk"],
];

/** Where a row's `stability` probe evaluates its op: both extremes and two ordinary values. */
const EXTREMES = [-1000, -1, 0.5, 1000];

const FIRST = { eps: 1e-6, rtol: 1e-6, atol: 1e-8 };
const SECOND = { eps: 1e-5, rtol: 1e-5, atol: 1e-7 };
const FLOAT32 = { rtol: 2e-6, atol: 2e-6 };

/** Draws a row's inputs from its domains with a seed fixed by its name, redrawing until `accept` holds. */
export function drawPoint(row: OpRow): Point {
  const rng = new TestRng(hashSeed(row.name));
  const shapes = row.inputs.map((s) => s.shape);
  for (let attempt = 0; attempt < 1000; attempt++) {
    let data = row.inputs.map((s) => Array.from({ length: size(s.shape) }, () => (s.domain ?? REAL)(rng)));
    if (row.prepare) data = row.prepare(data, rng);
    if (!row.accept || row.accept(data)) return { shapes, data };
  }
  throw new Error(`${row.name}: no acceptable input in 1000 draws; widen the domain`);
}

function checkForward(row: OpRow, p: Point, dtype: "float32" | "float64"): void {
  const data = dtype === "float32" ? p.data.map((d) => d.map(Math.fround)) : p.data;
  const xs = data.map((d, i) => tensor(dtype === "float32" ? Float32Array.from(d) : Float64Array.from(d), { shape: p.shapes[i]! }));
  const y = row.f(...xs);
  const expected = row.ref(...data.map((d, i) => nd(p.shapes[i]!, d)));
  expect(y.shape).toEqual(expected.shape);
  // a cast row turns float64 into float32; every other op keeps its inputs' dtype
  expect(y.dtype).toBe(row.covers.includes("cast") ? "float32" : dtype);
  assertClose(
    y.data,
    expected.data,
    dtype === "float32" ? FLOAT32 : (row.fwdTol ?? { rtol: 1e-12, atol: 1e-13 }),
    `${row.name} (${dtype})`,
  );
}

function runRow(row: OpRow): void {
  describe(row.name, () => {
    const p = drawPoint(row);
    const seed = hashSeed(`${row.name}/directions`);
    const n = p.data.reduce((s, d) => s + d.length, 0);
    it("forward values match the plain-JS reference (float64)", () => checkForward(row, p, "float64"));
    it("forward values match in float32", () => checkForward(row, p, "float32"));
    if (row.differentiable === false) {
      it("records no gradient", () => expect(row.f(...leavesAt(p)).requiresGrad).toBe(false));
      return;
    }
    if (row.skipDerivatives) return;
    const every = (full: boolean): string => (full ? "random direction and every element" : "random direction");
    it(`first derivative: VJP matches central differences (${every(n <= 64)})`, () =>
      checkFirstDerivative(row.f, p, seed, { ...FIRST, full: n <= 64 }));
    it(`second derivative: differentiated VJP matches differences of the gradient (${every(n <= 24)})`, () =>
      checkSecondDerivative(row.f, p, seed, { ...SECOND, full: n <= 24 }));
    it("first derivative in float32 agrees with float64", () => checkFloat32Vjp(row.f, p, seed));
  });
}

function runStability(row: StabilityRow, dtype: "float32" | "float64"): void {
  it(`${row.name} at ±1000 (${dtype}): finite value, gradient and second derivative`, () => {
    const Arr = dtype === "float32" ? Float32Array : Float64Array;
    const x = tensor(Arr.from(row.input), { shape: row.shape, requiresGrad: true });
    const tol = dtype === "float32" ? { rtol: 1e-6, atol: 1e-6 } : { rtol: 1e-12, atol: 1e-14 };
    const y = row.f(x);
    assertClose(y.data, row.value, tol, `${row.name} value`);
    const [g] = gradients(y, [x], cr.onesLike(y), { createGraph: true });
    assertClose(g!.data, row.grad, tol, `${row.name} gradient`);
    const w = tensor(Arr.from(row.input.map((_, i) => 1 + i / 4)), { shape: row.shape });
    const psi = g!.mul(w).sum();
    const [h] = psi.requiresGrad ? gradients(psi, [x]) : [cr.zerosLike(x)];
    assertFinite(h!.data, `${row.name} second derivative`);
  });
}

/**
 * Runs the whole table on backend `backendName` (selected in beforeAll; the previous backend restored afterwards):
 * coverage of API.md's ops, every row's checks, and the stability rows in float64 and float32.
 * @example
 * runOpTable("wasm");
 */
export function runOpTable(backendName: string): void {
  describe(`op table on the "${backendName}" backend`, () => {
    let previous = "js";
    beforeAll(() => {
      previous = getBackend();
      setBackend(backendName);
    });
    afterAll(() => setBackend(previous));
    it("has a row for every op in API.md, each both a function and a Tensor method", () => {
      const covered = new Set(opTable.flatMap((r) => r.covers));
      expect(API_OPS.filter((op) => !covered.has(op))).toEqual([]);
      const proto = Tensor.prototype as unknown as Record<string, unknown>;
      const missingMethods = API_OPS.filter((op) => !["where", "concat", "stack"].includes(op) && !(op in proto));
      expect(missingMethods).toEqual([]);
      const fns = cr as unknown as Record<string, unknown>;
      const missingFns = API_OPS.filter((op) => op !== "T" && typeof fns[op] !== "function");
      expect(missingFns).toEqual([]);
    });
    it("row names are unique (they seed the inputs)", () => {
      expect(new Set(opTable.map((r) => r.name)).size).toBe(opTable.length);
    });
    it("NaN passes through every elementwise op and reduction (nothing hides it from detectAnomaly)", () => {
      const x = tensor([NaN, 1], { dtype: "float64", allowNonFinite: true });
      const ops = ["neg", "exp", "log", "sqrt", "abs", "square", "reciprocal", "sign", "erf", "expm1", "log1p", "sin", "cos"];
      const acts = ["sigmoid", "tanh", "relu", "leakyRelu", "elu", "gelu", "softplus", "silu", "softmax", "logSoftmax", "clamp"];
      const reductions = ["sum", "mean", "max", "min", "logsumexp"];
      const fns = cr as unknown as Record<string, (t: Tensor) => Tensor>;
      const swallowed = [...ops, ...acts, ...reductions].filter((op) => !Number.isNaN(fns[op]!(x).data[0]));
      const binaries = ["add", "sub", "mul", "div", "pow", "maximum", "minimum"].filter((op) => {
        const f = fns[op] as unknown as (a: Tensor, b: Tensor) => Tensor;
        return (
          !Number.isNaN(f(x, tensor([2, 2], { dtype: "float64" })).data[0]) ||
          !Number.isNaN(f(tensor([2, 2], { dtype: "float64" }), x).data[0])
        );
      });
      expect([...swallowed, ...binaries]).toEqual([]);
    });
    for (const dtype of ["float64", "float32"] as const) {
      it(`documented subgradients at kinks and ties hold on this backend (${dtype})`, () => {
        const d = (f: (x: Tensor) => Tensor, xs: number[]): number[] => {
          const x = tensor(xs, { dtype, requiresGrad: true });
          f(x).sum().backward();
          return Array.from(x.grad!.data);
        };
        expect(d((x) => x.relu(), [-1, 0, 2])).toEqual([0, 0, 1]);
        expect(d((x) => x.relu({ subgradient: 1 }), [-1, 0, 2])).toEqual([0, 1, 1]);
        expect(d((x) => x.abs(), [-2, 0, 2])).toEqual([-1, 0, 1]);
        expect(d((x) => x.leakyRelu(0.5), [-1, 0, 1])).toEqual([0.5, 0.5, 1]);
        expect(d((x) => x.elu(), [0])).toEqual([1]);
        expect(d((x) => x.clamp(0, 1), [-1, 0, 0.5, 1, 2])).toEqual([0, 1, 1, 1, 0]);
        expect(d((x) => x.max(), [1, 3, 3])).toEqual([0, 0.5, 0.5]);
        const third = dtype === "float64" ? 1 / 3 : Math.fround(1 / 3);
        expect(d((x) => x.min(0), [2, 2, 2, 5])).toEqual([third, third, third, 0]);
        expect(d((x) => x.maximum(tensor([1, 3, 5], { dtype })), [2, 3, 4])).toEqual([1, 0.5, 0]);
        expect(d((x) => cr.minimum(tensor([1, 3, 5], { dtype }), x), [2, 3, 4])).toEqual([0, 0.5, 1]);
      });
    }
    for (const row of opTable) runRow(row);
    describe("stability", () => {
      const rowProbes = opTable.flatMap((r) =>
        r.stability
          ? [
              {
                name: r.name,
                shape: [4],
                input: EXTREMES,
                f: r.f,
                value: EXTREMES.map(r.stability.value),
                grad: EXTREMES.map(r.stability.grad),
              },
            ]
          : [],
      );
      for (const row of [...stabilityRows, ...rowProbes]) {
        runStability(row, "float64");
        runStability(row, "float32");
      }
    });
  });
}
