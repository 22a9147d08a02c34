/** @file The operations as Tensor methods (`x.mul(2)`): each forwards to the function of the same name. */
import { backward, type BackwardOptions } from "./backward.js";
import * as act from "../ops/activation.js";
import type { TensorLike } from "../ops/apply.js";
import * as bin from "../ops/binary.js";
import * as cst from "../ops/cast.js";
import * as cmp from "../ops/compare.js";
import * as cs from "../ops/cumsum.js";
import * as lin from "../ops/linear.js";
import * as mm from "../ops/matmul.js";
import * as mv from "../ops/movement.js";
import * as red from "../ops/reduce.js";
import * as sel from "../ops/select.js";
import * as sc from "../ops/slice-concat.js";
import * as shp from "../ops/shape-composites.js";
import * as tri from "../ops/triangle.js";
import * as un from "../ops/unary.js";
import type { DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";

/** Every function of the elementwise family files (ops/unary.ts, ops/activation.ts): their exports but the record tables. */
type ElementwiseFns = Omit<typeof un, "unaryPrimitives"> & Omit<typeof act, "activationPrimitives">;

/** `f(x, ...rest)` as the method `x.f(...rest)`. */
type AsMethods<F> = { readonly [K in keyof F]: F[K] extends (x: Tensor, ...rest: infer R) => Tensor ? (...rest: R) => Tensor : never };

declare module "../tensor/tensor.js" {
  /** Every function of ops/unary.ts and ops/activation.ts as a method (`x.exp()`, `x.relu({ subgradient: 1 })`), installed below. */
  interface Tensor extends AsMethods<ElementwiseFns> {
    add(other: TensorLike): Tensor;
    sub(other: TensorLike): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike): Tensor;
    pow(other: TensorLike): Tensor;
    maximum(other: TensorLike): Tensor;
    minimum(other: TensorLike): Tensor;
    eq(other: TensorLike): Tensor;
    gt(other: TensorLike): Tensor;
    lt(other: TensorLike): Tensor;
    ge(other: TensorLike): Tensor;
    le(other: TensorLike): Tensor;
    sum(axis?: red.Axis, keepdims?: boolean): Tensor;
    mean(axis?: red.Axis, keepdims?: boolean): Tensor;
    max(axis?: red.Axis, keepdims?: boolean): Tensor;
    min(axis?: red.Axis, keepdims?: boolean): Tensor;
    logsumexp(axis?: red.Axis, keepdims?: boolean): Tensor;
    matmul(other: Tensor, opts?: mm.MatmulOptions): Tensor;
    /** this · Wᵀ + b (W shaped [out, in]), then ReLU with `{ activation: "relu" }`, fused into one kernel for a batch with a bias: see `linear`. */
    linear(weight: Tensor, bias?: Tensor | null, opts?: lin.LinearOptions): Tensor;
    dot(other: Tensor): Tensor;
    outer(other: Tensor): Tensor;
    reshape(shape: readonly number[]): Tensor;
    transpose(perm?: readonly number[]): Tensor;
    /** The transpose (axes reversed). */
    readonly T: Tensor;
    expand(shape: readonly number[]): Tensor;
    squeeze(axis?: number | number[]): Tensor;
    unsqueeze(axis: number): Tensor;
    flatten(): Tensor;
    slice(...specs: sc.SliceSpec[]): Tensor;
    cast(dtype: DType): Tensor;
    cumsum(axis: number): Tensor;
    tril(k?: number): Tensor;
    triu(k?: number): Tensor;
    argmax(axis?: number, keepdims?: boolean): Tensor;
    argmin(axis?: number, keepdims?: boolean): Tensor;
    /** The k largest (or smallest) entries along an axis and their int32 indices: see `topk`. */
    topk(k: number, opts?: sel.TopkOptions): sel.TopkResult;
    /**
     * Backpropagation from this tensor: fills `.grad` of every leaf with requiresGrad on a path.
     * A non-scalar tensor needs `gradOutput` shaped like it.
     * @example
     * const w = tensor([2], { requiresGrad: true }); w.square().sum().backward(); w.grad?.item(); // 4
     */
    backward(gradOutput?: Tensor, opts?: BackwardOptions): void;
  }
}

const p = Tensor.prototype;

/**
 * Installs `x.f(...)` for every function `f` a family module exports (its record table is no
 * function): a new unary primitive or activation needs no edit here.
 */
function installMethods(module: object): void {
  for (const [name, f] of Object.entries(module)) {
    if (typeof f !== "function") continue;
    const fn = f as (x: Tensor, a?: unknown, b?: unknown) => Tensor;
    // up to two arguments after the tensor (clamp's lo and hi); a fixed arity keeps calls free of rest arrays
    if (fn.length > 3) throw new Error(`Tensor methods: ${name} takes more than two arguments after the tensor; add its method by hand.`);
    const method = function (this: Tensor, a?: unknown, b?: unknown): Tensor {
      return fn(this, a, b);
    };
    Object.defineProperty(p, name, { value: method, writable: true, configurable: true });
  }
}
installMethods(un);
installMethods(act);
p.add = function (o) {
  return bin.add(this, o);
};
p.sub = function (o) {
  return bin.sub(this, o);
};
p.mul = function (o) {
  return bin.mul(this, o);
};
p.div = function (o) {
  return bin.div(this, o);
};
p.pow = function (o) {
  return bin.pow(this, o);
};
p.maximum = function (o) {
  return bin.maximum(this, o);
};
p.minimum = function (o) {
  return bin.minimum(this, o);
};
p.eq = function (o) {
  return cmp.eq(this, o);
};
p.gt = function (o) {
  return cmp.gt(this, o);
};
p.lt = function (o) {
  return cmp.lt(this, o);
};
p.ge = function (o) {
  return cmp.ge(this, o);
};
p.le = function (o) {
  return cmp.le(this, o);
};
p.sum = function (a, k) {
  return red.sum(this, a, k);
};
p.mean = function (a, k) {
  return red.mean(this, a, k);
};
p.max = function (a, k) {
  return red.max(this, a, k);
};
p.min = function (a, k) {
  return red.min(this, a, k);
};
p.logsumexp = function (a, k) {
  return red.logsumexp(this, a, k);
};
p.matmul = function (o, opts) {
  return mm.matmul(this, o, opts);
};
p.linear = function (w, b, opts) {
  return lin.linear(this, w, b, opts);
};
p.dot = function (o) {
  return mm.dot(this, o);
};
p.outer = function (o) {
  return mm.outer(this, o);
};
p.reshape = function (s) {
  return mv.reshape(this, s);
};
p.transpose = function (perm) {
  return mv.transpose(this, perm);
};
Object.defineProperty(p, "T", {
  get(this: Tensor) {
    return mv.transpose(this);
  },
});
p.expand = function (s) {
  return mv.expand(this, s);
};
p.squeeze = function (a) {
  return shp.squeeze(this, a);
};
p.unsqueeze = function (a) {
  return shp.unsqueeze(this, a);
};
p.flatten = function () {
  return shp.flatten(this);
};
p.slice = function (...specs) {
  return sc.slice(this, ...specs);
};
p.cast = function (d) {
  return cst.cast(this, d);
};
p.cumsum = function (a) {
  return cs.cumsum(this, a);
};
p.tril = function (k) {
  return tri.tril(this, k);
};
p.triu = function (k) {
  return tri.triu(this, k);
};
p.argmax = function (a, k) {
  return sel.argmax(this, a, k);
};
p.argmin = function (a, k) {
  return sel.argmin(this, a, k);
};
p.topk = function (k, opts) {
  return sel.topk(this, k, opts);
};
p.backward = function (g, opts) {
  backward(this, g, opts);
};
