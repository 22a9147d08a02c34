/** @file WGSL optimizer updates in place: SGD (weight decay, momentum, dampening, Nesterov) and Adam/AdamW (AMSGrad), as PyTorch updates. */
import type { AdamArgs, SgdArgs } from "../kernels.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { groupsFor } from "./elementwise.js";
import type { Entry } from "./buffers.js";
import { bufferOf, dispatch, f32, words } from "./runner.js";
import { MAIN } from "./wgsl.js";

/** P: n, lr, sign, wd, mu, bm, bk (floats as bits). d = sign·g + wd·p. */
function shader(momentum: boolean, nesterov: boolean): string {
  const step = !momentum
    ? "p = p - lr * d;"
    : `let b = bm * Buf[i] + bk * d;
  Buf[i] = b;
  p = p - lr * ${nesterov ? "(d + mu * b)" : "b"};`;
  return `@group(0) @binding(0) var<storage, read_write> Param: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
${momentum ? "@group(0) @binding(2) var<storage, read_write> Buf: array<f32>;" : ""}
@group(0) @binding(${momentum ? 3 : 2}) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let lr = bitcast<f32>(P[1]); let sgn = bitcast<f32>(P[2]); let wd = bitcast<f32>(P[3]);
  let mu = bitcast<f32>(P[4]); let bm = bitcast<f32>(P[5]); let bk = bitcast<f32>(P[6]);
  var p = Param[i];
  let d = sgn * G[i] + wd * p;
  ${step}
  Param[i] = p;
}`;
}

const codes = [shader(false, false), shader(true, false), shader(true, true)];

/**
 * The buffer of an array updated in place: its values uploaded first if they are only on the host.
 * @example
 * const p = inPlace(args.p, "SGD").buffer;
 */
export function inPlace(a: TypedArray, op: string): Entry {
  const e = bufferOf(a, op);
  e.hostValid = false;
  return e;
}

/**
 * One SGD step in place on the GPU (see `SgdArgs`), in float32.
 * @example
 * webgpuSgd({ p, g, buf: null, lr: 0.1, sign: 1, wd: 0, mu: 0, bm: 0, bk: 1, nesterov: false });
 */
export function webgpuSgd(args: SgdArgs): void {
  const { p, g, buf } = args;
  const n = p.length;
  const bufs = [inPlace(p, "SGD").buffer, bufferOf(g, "SGD").buffer];
  if (buf) bufs.push(inPlace(buf, "SGD").buffer);
  const w = words([n, f32(args.lr), f32(args.sign), f32(args.wd), f32(args.mu), f32(args.bm), f32(args.bk)]);
  dispatch(codes[!buf ? 0 : args.nesterov ? 2 : 1]!, bufs, w, groupsFor(n));
}

/** P: n, hasMax, shrink, sign, l2, b1, b2, stepSize, bc2Sqrt, eps. */
const adamCode = `@group(0) @binding(0) var<storage, read_write> Param: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> M: array<f32>;
@group(0) @binding(3) var<storage, read_write> V: array<f32>;
@group(0) @binding(4) var<storage, read_write> VMax: array<f32>;
@group(0) @binding(5) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let shrink = bitcast<f32>(P[2]); let sgn = bitcast<f32>(P[3]); let l2 = bitcast<f32>(P[4]);
  let b1 = bitcast<f32>(P[5]); let b2 = bitcast<f32>(P[6]); let stepSize = bitcast<f32>(P[7]);
  let bc2Sqrt = bitcast<f32>(P[8]); let eps = bitcast<f32>(P[9]);
  let p = Param[i] * shrink;
  let d = sgn * G[i] + l2 * p;
  let m = b1 * M[i] + (1.0 - b1) * d;
  let v = b2 * V[i] + (1.0 - b2) * d * d;
  M[i] = m;
  V[i] = v;
  var vhat = v;
  if (P[1] != 0u) { vhat = max(VMax[i], v); VMax[i] = vhat; }
  Param[i] = p - stepSize * m / (sqrt(vhat) / bc2Sqrt + eps);
}`;

/**
 * One Adam/AdamW step in place on the GPU (see `AdamArgs`), in float32. Without AMSGrad the
 * running-maximum binding is a scratch buffer the kernel never writes.
 * @example
 * webgpuAdam({ p, g, m, v, vmax: null, shrink: 1, sign: 1, l2: 0, b1: 0.9, b2: 0.999, stepSize: 1e-3, bc2Sqrt: 0.0316, eps: 1e-8 });
 */
export function webgpuAdam(a: AdamArgs): void {
  const n = a.p.length;
  const vmax = a.vmax ? inPlace(a.vmax, "Adam").buffer : scratch();
  const bufs = [inPlace(a.p, "Adam").buffer, bufferOf(a.g, "Adam").buffer, inPlace(a.m, "Adam").buffer, inPlace(a.v, "Adam").buffer, vmax];
  const w = words([n, a.vmax ? 1 : 0, ...[a.shrink, a.sign, a.l2, a.b1, a.b2, a.stepSize, a.bc2Sqrt, a.eps].map(f32)]);
  dispatch(adamCode, bufs, w, groupsFor(n));
}

let scratchArray: Float32Array | null = null;
/**
 * A one-element buffer bound where a kernel needs a binding it does not use.
 * @example
 * const vmax = a.vmax ? inPlace(a.vmax, "Adam").buffer : scratch();
 */
export function scratch(): GPUBuffer {
  scratchArray ??= new Float32Array(1);
  return bufferOf(scratchArray, "scratch").buffer;
}
