/** @file SGD update in place (PyTorch's torch.optim.SGD), float64 arithmetic on both dtypes so it matches the JS reference bit for bit. */

// Modes (match src/backends/wasm/optim.ts): plain step, heavy-ball momentum, Nesterov momentum.
const PLAIN = 0;
const MOMENTUM = 1;

// One step on two float64 lanes: d = sign·g + wd·p; with momentum b = bm·buf + bk·d and
// p − lr·b (or p − lr·(d + mu·b) for Nesterov); the same operation order as src/backends/js/sgd.ts.
// @ts-ignore: decorator
@inline
function step2(
  mode: i32,
  p: v128,
  g: v128,
  bp: usize,
  lr: v128,
  sign: v128,
  wd: v128,
  mu: v128,
  bm: v128,
  bk: v128,
  f32: bool,
  bare: bool,
): v128 {
  // bare: no weight decay and not maximizing, so d = g (PyTorch adds wd·p only when wd ≠ 0)
  const d = bare ? g : f64x2.add(f64x2.mul(sign, g), f64x2.mul(wd, p));
  if (mode == PLAIN) return f64x2.sub(p, f64x2.mul(lr, d));
  const old = f32 ? f64x2.promote_low_f32x4(v128.load64_zero(bp)) : v128.load(bp);
  const b = f64x2.add(f64x2.mul(bm, old), f64x2.mul(bk, d));
  if (f32) v128.store64_lane(bp, f32x4.demote_f64x2_zero(b), 0);
  else v128.store(bp, b);
  if (mode == MOMENTUM) return f64x2.sub(p, f64x2.mul(lr, b));
  return f64x2.sub(p, f64x2.mul(lr, f64x2.add(d, f64x2.mul(mu, b))));
}

// @ts-ignore: decorator
@inline
function sgd(
  mode: i32,
  p: usize,
  g: usize,
  buf: usize,
  n: i32,
  lr: f64,
  sign: f64,
  wd: f64,
  mu: f64,
  bm: f64,
  bk: f64,
  f32: bool,
  bare: bool,
): void {
  const e: usize = f32 ? 4 : 8;
  const vlr = f64x2.splat(lr);
  const vsign = f64x2.splat(sign);
  const vwd = f64x2.splat(wd);
  const vmu = f64x2.splat(mu);
  const vbm = f64x2.splat(bm);
  const vbk = f64x2.splat(bk);
  const end = p + <usize>(n & ~1) * e;
  while (p < end) {
    if (f32) {
      const pv = f64x2.promote_low_f32x4(v128.load64_zero(p));
      const gv = f64x2.promote_low_f32x4(v128.load64_zero(g));
      v128.store64_lane(p, f32x4.demote_f64x2_zero(step2(mode, pv, gv, buf, vlr, vsign, vwd, vmu, vbm, vbk, true, bare)), 0);
    } else {
      v128.store(p, step2(mode, v128.load(p), v128.load(g), buf, vlr, vsign, vwd, vmu, vbm, vbk, false, bare));
    }
    p += 2 * e;
    g += 2 * e;
    buf += 2 * e;
  }
  if (n & 1) {
    // the last element in scalar float64, the same operations in the same order as step2
    // (no static scratch: every thread runs this, and a worker that instantiates the module
    // rewrites the module's data segments in the shared memory)
    const pv = f32 ? <f64>load<f32>(p) : load<f64>(p);
    const gv = f32 ? <f64>load<f32>(g) : load<f64>(g);
    const d = bare ? gv : sign * gv + wd * pv;
    let r = pv - lr * d;
    if (mode != PLAIN) {
      const b = bm * (f32 ? <f64>load<f32>(buf) : load<f64>(buf)) + bk * d;
      if (f32) store<f32>(buf, <f32>b);
      else store<f64>(buf, b);
      r = mode == MOMENTUM ? pv - lr * b : pv - lr * (d + mu * b);
    }
    if (f32) store<f32>(p, <f32>r);
    else store<f64>(p, r);
  }
}

/** SGD on n float32 parameters at p (gradients at g, momentum buffer at buf unless mode is plain). */
export function sgd32(mode: i32, p: usize, g: usize, buf: usize, n: i32, lr: f64, sign: f64, wd: f64, mu: f64, bm: f64, bk: f64): void {
  const bare = wd == 0 && sign == 1;
  if (mode == PLAIN) {
    if (bare) sgd(PLAIN, p, g, buf, n, lr, sign, wd, mu, bm, bk, true, true);
    else sgd(PLAIN, p, g, buf, n, lr, sign, wd, mu, bm, bk, true, false);
  } else if (mode == MOMENTUM) sgd(MOMENTUM, p, g, buf, n, lr, sign, wd, mu, bm, bk, true, bare);
  else sgd(2, p, g, buf, n, lr, sign, wd, mu, bm, bk, true, bare);
}

/** SGD on n float64 parameters (as sgd32). */
export function sgd64(mode: i32, p: usize, g: usize, buf: usize, n: i32, lr: f64, sign: f64, wd: f64, mu: f64, bm: f64, bk: f64): void {
  const bare = wd == 0 && sign == 1;
  if (mode == PLAIN) {
    if (bare) sgd(PLAIN, p, g, buf, n, lr, sign, wd, mu, bm, bk, false, true);
    else sgd(PLAIN, p, g, buf, n, lr, sign, wd, mu, bm, bk, false, false);
  } else if (mode == MOMENTUM) sgd(MOMENTUM, p, g, buf, n, lr, sign, wd, mu, bm, bk, false, bare);
  else sgd(2, p, g, buf, n, lr, sign, wd, mu, bm, bk, false, bare);
}
