/** @file The operations as Tensor methods (`x.mul(2)`): each forwards to the function of the same name. */
import { backward, type BackwardOptions } from "../autograd/backward.js";
import * as act from "../ops/activation.js";
import type { TensorLike } from "../ops/apply.js";
import * as bin from "../ops/binary.js";
import * as cmp from "../ops/compare.js";
import * as lin from "../ops/linear.js";
import * as mm from "../ops/matmul.js";
import * as mv from "../ops/movement.js";
import * as red from "../ops/reduce.js";
import * as shp from "../ops/shape-composites.js";
import * as un from "../ops/unary.js";
import type { DType } from "./dtype.js";
import { Tensor } from "./tensor.js";

declare module "./tensor.js" {
  interface Tensor {
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
    neg(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    square(): Tensor;
    reciprocal(): Tensor;
    sign(): Tensor;
    erf(): Tensor;
    expm1(): Tensor;
    log1p(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    clamp(lo?: number, hi?: number): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    relu(opts?: act.ReluOptions): Tensor;
    leakyRelu(slope?: number): Tensor;
    elu(alpha?: number): Tensor;
    gelu(): Tensor;
    softplus(): Tensor;
    silu(): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
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
    slice(...specs: mv.SliceSpec[]): Tensor;
    cast(dtype: DType): Tensor;
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
p.neg = function () {
  return un.neg(this);
};
p.exp = function () {
  return un.exp(this);
};
p.log = function () {
  return un.log(this);
};
p.sqrt = function () {
  return un.sqrt(this);
};
p.abs = function () {
  return un.abs(this);
};
p.square = function () {
  return un.square(this);
};
p.reciprocal = function () {
  return un.reciprocal(this);
};
p.sign = function () {
  return un.sign(this);
};
p.erf = function () {
  return un.erf(this);
};
p.expm1 = function () {
  return un.expm1(this);
};
p.log1p = function () {
  return un.log1p(this);
};
p.sin = function () {
  return un.sin(this);
};
p.cos = function () {
  return un.cos(this);
};
p.clamp = function (lo, hi) {
  return act.clamp(this, lo, hi);
};
p.sigmoid = function () {
  return act.sigmoid(this);
};
p.tanh = function () {
  return act.tanh(this);
};
p.relu = function (o) {
  return act.relu(this, o);
};
p.leakyRelu = function (s) {
  return act.leakyRelu(this, s);
};
p.elu = function (a) {
  return act.elu(this, a);
};
p.gelu = function () {
  return act.gelu(this);
};
p.softplus = function () {
  return act.softplus(this);
};
p.silu = function () {
  return act.silu(this);
};
p.softmax = function (a) {
  return act.softmax(this, a);
};
p.logSoftmax = function (a) {
  return act.logSoftmax(this, a);
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
  return mv.slice(this, ...specs);
};
p.cast = function (d) {
  return mv.cast(this, d);
};
p.backward = function (g, opts) {
  backward(this, g, opts);
};
