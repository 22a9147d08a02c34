/** @file Stability rows: saturating activations and log-sum-exp family stay finite (values, first and second derivatives) at ±1000. */
import * as cr from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { erfRef, sigmoidRef } from "../helpers/nd-ref.js";

/** One stability row: `f` at fixed extreme inputs, with the expected values and gradient of Σ f(x)·weights. */
export interface StabilityRow {
  name: string;
  shape: number[];
  input: number[];
  f: (x: Tensor) => Tensor;
  /** Expected f(x), flat. */
  value: number[];
  /** Expected ∂(Σ f(x))/∂x, flat. */
  grad: number[];
}

/** The elementwise probe points: both extremes and two ordinary values. */
const X = [-1000, -1, 0.5, 1000];
const s = sigmoidRef;
const phi = (v: number): number => Math.exp((-v * v) / 2) / Math.sqrt(2 * Math.PI);
const PHI = (v: number): number => 0.5 * (1 + erfRef(v / Math.SQRT2));

function elementwise(name: string, f: (x: Tensor) => Tensor, value: (v: number) => number, grad: (v: number) => number): StabilityRow {
  return { name, shape: [4], input: X, f, value: X.map(value), grad: X.map(grad) };
}

/** Rows of the softmax family: one ordinary row of extremes and one all −1000 row. */
const ROWS = [1000, 0, -1000, -1000, -1000, -1000];
const LN3 = Math.log(3);

export const stabilityRows: StabilityRow[] = [
  elementwise(
    "sigmoid",
    cr.sigmoid,
    (v) => (Math.abs(v) > 100 ? (v > 0 ? 1 : 0) : s(v)),
    (v) => (Math.abs(v) > 100 ? 0 : s(v) * (1 - s(v))),
  ),
  elementwise("tanh", cr.tanh, Math.tanh, (v) => 1 - Math.tanh(v) ** 2),
  elementwise(
    "softplus",
    cr.softplus,
    (v) => (v > 100 ? v : Math.log1p(Math.exp(v))),
    (v) => (Math.abs(v) > 100 ? (v > 0 ? 1 : 0) : s(v)),
  ),
  elementwise(
    "gelu",
    cr.gelu,
    (v) => (v < -100 ? 0 : v * PHI(v)),
    (v) => (Math.abs(v) > 100 ? (v > 0 ? 1 : 0) : PHI(v) + v * phi(v)),
  ),
  elementwise(
    "silu",
    cr.silu,
    (v) => (v < -100 ? 0 : v * s(v)),
    (v) => (Math.abs(v) > 100 ? (v > 0 ? 1 : 0) : s(v) * (1 + v * (1 - s(v)))),
  ),
  elementwise(
    "elu",
    cr.elu,
    (v) => (v > 0 ? v : Math.expm1(v)),
    (v) => (v > 0 ? 1 : Math.exp(v)),
  ),
  {
    name: "softmax",
    shape: [2, 3],
    input: ROWS,
    f: (x) => cr.softmax(x).mul(cr.tensor([1, 2, 3], { dtype: x.dtype })),
    value: [1, 0, 0, 1 / 3, 2 / 3, 1],
    // ∂/∂xⱼ Σᵢ cᵢ pᵢ = pⱼ (cⱼ − Σ cᵢ pᵢ)
    grad: [0, 0, 0, (1 / 3) * (1 - 2), 0, (1 / 3) * (3 - 2)],
  },
  {
    name: "logSoftmax",
    shape: [2, 3],
    input: ROWS,
    f: (x) => cr.logSoftmax(x),
    value: [0, -1000, -2000, -LN3, -LN3, -LN3],
    // ∂/∂xⱼ Σᵢ log pᵢ = 1 − 3 pⱼ
    grad: [-2, 1, 1, 0, 0, 0],
  },
  {
    name: "logsumexp",
    shape: [2, 3],
    input: ROWS,
    f: (x) => x.logsumexp(-1),
    value: [1000, -1000 + LN3],
    grad: [1, 0, 0, 1 / 3, 1 / 3, 1 / 3],
  },
  {
    name: "logsumexp of equal extremes",
    shape: [2],
    input: [1000, 1000],
    f: (x) => cr.logsumexp(x),
    value: [1000 + Math.LN2],
    grad: [0.5, 0.5],
  },
];
