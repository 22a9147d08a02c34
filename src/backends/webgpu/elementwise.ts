/** @file WGSL elementwise kernels: every unary map, the broadcasting binary maps and `where`, and the fused derivative maps. */
import type { BinaryKernel, BinaryKernelName, UnaryGradKernel, UnaryGradKernelName, UnaryKernel, UnaryKernelName } from "../kernels.js";
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import { broadcastStrides, coalesce } from "../js/elementwise.js";
import { bufferOf, dispatch, outputOf, words } from "./runner.js";
import { MAIN, MATH, WG } from "./wgsl.js";

/** Each unary map as a WGSL expression of `v` (float32; NaN passes through as in the JS reference). */
const unaryExpr: { readonly [K in UnaryKernelName]?: string } = {
  neg: "-v",
  exp: "exp(v)",
  log: "log(v)",
  sqrt: "sqrt(v)",
  abs: "abs(v)",
  sign: "select(select(select(nan(), 0.0, v == 0.0), -1.0, v < 0.0), 1.0, v > 0.0)",
  sigmoid: "sigmoid_(v)",
  // 1 − 2/(e^{2x} + 1) overflows to ±1 instead of NaN; the expm1 form keeps small x exact
  tanh: "select(-1.0, 1.0, v > 0.0) * select(-expm1_(-2.0 * abs(v)) / (2.0 + expm1_(-2.0 * abs(v))), 1.0, abs(v) > 20.0)",
  relu: "select(0.0, v, v > 0.0 || isnan(v))",
  softplus: "max(v, 0.0) + log1p_(exp(-abs(v)))",
  erf: "erf_(v)",
  expm1: "expm1_(v)",
  log1p: "log1p_(v)",
  sin: "sin(v)",
  cos: "cos(v)",
  reciprocal: "1.0 / v",
  square: "v * v",
  atan: "atan(v)",
  sinh: "0.5 * (expm1_(v) - expm1_(-v))",
  cosh: "0.5 * (exp(v) + exp(-v))",
  logSigmoid: "min(v, 0.0) - log1p_(exp(-abs(v)))",
  step: "select(0.0, 1.0, v > 0.0)",
};

/** Each binary map as a WGSL expression of `a` and `b`. */
const binaryExpr: { readonly [K in BinaryKernelName]?: string } = {
  add: "a + b",
  sub: "a - b",
  mul: "a * b",
  div: "a / b",
  pow: "pow_(a, b)",
  maximum: "select(b, a, a >= b || isnan(a))",
  minimum: "select(b, a, a <= b || isnan(a))",
  eq: "select(0.0, 1.0, a == b)",
  gt: "select(0.0, 1.0, a > b)",
  lt: "select(0.0, 1.0, a < b)",
  ge: "select(0.0, 1.0, a >= b)",
  le: "select(0.0, 1.0, a <= b)",
};

/** Each fused derivative map `g · f′(v)` as a WGSL expression of `g` and `v`. */
const gradExpr: { readonly [K in UnaryGradKernelName]?: string } = {
  sigmoid: "g * v * (1.0 - v)",
  tanh: "g * (1.0 - v * v)",
  relu0: "select(0.0, g, v > 0.0)",
  relu1: "select(0.0, g, v >= 0.0)",
  square: "2.0 * g * v",
};

/** Workgroups for n threads. */
export function groupsFor(n: number): number {
  return Math.ceil(n / WG);
}

function unaryShader(expr: string): string {
  return `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let v = X[i];
  Y[i] = ${expr};
}`;
}

/** The unary kernel table. */
export const webgpuUnary = Object.fromEntries(
  Object.entries(unaryExpr).map(([name, expr]) => {
    const code = unaryShader(expr);
    const k: UnaryKernel = (x, out) => {
      const n = out.length;
      dispatch(code, [bufferOf(x, name).buffer, outputOf(out, name).buffer], words([n]), groupsFor(n));
    };
    return [name, k];
  }),
) as Partial<Record<UnaryKernelName, UnaryKernel>>;

/** The fused derivative kernels. */
export const webgpuUnaryGrad = Object.fromEntries(
  Object.entries(gradExpr).map(([name, expr]) => {
    const code = `${MATH}
@group(0) @binding(0) var<storage, read> G: array<f32>;
@group(0) @binding(1) var<storage, read> V: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let g = G[i];
  let v = V[i];
  Y[i] = ${expr};
}`;
    const k: UnaryGradKernel = (g, v, out) => {
      const n = out.length;
      dispatch(code, [bufferOf(g, name).buffer, bufferOf(v, name).buffer, outputOf(out, name).buffer], words([n]), groupsFor(n));
    };
    return [name, k];
  }),
) as Partial<Record<UnaryGradKernelName, UnaryGradKernel>>;

/**
 * WGSL that turns the flat output index `i` into operand offsets `o0`, `o1`, … from the parameter
 * words: P[0] = n, P[1] = nd, then the nd output sizes, then nd strides per operand.
 */
function stridedIndex(operands: number): string {
  const decl = Array.from({ length: operands }, (_, k) => `var o${k} = 0u;`).join(" ");
  const add = Array.from({ length: operands }, (_, k) => `o${k} += c * P[2u + nd * ${k + 1}u + d];`).join(" ");
  return `let nd = P[1];
  var rem = i;
  ${decl}
  for (var j = 0u; j < nd; j++) {
    let d = nd - 1u - j;
    let c = rem % P[2u + d];
    rem = rem / P[2u + d];
    ${add}
  }`;
}

/** The parameter words of `stridedIndex`: n, nd, sizes, then each operand's strides. */
export function stridedWords(n: number, shape: Shape, strides: readonly (readonly number[])[]): Uint32Array {
  return words([n, shape.length, ...shape, ...strides.flat()]);
}

function binaryShader(expr: string): string {
  return `${MATH}
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  ${stridedIndex(2)}
  let a = A[o0];
  let b = B[o1];
  Y[i] = ${expr};
}`;
}

/** The binary kernel table (any broadcast; axes that step together are merged first). */
export const webgpuBinary = Object.fromEntries(
  Object.entries(binaryExpr).map(([name, expr]) => {
    const code = binaryShader(expr);
    const k: BinaryKernel = (a, aShape, b, bShape, out, outShape) => {
      const n = out.length;
      const [as, bs, shape] = coalesce(broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape), outShape);
      const bufs = [bufferOf(a, name).buffer, bufferOf(b, name).buffer, outputOf(out, name).buffer];
      dispatch(code, bufs, stridedWords(n, shape, [as, bs]), groupsFor(n));
    };
    return [name, k];
  }),
) as Partial<Record<BinaryKernelName, BinaryKernel>>;

const whereCode = `${MATH}
@group(0) @binding(0) var<storage, read> C: array<f32>;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> Y: array<f32>;
@group(0) @binding(4) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  ${stridedIndex(3)}
  Y[i] = select(B[o2], A[o1], C[o0] != 0.0);
}`;

/** `out = cond ≠ 0 ? a : b`, all broadcast to `outShape`. */
export function webgpuWhere(
  cond: TypedArray,
  cShape: Shape,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  const n = out.length;
  const strides = [broadcastStrides(cShape, outShape), broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)];
  const bufs = [bufferOf(cond, "where").buffer, bufferOf(a, "where").buffer, bufferOf(b, "where").buffer, outputOf(out, "where").buffer];
  dispatch(whereCode, bufs, stridedWords(n, outShape, strides), groupsFor(n));
}
