/** @file WGSL optimizer updates in place: SGD with weight decay, momentum, dampening and Nesterov (PyTorch's torch.optim.SGD). */
import type { SgdArgs } from "../kernels.js";
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

/** The buffer of an array updated in place: its values uploaded first if they are only on the host. */
function inPlace(a: TypedArray, op: string): Entry {
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
