/** @file SIMD maps of one input (ReLU, step, neg, square) and fused derivative maps g·f′, float32 and float64; column sums. */
// Op codes: UN_<KERNEL> for maps of one input, GR_<KERNEL> for derivative maps out = g·f′(v).
// scripts/build-wasm.ts numbers every such name it finds in assembly/ and writes the codes for both
// sides (op-codes.generated.ts here, src/backends/wasm/op-codes.generated.ts there): write a branch
// with a new name and the JavaScript table routes that kernel here.
import { UN_RELU, UN_NEG, UN_SQUARE, UN_STEP, GR_RELU0, GR_RELU1, GR_SIGMOID, GR_TANH, GR_SQUARE } from "./op-codes.generated";


// @ts-ignore: decorator
@inline
function un4(op: i32, v: v128): v128 {
  // ReLU keeps v where v > 0 or v is NaN (NaN passes through, like the reference)
  if (op == UN_RELU) return v128.and(v, v128.or(f32x4.gt(v, f32x4.splat(0)), f32x4.ne(v, v)));
  if (op == UN_NEG) return f32x4.neg(v);
  if (op == UN_SQUARE) return f32x4.mul(v, v);
  return v128.and(f32x4.splat(1), f32x4.gt(v, f32x4.splat(0)));
}

// @ts-ignore: decorator
@inline
function un2(op: i32, v: v128): v128 {
  if (op == UN_RELU) return v128.and(v, v128.or(f64x2.gt(v, f64x2.splat(0)), f64x2.ne(v, v)));
  if (op == UN_NEG) return f64x2.neg(v);
  if (op == UN_SQUARE) return f64x2.mul(v, v);
  return v128.and(f64x2.splat(1), f64x2.gt(v, f64x2.splat(0)));
}

// @ts-ignore: decorator
@inline
function gr4(op: i32, g: v128, v: v128): v128 {
  if (op == GR_RELU0) return v128.and(g, f32x4.gt(v, f32x4.splat(0)));
  if (op == GR_RELU1) return v128.and(g, f32x4.ge(v, f32x4.splat(0)));
  if (op == GR_SIGMOID) return f32x4.mul(f32x4.mul(g, v), f32x4.sub(f32x4.splat(1), v));
  if (op == GR_TANH) return f32x4.mul(g, f32x4.sub(f32x4.splat(1), f32x4.mul(v, v)));
  return f32x4.mul(f32x4.mul(f32x4.splat(2), g), v);
}

// @ts-ignore: decorator
@inline
function gr2(op: i32, g: v128, v: v128): v128 {
  if (op == GR_RELU0) return v128.and(g, f64x2.gt(v, f64x2.splat(0)));
  if (op == GR_RELU1) return v128.and(g, f64x2.ge(v, f64x2.splat(0)));
  if (op == GR_SIGMOID) return f64x2.mul(f64x2.mul(g, v), f64x2.sub(f64x2.splat(1), v));
  if (op == GR_TANH) return f64x2.mul(g, f64x2.sub(f64x2.splat(1), f64x2.mul(v, v)));
  return f64x2.mul(f64x2.mul(f64x2.splat(2), g), v);
}

// @ts-ignore: decorator
@inline
function unLoop32(op: i32, x: usize, o: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(o + (<usize>i << 2), un4(op, v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) {
    const r = un4(op, f32x4.splat(load<f32>(x + (<usize>i << 2))));
    store<f32>(o + (<usize>i << 2), f32x4.extract_lane(r, 0));
  }
}

// @ts-ignore: decorator
@inline
function unLoop64(op: i32, x: usize, o: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(o + (<usize>i << 3), un2(op, v128.load(x + (<usize>i << 3))));
  for (; i < n; i++) {
    const r = un2(op, f64x2.splat(load<f64>(x + (<usize>i << 3))));
    store<f64>(o + (<usize>i << 3), f64x2.extract_lane(r, 0));
  }
}

// @ts-ignore: decorator
@inline
function grLoop32(op: i32, g: usize, v: usize, o: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(o + off, gr4(op, v128.load(g + off), v128.load(v + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const r = gr4(op, f32x4.splat(load<f32>(g + off)), f32x4.splat(load<f32>(v + off)));
    store<f32>(o + off, f32x4.extract_lane(r, 0));
  }
}

// @ts-ignore: decorator
@inline
function grLoop64(op: i32, g: usize, v: usize, o: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 3;
    v128.store(o + off, gr2(op, v128.load(g + off), v128.load(v + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 3;
    const r = gr2(op, f64x2.splat(load<f64>(g + off)), f64x2.splat(load<f64>(v + off)));
    store<f64>(o + off, f64x2.extract_lane(r, 0));
  }
}

/** o = f(x) for f ∈ {relu, neg, square, step} (op 0–3), float32. */
export function unary32(op: i32, x: usize, o: usize, n: i32): void {
  if (op == UN_RELU) unLoop32(UN_RELU, x, o, n);
  else if (op == UN_NEG) unLoop32(UN_NEG, x, o, n);
  else if (op == UN_SQUARE) unLoop32(UN_SQUARE, x, o, n);
  else unLoop32(UN_STEP, x, o, n);
}

/** o = f(x), float64 (see unary32). */
export function unary64(op: i32, x: usize, o: usize, n: i32): void {
  if (op == UN_RELU) unLoop64(UN_RELU, x, o, n);
  else if (op == UN_NEG) unLoop64(UN_NEG, x, o, n);
  else if (op == UN_SQUARE) unLoop64(UN_SQUARE, x, o, n);
  else unLoop64(UN_STEP, x, o, n);
}

/** o = g·f′(v) for relu0, relu1, sigmoid (v = y), tanh (v = y), square (v = x) (op 0–4), float32. */
export function unaryGrad32(op: i32, g: usize, v: usize, o: usize, n: i32): void {
  if (op == GR_RELU0) grLoop32(GR_RELU0, g, v, o, n);
  else if (op == GR_RELU1) grLoop32(GR_RELU1, g, v, o, n);
  else if (op == GR_SIGMOID) grLoop32(GR_SIGMOID, g, v, o, n);
  else if (op == GR_TANH) grLoop32(GR_TANH, g, v, o, n);
  else grLoop32(GR_SQUARE, g, v, o, n);
}

/** o = g·f′(v), float64 (see unaryGrad32). */
export function unaryGrad64(op: i32, g: usize, v: usize, o: usize, n: i32): void {
  if (op == GR_RELU0) grLoop64(GR_RELU0, g, v, o, n);
  else if (op == GR_RELU1) grLoop64(GR_RELU1, g, v, o, n);
  else if (op == GR_SIGMOID) grLoop64(GR_SIGMOID, g, v, o, n);
  else if (op == GR_TANH) grLoop64(GR_TANH, g, v, o, n);
  else grLoop64(GR_SQUARE, g, v, o, n);
}

/** o[j] = Σ_r x[r·len + j], summed in row order (float32). */
export function colSum32(x: usize, o: usize, rows: i32, len: i32): void {
  memory.copy(o, x, <usize>len << 2);
  for (let r = 1; r < rows; r++) {
    const row = x + ((<usize>r * <usize>len) << 2);
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const off = <usize>j << 2;
      v128.store(o + off, f32x4.add(v128.load(o + off), v128.load(row + off)));
    }
    for (; j < len; j++) {
      const off = <usize>j << 2;
      store<f32>(o + off, load<f32>(o + off) + load<f32>(row + off));
    }
  }
}

/** o[j] = Σ_r x[r·len + j], summed in row order (float64). */
export function colSum64(x: usize, o: usize, rows: i32, len: i32): void {
  memory.copy(o, x, <usize>len << 3);
  for (let r = 1; r < rows; r++) {
    const row = x + ((<usize>r * <usize>len) << 3);
    let j = 0;
    for (; j + 2 <= len; j += 2) {
      const off = <usize>j << 3;
      v128.store(o + off, f64x2.add(v128.load(o + off), v128.load(row + off)));
    }
    for (; j < len; j++) {
      const off = <usize>j << 3;
      store<f64>(o + off, load<f64>(o + off) + load<f64>(row + off));
    }
  }
}
