/** @file WGSL matrix products: 16×16 output tiles staged through workgroup memory, batched over the z grid, with an optional fused bias and ReLU. */
import type { BatchedMatmulArgs, MatmulArgs } from "../kernels.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { bufferOf, dispatch, outputOf, words } from "./runner.js";
import { MATH } from "./wgsl.js";

const T = 16;

/**
 * P: m, k, n, transA, transB, outOffset, batches, then per batch its A and B offsets (elements).
 * Each thread makes out[i, j] of product z = op(A) op(B) (+ bias[j], then max(·, 0)).
 */
function shader(bias: boolean, relu: boolean): string {
  return `${MATH}
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
${bias ? "@group(0) @binding(3) var<storage, read> Bias: array<f32>;" : ""}
@group(0) @binding(${bias ? 4 : 3}) var<storage, read> P: array<u32>;
var<workgroup> ta: array<array<f32, ${T}>, ${T}>;
var<workgroup> tb: array<array<f32, ${T}>, ${T}>;
@compute @workgroup_size(${T}, ${T})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let m = P[0]; let k = P[1]; let n = P[2];
  let transA = P[3] != 0u; let transB = P[4] != 0u;
  let z = wid.z;
  let aOff = P[7u + 2u * z];
  let bOff = P[8u + 2u * z];
  let row = wid.y * ${T}u + lid.y;
  let col = wid.x * ${T}u + lid.x;
  var acc = 0.0;
  for (var p0 = 0u; p0 < k; p0 += ${T}u) {
    // ta[y][x] = op(A)[row, p0 + x]; tb[y][x] = op(B)[p0 + y, col]
    let pa = p0 + lid.x;
    var va = 0.0;
    if (row < m && pa < k) { va = select(A[aOff + row * k + pa], A[aOff + pa * m + row], transA); }
    ta[lid.y][lid.x] = va;
    let pb = p0 + lid.y;
    var vb = 0.0;
    if (col < n && pb < k) { vb = select(B[bOff + pb * n + col], B[bOff + col * k + pb], transB); }
    tb[lid.y][lid.x] = vb;
    workgroupBarrier();
    for (var q = 0u; q < ${T}u; q++) { acc += ta[lid.y][q] * tb[q][lid.x]; }
    workgroupBarrier();
  }
  if (row < m && col < n) {
    var v = acc;
    ${bias ? "v += Bias[col];" : ""}
    ${relu ? "v = select(0.0, v, v > 0.0 || isnan(v));" : ""}
    Y[P[5] + z * m * n + row * n + col] = v;
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
  dispatch(code(bias !== null, relu), bufs, w, [Math.ceil(n / T), Math.ceil(m / T), offsets.length]);
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
