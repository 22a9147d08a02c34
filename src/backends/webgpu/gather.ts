/** @file WGSL gathers along an axis: take, and its adjoint indexAdd as a deterministic per-output sum (WGSL has no float atomics). */
import type { IndexList } from "../kernels.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { groupsFor } from "./elementwise.js";
import { entryOf } from "./buffers.js";
import { planOnDevice } from "./index-plan.js";
import { bufferOf, dispatch, outputOf, words } from "./runner.js";
import { MAIN } from "./wgsl.js";

/** Host index lists as int32 arrays, kept as long as the list (an op's attributes), so forward, backward and reruns upload once. */
const uploads = new WeakMap<readonly number[], Int32Array>();

/** The GPU buffer of `idx`: an int32 array's own (device-resident, as topk's positions), or the list uploaded once. */
function indexBuffer(idx: IndexList, op: string): GPUBuffer {
  if (idx instanceof Int32Array) return bufferOf(idx, op, true).buffer;
  let a = uploads.get(idx);
  if (!a) uploads.set(idx, (a = Int32Array.from(idx)));
  return bufferOf(a, op, true).buffer;
}

/** P: n, len, inner, J. y[o, j, i] = x[o, idx[j], i] for x viewed as [outer, len, inner] and J indices. */
const takeCode = `@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> Idx: array<i32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let len = P[1]; let inner = P[2]; let nj = P[3];
  let e = i % inner;
  let j = (i / inner) % nj;
  let o = i / (inner * nj);
  Y[i] = X[(o * len + u32(Idx[j])) * inner + e];
}`;

/**
 * `out[o, j, i] = x[o, idx[j], i]` on the GPU: one thread per output element.
 * @example
 * webgpuTake(x, 1, 5, 3, [4, 1, 1], out); // rows 4, 1, 1 of a [5, 3] table
 */
export function webgpuTake(x: TypedArray, outer: number, len: number, inner: number, idx: IndexList, out: TypedArray): void {
  const n = out.length;
  const bufs = [bufferOf(x, "take").buffer, indexBuffer(idx, "take"), outputOf(out, "take").buffer];
  dispatch(takeCode, bufs, words([n, len, inner, idx.length]), groupsFor(n));
}

/** Plans of host lists, kept as long as the list (forward's list serves backward and reruns). */
const plans = new WeakMap<IndexList, { len: number; plan: Int32Array }>();

/**
 * The positions hitting each row, for a host list: C[r]..C[r+1] delimit (in C after the len + 1 offsets)
 * the j with idx[j] = r, in increasing order (a counting sort), so each output adds its terms in index order.
 */
function rowPlan(idx: IndexList, len: number): Int32Array {
  const hit = plans.get(idx);
  if (hit && hit.len === len) return hit.plan;
  const plan = new Int32Array(len + 1 + idx.length);
  for (let j = 0; j < idx.length; j++) plan[idx[j]! + 1]!++;
  for (let r = 0; r < len; r++) plan[r + 1]! += plan[r]!;
  const next = plan.slice(0, len);
  for (let j = 0; j < idx.length; j++) plan[len + 1 + next[idx[j]!]!++] = j;
  plans.set(idx, { len, plan });
  return plan;
}

/** y[o, r, i] = Σ_{j: idx[j] = r} g[o, j, i], the j in increasing order, read from the plan; P: n, len, inner, J. */
const indexAddCode = `@group(0) @binding(0) var<storage, read> G: array<f32>;
@group(0) @binding(1) var<storage, read> Plan: array<i32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let len = P[1]; let inner = P[2]; let nj = P[3];
  let e = i % inner;
  let r = (i / inner) % len;
  let o = i / (inner * len);
  var acc = 0.0;
  for (var t = Plan[r]; t < Plan[r + 1u]; t++) { acc += G[(o * nj + u32(Plan[len + 1u + u32(t)])) * inner + e]; }
  Y[i] = acc;
}`;

/** Plans of device-resident indices (topk's positions), made on the GPU once per index array. */
const devicePlans = new WeakMap<Int32Array, { len: number; plan: Int32Array }>();

/** The GPU buffer of idx's plan: made on the GPU for device-resident indices, else on the CPU and uploaded. */
function planBuffer(idx: IndexList, len: number): GPUBuffer {
  const e = idx instanceof Int32Array ? entryOf(idx) : undefined;
  if (!(idx instanceof Int32Array) || !e || e.hostValid) return bufferOf(rowPlan(idx, len), "indexAdd", true).buffer;
  const hit = devicePlans.get(idx);
  if (hit && hit.len === len) return bufferOf(hit.plan, "indexAdd", true).buffer;
  const plan = new Int32Array(len + 1 + idx.length);
  devicePlans.set(idx, { len, plan });
  return planOnDevice(idx, len, plan);
}

/**
 * The adjoint of take on the GPU: one thread per output element sums the gradients of the positions that
 * read it, in index order, so results are deterministic and equal the JS kernel's float32 sums. The
 * positions per row come from a counting sort: on the CPU for a host list, on the GPU for device indices (topk's).
 * Writes every element of `out` (the callers' zeros are not read).
 * @example
 * webgpuIndexAdd(g, 1, 5, 3, [4, 1, 1], out); // row 1 of out gets g's rows 1 and 2
 */
export function webgpuIndexAdd(g: TypedArray, outer: number, len: number, inner: number, idx: IndexList, out: TypedArray): void {
  const n = out.length;
  const bufs = [bufferOf(g, "indexAdd").buffer, planBuffer(idx, len), outputOf(out, "indexAdd").buffer];
  dispatch(indexAddCode, bufs, words([n, len, inner, idx.length]), groupsFor(n));
}
