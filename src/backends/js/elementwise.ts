/** @file Reference elementwise kernels: unary maps and broadcasting binary maps. */
import type { BinaryKernel, BinaryKernelName, UnaryGradKernel, UnaryGradKernelName, UnaryKernel, UnaryKernelName } from "../kernels.js";
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";

/** Numerically stable logistic function: never evaluates exp of a large positive number. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). */
export function softplusScalar(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** The error function, to about 1e-16 relative: a positive-term series below 2.5, erfc's continued fraction above. */
export function erfScalar(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf x = 2/√π · e^(−x²) · Σₙ (2x²)ⁿ x / (1·3·…·(2n+1)): every term is positive, so nothing cancels
    const x2 = 2 * ax * ax;
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
    return x < 0 ? -r : r;
  }
  // erfc by a continued fraction (Lentz), converging fast for |x| ≥ 2.5
  const z = ax;
  let f = z;
  let c = z;
  let d = 0;
  for (let i = 1; i < 200; i++) {
    const a = i / 2;
    d = z + a * d;
    c = z + a / c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
  return x > 0 ? 1 - erfc : erfc - 1;
}

const unaryScalar: { readonly [K in UnaryKernelName]: (x: number) => number } = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  sigmoid: sigmoidScalar,
  tanh: Math.tanh,
  relu: (x) => (x > 0 || x !== x ? x : 0), // NaN passes through, as in every other op
  softplus: softplusScalar,
  erf: erfScalar,
  expm1: Math.expm1,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  reciprocal: (x) => 1 / x,
  square: (x) => x * x,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  logSigmoid: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))), // −softplus(−x), never exp of a large number
  step: (x) => (x > 0 ? 1 : 0),
};

function makeUnary(f: (x: number) => number): UnaryKernel {
  return (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  };
}

/** The unary kernel table. */
export const unaryKernels = Object.fromEntries(Object.entries(unaryScalar).map(([name, f]) => [name, makeUnary(f)])) as {
  readonly [K in UnaryKernelName]: UnaryKernel;
};

const binaryScalar: { readonly [K in BinaryKernelName]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  eq: (a, b) => (a === b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
};

/**
 * Strides of `shape` aligned to `outShape` for broadcasting: 0 on broadcast axes.
 * @example
 * broadcastStrides([3, 1], [2, 3, 4]); // [0, 1, 0]
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const n = outShape.length;
  const strides = new Array<number>(n).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const oi = n - shape.length + i;
    strides[oi] = shape[i] === 1 ? 0 : s;
    s *= shape[i]!;
  }
  return strides;
}

/** Calls `visit(outIndex, aIndex, bIndex)` over `outShape` with broadcast strides, innermost axis in a tight loop. */
export function forEachBroadcast2(
  aStrides: readonly number[],
  bStrides: readonly number[],
  outShape: Shape,
  inner: (o: number, ia: number, ib: number, len: number, sa: number, sb: number) => void,
): void {
  const nd = outShape.length;
  if (nd === 0) {
    inner(0, 0, 0, 1, 0, 0);
    return;
  }
  const last = outShape[nd - 1]!;
  const sa = aStrides[nd - 1]!;
  const sb = bStrides[nd - 1]!;
  let outer = 1;
  for (let i = 0; i < nd - 1; i++) outer *= outShape[i]!;
  const idx = new Array<number>(nd - 1).fill(0);
  let ia = 0;
  let ib = 0;
  for (let r = 0; r < outer; r++) {
    inner(r * last, ia, ib, last, sa, sb);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      ia += aStrides[d]!;
      ib += bStrides[d]!;
      if (idx[d]! < outShape[d]!) break;
      ia -= aStrides[d]! * outShape[d]!;
      ib -= bStrides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}

/**
 * Merges neighbouring axes that both operands step through as one (stride[d] = stride[d+1]·shape[d+1],
 * or 0 and 0), so the innermost loop runs longer: [n, c, h, w] against [1, c, 1, 1] becomes [n, c, h·w].
 */
export function coalesce(aStrides: readonly number[], bStrides: readonly number[], shape: Shape): [number[], number[], number[]] {
  const as = [aStrides[0]!];
  const bs = [bStrides[0]!];
  const sh = [shape[0]!];
  for (let d = 1; d < shape.length; d++) {
    const k = sh.length - 1;
    const n = shape[d]!;
    if (as[k] === aStrides[d]! * n && bs[k] === bStrides[d]! * n) {
      sh[k]! *= n;
      as[k] = aStrides[d]!;
      bs[k] = bStrides[d]!;
    } else {
      as.push(aStrides[d]!);
      bs.push(bStrides[d]!);
      sh.push(n);
    }
  }
  return shape.length === 0 ? [[], [], []] : [as, bs, sh];
}

function makeBinary(f: (a: number, b: number) => number): BinaryKernel {
  return (a: TypedArray, aShape, b: TypedArray, bShape, out: TypedArray, outShape) => {
    const n = out.length;
    if (a.length === n && b.length === n) {
      for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
      return;
    }
    if (b.length === 1 && a.length === n) {
      const bv = b[0]!;
      for (let i = 0; i < n; i++) out[i] = f(a[i]!, bv);
      return;
    }
    if (a.length === 1 && b.length === n) {
      const av = a[0]!;
      for (let i = 0; i < n; i++) out[i] = f(av, b[i]!);
      return;
    }
    const [as, bs, shape] = coalesce(broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape), outShape);
    forEachBroadcast2(as, bs, shape, (o, ia, ib, len, sa, sb) => {
      for (let j = 0; j < len; j++) out[o + j] = f(a[ia + j * sa]!, b[ib + j * sb]!);
    });
  };
}

/** The binary kernel table. */
export const binaryKernels = Object.fromEntries(Object.entries(binaryScalar).map(([name, f]) => [name, makeBinary(f)])) as {
  readonly [K in BinaryKernelName]: BinaryKernel;
};

/** Fused derivative kernels `out = g · f′(v)` (see UnaryGradKernelName). */
export const unaryGradKernels: { readonly [K in UnaryGradKernelName]: UnaryGradKernel } = {
  // σ′ = y(1 − y)
  sigmoid: (g, y, out) => {
    for (let i = 0; i < out.length; i++) out[i] = g[i]! * y[i]! * (1 - y[i]!);
  },
  // tanh′ = 1 − y²
  tanh: (g, y, out) => {
    for (let i = 0; i < out.length; i++) out[i] = g[i]! * (1 - y[i]! * y[i]!);
  },
  // ReLU′ = [x > 0], 0 at x = 0
  relu0: (g, x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = x[i]! > 0 ? g[i]! : 0;
  },
  // ReLU′ = [x ≥ 0], 1 at x = 0
  relu1: (g, x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = x[i]! >= 0 ? g[i]! : 0;
  },
  // (x²)′ = 2x
  square: (g, x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = 2 * g[i]! * x[i]!;
  },
};
