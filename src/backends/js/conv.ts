/** @file Window copies behind convolution, pooling and gathers: im2col, col2im, take and indexAdd (JS reference kernels). */
import type { TypedArray } from "../../tensor/dtype.js";
import type { IndexList, WindowGeometry } from "../kernels.js";

/** The output columns [lo, hi) whose tap at kernel offset `off` (= k·d − pad) reads inside 0..size−1. */
function validRange(off: number, stride: number, size: number, outSize: number): [number, number] {
  const lo = Math.min(outSize, Math.max(0, Math.ceil(-off / stride)));
  const hi = Math.min(outSize, Math.max(lo, Math.ceil((size - off) / stride)));
  return [lo, hi];
}

/** Copies every window of `x` into columns `out` [n, c·kh·kw, oh·ow]; positions in the padding read `padValue`. */
export function im2colJs(x: TypedArray, g: WindowGeometry, padValue: number, out: TypedArray): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (b * c + ch) * h * w;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const offX = kj * dw - pw;
          const [lo, hi] = validRange(offX, sw, w, ow);
          for (let y = 0; y < oh; y++) {
            const iy = y * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) {
              out.fill(padValue, o, o + ow);
              o += ow;
              continue;
            }
            if (lo > 0) out.fill(padValue, o, o + lo);
            let src = base + iy * w + lo * sw + offX;
            for (let xx = lo; xx < hi; xx++, src += sw) out[o + xx] = x[src]!;
            if (hi < ow) out.fill(padValue, o + hi, o + ow);
            o += ow;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto its pixel of `out` [n, c, h, w] (callers pass zeros); padding is dropped. */
export function col2imJs(cols: TypedArray, g: WindowGeometry, out: TypedArray): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const base = (b * c + ch) * h * w;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const offX = kj * dw - pw;
          const [lo, hi] = validRange(offX, sw, w, ow);
          for (let y = 0; y < oh; y++, o += ow) {
            const iy = y * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) continue;
            let dst = base + iy * w + lo * sw + offX;
            for (let xx = lo; xx < hi; xx++, dst += sw) out[dst] = out[dst]! + cols[o + xx]!;
          }
        }
      }
    }
  }
}

/** `out[o, j, i] = x[o, idx[j], i]` for x viewed as [outer, len, inner]. */
export function takeJs(x: TypedArray, outer: number, len: number, inner: number, idx: IndexList, out: TypedArray): void {
  const k = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const src = (o * len + idx[j]!) * inner;
      const dst = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = x[src + i]!;
    }
  }
}

/** The adjoint of take: `out[o, idx[j], i] += g[o, j, i]` for out viewed as [outer, len, inner] (callers pass zeros). */
export function indexAddJs(g: TypedArray, outer: number, len: number, inner: number, idx: IndexList, out: TypedArray): void {
  const k = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const dst = (o * len + idx[j]!) * inner;
      const src = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = out[dst + i]! + g[src + i]!;
    }
  }
}
