/** @file WGSL reductions over any axes: a workgroup tree per output (256 threads stride over the reduced elements, then halve in shared memory), or a thread per output for many short reductions. */
import type { ReduceKernel, ReduceKernelName } from "../kernels.js";
import { stridesOf } from "../../tensor/shape.js";
import { bufferOf, dispatch, grid, outputOf, words } from "./runner.js";
import { groupsFor } from "./elementwise.js";
import { MAIN, MATH } from "./wgsl.js";

const TREE = 256;

/** Identity and combining expression of each reduction (NaN wins in max and min, as in the JS reference). */
const ops: { readonly [K in ReduceKernelName]?: { init: string; combine: string } } = {
  sum: { init: "0.0", combine: "acc + v" },
  max: { init: "-inf()", combine: "select(acc, v, v > acc || isnan(v))" },
  min: { init: "inf()", combine: "select(acc, v, v < acc || isnan(v))" },
};

/**
 * The offset of output o's first element, and of reduced element t from it. P: nOut, nKept, nRed, total reduced
 * count, kept sizes, kept strides (in x), reduced sizes, reduced strides.
 */
const OFFSETS = `
fn baseOf(o: u32) -> u32 {
  let nk = P[1];
  var base = 0u;
  var rem = o;
  for (var j = 0u; j < nk; j++) {
    let d = nk - 1u - j;
    base += (rem % P[4u + d]) * P[4u + nk + d];
    rem = rem / P[4u + d];
  }
  return base;
}
fn offsetOf(t: u32) -> u32 {
  let nr = P[2];
  let r0 = 4u + 2u * P[1];
  var off = 0u;
  var q = t;
  for (var j = 0u; j < nr; j++) {
    let d = nr - 1u - j;
    off += (q % P[r0 + d]) * P[r0 + nr + d];
    q = q / P[r0 + d];
  }
  return off;
}`;

/** A 256-thread workgroup per output (workgroup w, over a 2-d grid, makes output w): strided partial sums, then halving in shared memory. */
function shader(init: string, combine: string): string {
  return `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
var<workgroup> part: array<f32, ${TREE}>;
fn comb(acc: f32, v: f32) -> f32 { return ${combine}; }
${OFFSETS}
@compute @workgroup_size(${TREE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.y * nwg.x + wid.x;
  let base = baseOf(o);
  var acc = ${init};
  for (var t = lid.x; t < P[3]; t += ${TREE}u) { acc = comb(acc, X[base + offsetOf(t)]); }
  part[lid.x] = acc;
  workgroupBarrier();
  for (var s = ${TREE / 2}u; s > 0u; s = s >> 1u) {
    if (lid.x < s) { part[lid.x] = comb(part[lid.x], part[lid.x + s]); }
    workgroupBarrier();
  }
  if (lid.x == 0u && o < P[0]) { Y[o] = part[0]; }
}`;
}

/** One thread per output, combining its elements in order: for short reductions with many outputs (a pool's windows, a batch sum). */
function serialShader(init: string, combine: string): string {
  return `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
fn comb(acc: f32, v: f32) -> f32 { return ${combine}; }
${OFFSETS}
${MAIN}
  if (i >= P[0]) { return; }
  let base = baseOf(i);
  var acc = ${init};
  for (var t = 0u; t < P[3]; t++) { acc = comb(acc, X[base + offsetOf(t)]); }
  Y[i] = acc;
}`;
}

/**
 * Whether a thread per output beats a 256-thread tree per output: short reductions (a tree would idle most
 * threads and wait at 8 barriers), or many outputs that fill the GPU on their own.
 */
function serial(count: number, nOut: number): boolean {
  return count <= 16 || (count <= 256 && nOut >= 4096);
}

/** The reduction kernel table. */
export const webgpuReduce = Object.fromEntries(
  Object.entries(ops).map(([name, { init, combine }]) => {
    const code = shader(init, combine);
    const serialCode = serialShader(init, combine);
    const k: ReduceKernel = (x, shape, axes, out) => {
      const strides = stridesOf(shape);
      const kept: number[] = [];
      const red: number[] = [];
      shape.forEach((_, d) => (axes.includes(d) ? red : kept).push(d));
      const count = red.reduce((p, d) => p * shape[d]!, 1);
      const nOut = out.length;
      const w = words([
        nOut,
        kept.length,
        red.length,
        count,
        ...kept.map((d) => shape[d]!),
        ...kept.map((d) => strides[d]!),
        ...red.map((d) => shape[d]!),
        ...red.map((d) => strides[d]!),
      ]);
      const buffers = [bufferOf(x, name).buffer, outputOf(out, name).buffer];
      if (serial(count, nOut)) dispatch(serialCode, buffers, w, groupsFor(nOut));
      else dispatch(code, buffers, w, grid(nOut));
    };
    return [name, k];
  }),
) as Partial<Record<ReduceKernelName, ReduceKernel>>;
