/** @file WGSL RMSprop (centered, momentum) and Adagrad updates in place, as PyTorch updates (see RmspropArgs, AdagradArgs). */
import type { AdagradArgs, RmspropArgs } from "../kernels.js";
import { groupsFor } from "./elementwise.js";
import { inPlace, scratch } from "./optim.js";
import { bufferOf, dispatch, f32, words } from "./runner.js";
import { MAIN } from "./wgsl.js";

/**
 * P: n, centered, momentum, lr, alpha, eps, wd, mu, sign. d = sign·g + wd·p, s ← α·s + (1−α)·d²,
 * a = √s + ε or √(s − ga²) + ε with ga ← α·ga + (1−α)·d; p ← p − lr·(μ·buf + d/a) or p − lr·d/a.
 */
const rmspropCode = `@group(0) @binding(0) var<storage, read_write> Param: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> S: array<f32>;
@group(0) @binding(3) var<storage, read_write> GA: array<f32>;
@group(0) @binding(4) var<storage, read_write> Buf: array<f32>;
@group(0) @binding(5) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let lr = bitcast<f32>(P[3]); let alpha = bitcast<f32>(P[4]); let eps = bitcast<f32>(P[5]);
  let wd = bitcast<f32>(P[6]); let mu = bitcast<f32>(P[7]); let sgn = bitcast<f32>(P[8]);
  let p = Param[i];
  let d = sgn * G[i] + wd * p;
  let s = alpha * S[i] + (1.0 - alpha) * d * d;
  S[i] = s;
  var a = sqrt(s) + eps;
  if (P[1] != 0u) {
    let m = alpha * GA[i] + (1.0 - alpha) * d;
    GA[i] = m;
    a = sqrt(s - m * m) + eps;
  }
  if (P[2] != 0u) {
    let b = mu * Buf[i] + d / a;
    Buf[i] = b;
    Param[i] = p - lr * b;
  } else {
    Param[i] = p - lr * d / a;
  }
}`;

/**
 * One RMSprop step in place on the GPU (see `RmspropArgs`), in float32. Buffers the options leave out
 * (no centering, no momentum) are bound to a scratch buffer the kernel never touches.
 * @example
 * webgpuRmsprop({ p, g, s, ga: null, buf: null, lr: 0.01, alpha: 0.99, eps: 1e-8, wd: 0, mu: 0, sign: 1 });
 */
export function webgpuRmsprop(a: RmspropArgs): void {
  const n = a.p.length;
  // two distinct scratch bindings would alias one buffer as read_write twice: GA and Buf share it only when both are unused
  const ga = a.ga ? inPlace(a.ga, "RMSprop").buffer : scratch();
  const buf = a.buf ? inPlace(a.buf, "RMSprop").buffer : a.ga ? scratch() : scratchB();
  const bufs = [inPlace(a.p, "RMSprop").buffer, bufferOf(a.g, "RMSprop").buffer, inPlace(a.s, "RMSprop").buffer, ga, buf];
  const w = words([n, a.ga ? 1 : 0, a.buf ? 1 : 0, ...[a.lr, a.alpha, a.eps, a.wd, a.mu, a.sign].map(f32)]);
  dispatch(rmspropCode, bufs, w, groupsFor(n));
}

/** P: n, clr, eps, wd, sign. d = sign·g + wd·p, S ← S + d², p ← p − clr·d/(√S + ε). */
const adagradCode = `@group(0) @binding(0) var<storage, read_write> Param: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> Sum: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let clr = bitcast<f32>(P[1]); let eps = bitcast<f32>(P[2]); let wd = bitcast<f32>(P[3]); let sgn = bitcast<f32>(P[4]);
  let p = Param[i];
  let d = sgn * G[i] + wd * p;
  let s = Sum[i] + d * d;
  Sum[i] = s;
  Param[i] = p - clr * d / (sqrt(s) + eps);
}`;

/**
 * One Adagrad step in place on the GPU (see `AdagradArgs`), in float32.
 * @example
 * webgpuAdagrad({ p, g, sum, clr: 0.01, eps: 1e-10, wd: 0, sign: 1 });
 */
export function webgpuAdagrad(a: AdagradArgs): void {
  const n = a.p.length;
  const bufs = [inPlace(a.p, "Adagrad").buffer, bufferOf(a.g, "Adagrad").buffer, inPlace(a.sum, "Adagrad").buffer];
  dispatch(adagradCode, bufs, words([n, ...[a.clr, a.eps, a.wd, a.sign].map(f32)]), groupsFor(n));
}

/** A second one-element scratch buffer, so two unused read_write bindings are not the same buffer. */
let scratchArrayB: Float32Array | null = null;
function scratchB(): GPUBuffer {
  scratchArrayB ??= new Float32Array(1);
  return bufferOf(scratchArrayB, "scratch").buffer;
}
