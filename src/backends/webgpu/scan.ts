/** @file WGSL kernels along one axis: running sums per line, the index of the extreme entry, and the ranks behind topk. */
import type { TypedArray } from "../../tensor/dtype.js";
import { groupsFor } from "./elementwise.js";
import { bufferOf, dispatch, outputOf, words } from "./runner.js";
import { MAIN, MATH } from "./wgsl.js";

/** Line l of x viewed as [outer, len, inner] starts at `base` and steps by inner; P[0] = lines, P[1] = len, P[2] = inner. */
const LINE = `if (i >= P[0]) { return; }
  let len = P[1]; let inner = P[2];
  let o = i / inner;
  let base = o * len * inner + i % inner;`;

/**
 * y_j = Σ_{t ≤ j} x_t along each line (Σ_{t ≥ j} when P[3] = 1), one thread per line. The float32 sum carries
 * its rounding error c (Kahan), so long lines stay near the JS kernel's float64 sums.
 */
const cumsumCode = `@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${MAIN}
  ${LINE}
  var acc = 0.0;
  var c = 0.0;
  for (var j = 0u; j < len; j++) {
    let at = base + select(j, len - 1u - j, P[3] == 1u) * inner;
    let v = X[at] - c;
    let t = acc + v;
    c = (t - acc) - v;
    acc = t;
    Y[at] = acc;
  }
}`;

/**
 * Running sums along the middle axis of x viewed as [outer, len, inner] (from the end when `reverse`): one thread per line.
 * @example
 * webgpuCumsum(x, 1, 4, 1, false, out); // [1, 2, 3, 4] → [1, 3, 6, 10]
 */
export function webgpuCumsum(x: TypedArray, outer: number, len: number, inner: number, reverse: boolean, out: TypedArray): void {
  const lines = outer * inner;
  const bufs = [bufferOf(x, "cumsum").buffer, outputOf(out, "cumsum").buffer];
  dispatch(cumsumCode, bufs, words([lines, len, inner, reverse ? 1 : 0]), groupsFor(lines));
}

/** Whether a beats b (largest when P[3] = 1, else smallest); NaN beats every number. */
const BEATS = `fn beats(a: f32, b: f32) -> bool {
  if (isnan(a)) { return !isnan(b); }
  if (isnan(b)) { return false; }
  if (P[3] == 1u) { return a > b; }
  return a < b;
}`;

/** y[line] = the first index of the line's best entry (NaN wins). */
const argCode = `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<i32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${BEATS}
${MAIN}
  ${LINE}
  var best = 0u;
  var bestValue = X[base];
  for (var j = 1u; j < len; j++) {
    let v = X[base + j * inner];
    if (beats(v, bestValue)) { best = j; bestValue = v; }
  }
  Y[i] = i32(best);
}`;

/**
 * The index of the largest (or smallest) entry of each line into int32 `out` [outer, inner]: first on ties, NaN wins.
 * @example
 * webgpuArgExtreme(x, 1, 3, 1, true, out); // [2, 7, 7] → [1]
 */
export function webgpuArgExtreme(x: TypedArray, outer: number, len: number, inner: number, largest: boolean, out: Int32Array): void {
  const lines = outer * inner;
  const bufs = [bufferOf(x, "argmax").buffer, outputOf(out, "argmax", true).buffer];
  dispatch(argCode, bufs, words([lines, len, inner, largest ? 1 : 0]), groupsFor(lines));
}

/**
 * rank(j) = #{t: x_t beats x_j} + #{t < j: x_t ties x_j}, one thread per entry: distinct ranks, best first,
 * ties by index (a stable sort). Sorted (P[5] = 1): an entry of rank r < k writes itself to place r; else its rank goes to R.
 * P: n entries, len, inner, largest, k, sorted.
 */
const rankCode = `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Out: array<i32>;
@group(0) @binding(2) var<storage, read_write> Flat: array<i32>;
@group(0) @binding(3) var<storage, read_write> R: array<u32>;
@group(0) @binding(4) var<storage, read> P: array<u32>;
${BEATS}
${MAIN}
  if (i >= P[0]) { return; }
  let len = P[1]; let inner = P[2]; let k = P[4];
  let e = i % inner;
  let j = (i / inner) % len;
  let o = i / (inner * len);
  let base = o * len * inner + e;
  let v = X[i];
  var rank = 0u;
  for (var t = 0u; t < len; t++) {
    let w = X[base + t * inner];
    if (beats(w, v) || (t < j && !beats(v, w))) { rank++; }
  }
  if (P[5] == 0u) { R[i] = rank; return; }
  if (rank < k) {
    let at = (o * k + rank) * inner + e;
    Out[at] = i32(j);
    Flat[at] = i32(i);
  }
}`;

/** Unsorted topk: each line's entries of rank < k in index order, one thread per line. P: lines, len, inner, largest, k. */
const compactCode = `@group(0) @binding(0) var<storage, read> R: array<u32>;
@group(0) @binding(1) var<storage, read_write> Out: array<i32>;
@group(0) @binding(2) var<storage, read_write> Flat: array<i32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
  ${LINE}
  let k = P[4];
  let e = i % inner;
  var c = 0u;
  for (var j = 0u; j < len; j++) {
    let at = base + j * inner;
    if (R[at] < k) {
      let to = (o * k + c) * inner + e;
      Out[to] = i32(j);
      Flat[to] = i32(at);
      c++;
    }
  }
}`;

/** Up to this k, topk keeps the best k of each line in one thread (len·k steps per line) instead of ranking every entry (len² per line). */
const INSERTION_MAX_K = 32;

/**
 * One thread per line keeps its best k, best first, as it scans (a later equal value goes after: the JS kernel's
 * insertion); unsorted (P[5] = 0) then orders them by index. P: lines, len, inner, largest, k, sorted.
 */
const insertionCode = `${MATH}
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Out: array<i32>;
@group(0) @binding(2) var<storage, read_write> Flat: array<i32>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${BEATS}
${MAIN}
  ${LINE}
  let k = P[4];
  let e = i % inner;
  var best: array<u32, ${INSERTION_MAX_K}>;
  var bestV: array<f32, ${INSERTION_MAX_K}>;
  var filled = 0u;
  for (var j = 0u; j < len; j++) {
    let v = X[base + j * inner];
    if (filled == k && !beats(v, bestV[k - 1u])) { continue; }
    var at = k - 1u;
    if (filled < k) { at = filled; filled++; }
    while (at > 0u && beats(v, bestV[at - 1u])) {
      best[at] = best[at - 1u];
      bestV[at] = bestV[at - 1u];
      at--;
    }
    best[at] = j;
    bestV[at] = v;
  }
  if (P[5] == 0u) {
    for (var a = 1u; a < k; a++) {
      let b = best[a];
      var c = a;
      while (c > 0u && best[c - 1u] > b) { best[c] = best[c - 1u]; c--; }
      best[c] = b;
    }
  }
  for (var r = 0u; r < k; r++) {
    let to = (o * k + r) * inner + e;
    Out[to] = i32(best[r]);
    Flat[to] = i32(base + best[r] * inner);
  }
}`;

/**
 * The indices of the k best entries of each line into `out` [outer, k, inner] and their flat positions in x into
 * `flat`: best first when `sorted`, else in index order. k ≤ 32 costs len·k steps per line (one thread each); a larger k
 * ranks every entry (len steps each, len² per line).
 * @example
 * webgpuTopk(x, 1, 5, 1, 2, true, true, idx, flat); // the two largest of five
 */
export function webgpuTopk(
  x: TypedArray,
  outer: number,
  len: number,
  inner: number,
  k: number,
  largest: boolean,
  sorted: boolean,
  out: Int32Array,
  flat: Int32Array,
): void {
  if (k === 0) return;
  const n = outer * len * inner;
  const lines = outer * inner;
  const o = outputOf(out, "topk", true).buffer;
  const f = outputOf(flat, "topk", true).buffer;
  if (k <= INSERTION_MAX_K) {
    const w = words([lines, len, inner, largest ? 1 : 0, k, sorted ? 1 : 0]);
    dispatch(insertionCode, [bufferOf(x, "topk").buffer, o, f], w, groupsFor(lines));
    return;
  }
  // the ranks (unsorted only): a pooled buffer keyed by an array dropped after this call
  const ranks = new Int32Array(sorted ? 1 : n);
  const r = outputOf(ranks, "topk", true).buffer;
  dispatch(rankCode, [bufferOf(x, "topk").buffer, o, f, r], words([n, len, inner, largest ? 1 : 0, k, sorted ? 1 : 0]), groupsFor(n));
  if (sorted) return;
  dispatch(compactCode, [r, o, f], words([lines, len, inner, largest ? 1 : 0, k]), groupsFor(lines));
}
