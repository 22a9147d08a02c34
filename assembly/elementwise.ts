/** @file SIMD elementwise kernels (float32 and float64): binary arithmetic with broadcast patterns, ReLU-family maps, derivative maps, column sums. */

// Binary op codes (match src/backends/wasm/elementwise.ts).
const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
// Broadcast patterns: both full; full ∘ scalar; scalar ∘ full; full ∘ row; row ∘ full; full ∘ column; column ∘ full.
const VV = 0;
const VS = 1;
const SV = 2;
const VR = 3;
const RV = 4;
const VC = 5;
const CV = 6;

// @ts-ignore: decorator
@inline
function op4(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f32x4.add(x, y);
  if (op == SUB) return f32x4.sub(x, y);
  if (op == MUL) return f32x4.mul(x, y);
  return f32x4.div(x, y);
}

// @ts-ignore: decorator
@inline
function op1(op: i32, x: f32, y: f32): f32 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  return x / y;
}

// @ts-ignore: decorator
@inline
function op2(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f64x2.add(x, y);
  if (op == SUB) return f64x2.sub(x, y);
  if (op == MUL) return f64x2.mul(x, y);
  return f64x2.div(x, y);
}

// @ts-ignore: decorator
@inline
function op1d(op: i32, x: f64, y: f64): f64 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  return x / y;
}

/** o[0:n] = x[0:n] ∘ y[0:n] (float32); `x`/`y` advance by `sx`/`sy` ∈ {0, 1} elements (0: a broadcast scalar). */
// @ts-ignore: decorator
@inline
function run32(op: i32, x: usize, sx: i32, y: usize, sy: i32, o: usize, n: i32): void {
  let i = 0;
  const xs = v128.load32_splat(x);
  const ys = v128.load32_splat(y);
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const xv = sx ? v128.load(x + off) : xs;
    const yv = sy ? v128.load(y + off) : ys;
    v128.store(o + off, op4(op, xv, yv));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(o + off, op1(op, load<f32>(x + (sx ? off : 0)), load<f32>(y + (sy ? off : 0))));
  }
}

// @ts-ignore: decorator
@inline
function run64(op: i32, x: usize, sx: i32, y: usize, sy: i32, o: usize, n: i32): void {
  let i = 0;
  const xs = v128.load64_splat(x);
  const ys = v128.load64_splat(y);
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 3;
    const xv = sx ? v128.load(x + off) : xs;
    const yv = sy ? v128.load(y + off) : ys;
    v128.store(o + off, op2(op, xv, yv));
  }
  for (; i < n; i++) {
    const off = <usize>i << 3;
    store<f64>(o + off, op1d(op, load<f64>(x + (sx ? off : 0)), load<f64>(y + (sy ? off : 0))));
  }
}

/** Runs one pattern for one op, float32 (`len`: the row length for row/column patterns). */
// @ts-ignore: decorator
@inline
function pattern32(op: i32, pat: i32, a: usize, b: usize, o: usize, n: i32, len: i32): void {
  if (pat == VV) run32(op, a, 1, b, 1, o, n);
  else if (pat == VS) run32(op, a, 1, b, 0, o, n);
  else if (pat == SV) run32(op, a, 0, b, 1, o, n);
  else {
    const rowBytes = <usize>len << 2;
    const rows = n / len;
    for (let r = 0; r < rows; r++) {
      const off = <usize>r * rowBytes;
      if (pat == VR) run32(op, a + off, 1, b, 1, o + off, len);
      else if (pat == RV) run32(op, a, 1, b + off, 1, o + off, len);
      else if (pat == VC) run32(op, a + off, 1, b + (<usize>r << 2), 0, o + off, len);
      else run32(op, a + (<usize>r << 2), 0, b + off, 1, o + off, len);
    }
  }
}

// @ts-ignore: decorator
@inline
function pattern64(op: i32, pat: i32, a: usize, b: usize, o: usize, n: i32, len: i32): void {
  if (pat == VV) run64(op, a, 1, b, 1, o, n);
  else if (pat == VS) run64(op, a, 1, b, 0, o, n);
  else if (pat == SV) run64(op, a, 0, b, 1, o, n);
  else {
    const rowBytes = <usize>len << 3;
    const rows = n / len;
    for (let r = 0; r < rows; r++) {
      const off = <usize>r * rowBytes;
      if (pat == VR) run64(op, a + off, 1, b, 1, o + off, len);
      else if (pat == RV) run64(op, a, 1, b + off, 1, o + off, len);
      else if (pat == VC) run64(op, a + off, 1, b + (<usize>r << 3), 0, o + off, len);
      else run64(op, a + (<usize>r << 3), 0, b + off, 1, o + off, len);
    }
  }
}

/**
 * o = a ∘ b for ∘ ∈ {+, −, ×, ÷} (op 0–3), float32. Column patterns index the column by row
 * number modulo nothing: the caller passes one value per row (rows = n / len).
 */
export function binary32(op: i32, pat: i32, a: usize, b: usize, o: usize, n: i32, len: i32): void {
  if (op == ADD) pattern32(ADD, pat, a, b, o, n, len);
  else if (op == SUB) pattern32(SUB, pat, a, b, o, n, len);
  else if (op == MUL) pattern32(MUL, pat, a, b, o, n, len);
  else pattern32(DIV, pat, a, b, o, n, len);
}

/** o = a ∘ b, float64 (see binary32). */
export function binary64(op: i32, pat: i32, a: usize, b: usize, o: usize, n: i32, len: i32): void {
  if (op == ADD) pattern64(ADD, pat, a, b, o, n, len);
  else if (op == SUB) pattern64(SUB, pat, a, b, o, n, len);
  else if (op == MUL) pattern64(MUL, pat, a, b, o, n, len);
  else pattern64(DIV, pat, a, b, o, n, len);
}
