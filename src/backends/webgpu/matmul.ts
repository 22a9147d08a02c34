/** @file WGSL matrix products: 64×64 output tiles (4×4 per thread, K steps of 16 through workgroup memory), batched over the z grid, with an optional fused bias and ReLU. */
import type { BatchedMatmulArgs, MatmulArgs } from "../kernels.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { bufferOf, dispatch, outputOf, words } from "./runner.js";
import { MATH } from "./wgsl.js";

/** Threads per workgroup side, outputs per thread side, and the K step: each workgroup makes a 64×64 tile. */
const T = 16;
const R = 4;
const TILE = T * R;

/**
 * P: m, k, n, transA, transB, outOffset, batches, then per batch its A and B offsets (elements).
 * Each workgroup makes a 64×64 tile of product z = op(A) op(B) (+ bias[j], then max(·, 0)); thread (x, y) keeps
 * the 4×4 outputs at rows y + 16i and columns x + 16j in registers, and every output sums over k in order.
 */
function shader(bias: boolean, relu: boolean): string {
  return `${MATH}
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
${bias ? "@group(0) @binding(3) var<storage, read> Bias: array<f32>;" : ""}
@group(0) @binding(${bias ? 4 : 3}) var<storage, read> P: array<u32>;
// ta[p][r] = op(A)[row0 + r, p0 + p]; tb[p][c] = op(B)[p0 + p, col0 + c]
var<workgroup> ta: array<array<f32, ${TILE}>, ${T}>;
var<workgroup> tb: array<array<f32, ${TILE}>, ${T}>;
@compute @workgroup_size(${T}, ${T})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let m = P[0]; let k = P[1]; let n = P[2];
  let transA = P[3] != 0u; let transB = P[4] != 0u;
  let z = wid.z;
  let aOff = P[7u + 2u * z];
  let bOff = P[8u + 2u * z];
  let row0 = wid.y * ${TILE}u;
  let col0 = wid.x * ${TILE}u;
  let t = lid.y * ${T}u + lid.x;
  var acc0 = vec4<f32>(); var acc1 = vec4<f32>(); var acc2 = vec4<f32>(); var acc3 = vec4<f32>();
  for (var p0 = 0u; p0 < k; p0 += ${T}u) {
    for (var e = 0u; e < ${R}u; e++) {
      let idx = t + e * ${T * T}u;
      // consecutive threads read consecutive addresses of whichever layout A and B have
      var r = idx / ${T}u; var p = idx % ${T}u;
      if (transA) { r = idx % ${TILE}u; p = idx / ${TILE}u; }
      var va = 0.0;
      if (row0 + r < m && p0 + p < k) {
        if (transA) { va = A[aOff + (p0 + p) * m + row0 + r]; } else { va = A[aOff + (row0 + r) * k + p0 + p]; }
      }
      ta[p][r] = va;
      var c = idx % ${TILE}u; var q = idx / ${TILE}u;
      if (transB) { c = idx / ${T}u; q = idx % ${T}u; }
      var vb = 0.0;
      if (col0 + c < n && p0 + q < k) {
        if (transB) { vb = B[bOff + (col0 + c) * k + p0 + q]; } else { vb = B[bOff + (p0 + q) * n + col0 + c]; }
      }
      tb[q][c] = vb;
    }
    workgroupBarrier();
    for (var q = 0u; q < ${T}u; q++) {
      // the 4×4 block as four rows of vec4 (no dynamically indexed private arrays)
      let b = vec4<f32>(tb[q][lid.x], tb[q][lid.x + ${T}u], tb[q][lid.x + ${2 * T}u], tb[q][lid.x + ${3 * T}u]);
      acc0 += ta[q][lid.y] * b;
      acc1 += ta[q][lid.y + ${T}u] * b;
      acc2 += ta[q][lid.y + ${2 * T}u] * b;
      acc3 += ta[q][lid.y + ${3 * T}u] * b;
    }
    workgroupBarrier();
  }
  let acc = array<vec4<f32>, ${R}>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < ${R}u; i++) {
    let row = row0 + lid.y + i * ${T}u;
    for (var j = 0u; j < ${R}u; j++) {
      let col = col0 + lid.x + j * ${T}u;
      if (row < m && col < n) {
        var v = acc[i][j];
        ${bias ? "v += Bias[col];" : ""}
        ${relu ? "v = select(0.0, v, v > 0.0 || isnan(v));" : ""}
        Y[P[5] + z * m * n + row * n + col] = v;
      }
    }
  }
}`;
}

const codes = new Map<string, string>();
function code(bias: boolean, relu: boolean): string {
  const key = `${bias}${relu}`;
  let c = codes.get(key);
  if (!c) codes.set(key, (c = shader(bias, relu)));
  return c;
}

function run(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  shape: { m: number; k: number; n: number; transA: boolean; transB: boolean },
  offsets: readonly [number, number][],
  outOffset: number,
  bias: TypedArray | null,
  relu: boolean,
): void {
  const { m, k, n } = shape;
  const ob = outputOf(out, "matmul");
  const bufs = [bufferOf(a, "matmul").buffer, bufferOf(b, "matmul").buffer, ob.buffer];
  if (bias) bufs.push(bufferOf(bias, "linear").buffer);
  const w = words([m, k, n, shape.transA ? 1 : 0, shape.transB ? 1 : 0, outOffset, offsets.length, ...offsets.flat()]);
  // at most 65535 products per dispatch (the z grid's limit)
  dispatch(code(bias !== null, relu), bufs, w, [Math.ceil(n / TILE), Math.ceil(m / TILE), offsets.length]);
}

/**
 * One product out[m×n] = op(A)·op(B) (+ bias, then ReLU when asked), as the kernel table's `matmul`.
 * @example
 * webgpuMatmul({ a, aOffset: 0, b, bOffset: 0, out, outOffset: 0, m, k, n, transA: false, transB: false });
 */
export function webgpuMatmul(args: MatmulArgs): void {
  const bias = args.bias ?? null;
  run(args.a, args.b, args.out, args, [[args.aOffset, args.bOffset]], args.outOffset, bias, bias !== null && args.relu === true);
}

/**
 * A batch of products sharing sizes: product i reads A at aOffsets[i] and B at bOffsets[i], writes out at i·m·n.
 * @example
 * webgpuMatmulBatched({ a, aOffsets: [0, 6], b, bOffsets: [0, 0], out, m: 2, k: 3, n: 2, transA: false, transB: false });
 */
export function webgpuMatmulBatched(args: BatchedMatmulArgs): void {
  const all = args.aOffsets.map((o, i): [number, number] => [o, args.bOffsets[i]!]);
  for (let s = 0; s < all.length; s += 65535) {
    run(args.a, args.b, args.out, args, all.slice(s, s + 65535), s * args.m * args.n, null, false);
  }
}
