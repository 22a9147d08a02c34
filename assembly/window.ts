/** @file im2col and col2im over x [n, c, h, w] for convolution and pooling, float32 and float64: rows of taps copied with memory.copy. */

/** The first output column whose tap at kernel offset `off` (= k·d − pad) reads at or after 0: ceil(−off/stride) in [0, outSize]. */
// @ts-ignore: decorator
@inline
function firstValid(off: i32, stride: i32, outSize: i32): i32 {
  const lo = off >= 0 ? 0 : (stride - off - 1) / stride;
  return lo < outSize ? lo : outSize;
}

/** One past the last output column whose tap reads before `size`: ceil((size − off)/stride) in [lo, outSize]. */
// @ts-ignore: decorator
@inline
function endValid(off: i32, stride: i32, size: i32, outSize: i32, lo: i32): i32 {
  const span = size - off;
  let hi = span <= 0 ? 0 : (span + stride - 1) / stride;
  if (hi > outSize) hi = outSize;
  return hi < lo ? lo : hi;
}

/** Writes `count` copies of `v` from byte pointer `p`. */
// @ts-ignore: decorator
@inline
function fillWith<T>(p: usize, v: T, count: i32): void {
  if (count <= 0) return;
  if (v == 0 && 1 / v > 0) memory.fill(p, 0, <usize>count * sizeof<T>());
  else for (let i = 0; i < count; i++) store<T>(p + <usize>i * sizeof<T>(), v);
}

/** columns[b, (ch, ki, kj), (y, x)] = x[b, ch, y·sh − ph + ki·dh, x·sw − pw + kj·dw], `pad` outside the image (PyTorch's unfold). */
function im2col<T>(
  x: usize, out: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32, pad: T,
): void {
  const E = sizeof<T>();
  let o = out;
  for (let bc = 0; bc < n * c; bc++) {
    const base = x + <usize>(bc * h * w) * E;
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const offX = kj * dw - pw;
        const lo = firstValid(offX, sw, ow);
        const hi = endValid(offX, sw, w, ow, lo);
        for (let y = 0; y < oh; y++) {
          const iy = y * sh - ph + ki * dh;
          if (iy < 0 || iy >= h) fillWith<T>(o, pad, ow);
          else {
            fillWith<T>(o, pad, lo);
            const src = base + <usize>(iy * w + lo * sw + offX) * E;
            if (sw == 1) memory.copy(o + <usize>lo * E, src, <usize>(hi - lo) * E);
            else for (let j = lo; j < hi; j++) store<T>(o + <usize>j * E, load<T>(src + <usize>((j - lo) * sw) * E));
            fillWith<T>(o + <usize>hi * E, pad, ow - hi);
          }
          o += <usize>ow * E;
        }
      }
    }
  }
}

/** The adjoint of im2col: every column entry added back onto its pixel of `out` [n, c, h, w]; padding is dropped. */
function col2im<T>(
  cols: usize, out: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32,
): void {
  const E = sizeof<T>();
  let o = cols;
  for (let bc = 0; bc < n * c; bc++) {
    const base = out + <usize>(bc * h * w) * E;
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const offX = kj * dw - pw;
        const lo = firstValid(offX, sw, ow);
        const hi = endValid(offX, sw, w, ow, lo);
        for (let y = 0; y < oh; y++, o += <usize>ow * E) {
          const iy = y * sh - ph + ki * dh;
          if (iy < 0 || iy >= h) continue;
          const dst = base + <usize>(iy * w + lo * sw + offX) * E;
          let j = lo;
          if (sw == 1) {
            // four (float32) or two (float64) pixels per SIMD add
            const lanes = <i32>(16 / E);
            for (; j + lanes <= hi; j += lanes) {
              const d = dst + <usize>(j - lo) * E;
              const s = o + <usize>j * E;
              if (E == 4) v128.store(d, f32x4.add(v128.load(d), v128.load(s)));
              else v128.store(d, f64x2.add(v128.load(d), v128.load(s)));
            }
          }
          for (; j < hi; j++) {
            const d = dst + <usize>((j - lo) * sw) * E;
            store<T>(d, load<T>(d) + load<T>(o + <usize>j * E));
          }
        }
      }
    }
  }
}

/** im2col of float32 x at byte pointer `x` into `out` (see `im2col`). */
export function im2col32(
  x: usize, out: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32, pad: f64,
): void {
  im2col<f32>(x, out, n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, <f32>pad);
}

/** im2col of float64 x (see `im2col`). */
export function im2col64(
  x: usize, out: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32, pad: f64,
): void {
  im2col<f64>(x, out, n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, pad);
}

/** col2im of float32 columns at `cols` added onto `out` (see `col2im`). */
export function col2im32(
  cols: usize, out: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32,
): void {
  col2im<f32>(cols, out, n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow);
}

/** col2im of float64 columns (see `col2im`). */
export function col2im64(
  cols: usize, out: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, oh: i32, ow: i32,
): void {
  col2im<f64>(cols, out, n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow);
}
