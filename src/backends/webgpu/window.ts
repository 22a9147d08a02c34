/** @file WGSL sliding windows behind convolution and pooling: im2col (a gather per column entry) and its adjoint col2im (a gather per pixel, no atomics). */
import type { TypedArray } from "../../tensor/dtype.js";
import type { WindowGeometry } from "../kernels.js";
import { entryOf } from "./buffers.js";
import { groupsFor } from "./elementwise.js";
import { bufferOf, dispatch, f32, outputOf, words } from "./runner.js";
import { MAIN } from "./wgsl.js";

/** The geometry as parameter words P[1..14]: n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow (P[0] is the thread count). */
function geometryWords(g: WindowGeometry): number[] {
  return [g.n, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow];
}

const HEADER = `@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let c = P[2]; let h = i32(P[3]); let w = i32(P[4]); let kh = P[5]; let kw = P[6];
  let sh = i32(P[7]); let sw = i32(P[8]); let ph = i32(P[9]); let pw = i32(P[10]);
  let dh = i32(P[11]); let dw = i32(P[12]); let oh = P[13]; let ow = P[14];`;

// im2col, one thread per entry of Y [n, c·kh·kw, oh·ow]: entry (b, (ch, ki, kj), (y, x)) reads
// X[b, ch, y·sh − ph + ki·dh, x·sw − pw + kj·dw], or the pad value P[15] outside the image
const im2colCode = `${HEADER}
  let L = oh * ow;
  let l = i % L;
  let r = (i / L) % (c * kh * kw);
  let b = i / (L * c * kh * kw);
  let ch = r / (kh * kw);
  let ki = i32((r / kw) % kh);
  let kj = i32(r % kw);
  let iy = i32(l / ow) * sh - ph + ki * dh;
  let ix = i32(l % ow) * sw - pw + kj * dw;
  if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
    Y[i] = bitcast<f32>(P[15]);
    return;
  }
  Y[i] = X[((b * c + ch) * u32(h) + u32(iy)) * u32(w) + u32(ix)];
}`;

// col2im, one thread per pixel of Y [n, c, h, w]: Y[b, ch, py, px] (+)= Σ_{ki, kj} X[b, (ch, ki, kj), (y, x)]
// over the taps with y·sh = py + ph − ki·dh and x·sw = px + pw − kj·dw inside the output grid,
// summed in (ki, kj) order like the JS kernel; P[15] = 1 adds onto Y's values, 0 overwrites them (a zero output)
const col2imCode = `${HEADER}
  let px = i32(i % u32(w));
  let py = i32((i / u32(w)) % u32(h));
  let bc = i / (u32(h) * u32(w));
  let L = oh * ow;
  let base = bc * kh * kw * L;
  var acc = 0.0;
  for (var ki = 0u; ki < kh; ki++) {
    let ty = py + ph - i32(ki) * dh;
    if (ty < 0 || ty % sh != 0 || ty / sh >= i32(oh)) { continue; }
    for (var kj = 0u; kj < kw; kj++) {
      let tx = px + pw - i32(kj) * dw;
      if (tx < 0 || tx % sw != 0 || tx / sw >= i32(ow)) { continue; }
      acc += X[base + (ki * kw + kj) * L + u32(ty / sh) * ow + u32(tx / sw)];
    }
  }
  if (P[15] == 1u) { Y[i] = Y[i] + acc; } else { Y[i] = acc; }
}`;

/**
 * Copies every kh×kw window of x [n, c, h, w] into columns `out` [n, c·kh·kw, oh·ow] on the GPU; taps in the padding read `padValue`.
 * @example
 * webgpuIm2col(x.storage, geometry, 0, out); // after await setBackend("webgpu")
 */
export function webgpuIm2col(x: TypedArray, g: WindowGeometry, padValue: number, out: TypedArray): void {
  const n = out.length;
  dispatch(
    im2colCode,
    [bufferOf(x, "unfold").buffer, outputOf(out, "unfold").buffer],
    words([n, ...geometryWords(g), f32(padValue)]),
    groupsFor(n),
  );
}

/** Whether every value of a host array is zero (the caller's fresh output), so the kernel need not upload it to add onto. */
function allZero(a: TypedArray): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}

/**
 * The adjoint of im2col: adds the columns `cols` [n, c·kh·kw, oh·ow] back onto the pixels of `out` [n, c, h, w] on the GPU.
 * A host `out` of zeros (what callers pass) is not uploaded: the kernel writes the sums outright.
 * @example
 * webgpuCol2im(cols.storage, geometry, out); // after await setBackend("webgpu")
 */
export function webgpuCol2im(cols: TypedArray, g: WindowGeometry, out: TypedArray): void {
  const n = out.length;
  const add = entryOf(out) !== undefined || !allZero(out);
  // values to add onto that are only on the host are uploaded first
  if (add) bufferOf(out, "fold");
  dispatch(
    col2imCode,
    [bufferOf(cols, "fold").buffer, outputOf(out, "fold").buffer],
    words([n, ...geometryWords(g), add ? 1 : 0]),
    groupsFor(n),
  );
}
