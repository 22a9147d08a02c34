/** @file Reference kernels along one axis: cumulative sums, and the indices of the largest or smallest entries. */
import type { TypedArray } from "../../tensor/dtype.js";

/**
 * Running sums along the middle axis of x viewed as [outer, len, inner], summed in float64 and
 * rounded once per output: `out[o, j, i] = Σ_{t ≤ j} x[o, t, i]`, or `Σ_{t ≥ j}` when `reverse`.
 */
export function cumsumJs(x: TypedArray, outer: number, len: number, inner: number, reverse: boolean, out: TypedArray): void {
  const first = reverse ? len - 1 : 0;
  const step = reverse ? -inner : inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let at = (o * len + first) * inner + i;
      let acc = 0;
      for (let j = 0; j < len; j++, at += step) {
        acc += x[at]!;
        out[at] = acc;
      }
    }
  }
}

/** Whether a beats b in a search for the largest (`largest`) or smallest value: NaN beats everything. */
function beats(a: number, b: number, largest: boolean): boolean {
  if (a !== a) return b === b;
  return largest ? a > b : a < b;
}

/**
 * The index of the largest (or smallest) entry along the middle axis of x viewed as [outer, len, inner]
 * into `out` [outer, inner]; ties take the first index and NaN wins (as in NumPy and PyTorch).
 */
export function argExtremeJs(x: TypedArray, outer: number, len: number, inner: number, largest: boolean, out: Int32Array): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = 0;
      let bestValue = x[base]!;
      for (let j = 1; j < len; j++) {
        const v = x[base + j * inner]!;
        if (beats(v, bestValue, largest)) {
          best = j;
          bestValue = v;
        }
      }
      out[o * inner + i] = best;
    }
  }
}

/** Below this k, topk keeps a sorted buffer of the best k (k·len steps) instead of sorting each line. */
const INSERTION_MAX_K = 32;

/**
 * The indices of the k largest (or smallest) entries along the middle axis of x viewed as
 * [outer, len, inner] into `out` [outer, k, inner]: best first when `sorted` (ties: the lower index
 * first; NaN counts as the largest), else in increasing index order. Their flat positions in x,
 * (o·len + index)·inner + i, go into `flat` (the indices take reads the values at).
 */
export function topkJs(
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
  const best = new Int32Array(k);
  const order = k > INSERTION_MAX_K ? Array.from({ length: len }, (_, j) => j) : null;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      if (order) {
        for (let j = 0; j < len; j++) order[j] = j;
        // Array.prototype.sort is stable: equal values keep their index order
        order.sort((a, b) => {
          const va = x[base + a * inner]!;
          const vb = x[base + b * inner]!;
          return beats(va, vb, largest) ? -1 : beats(vb, va, largest) ? 1 : 0;
        });
        for (let j = 0; j < k; j++) best[j] = order[j]!;
      } else {
        bestByInsertion(x, base, inner, len, k, largest, best);
      }
      if (!sorted) best.sort();
      for (let j = 0; j < k; j++) {
        out[(o * k + j) * inner + i] = best[j]!;
        flat[(o * k + j) * inner + i] = (o * len + best[j]!) * inner + i;
      }
    }
  }
}

/** The best k indices of one line, best first, kept sorted as the line is scanned (a later equal value goes after). */
function bestByInsertion(x: TypedArray, base: number, inner: number, len: number, k: number, largest: boolean, best: Int32Array): void {
  let filled = 0;
  for (let j = 0; j < len; j++) {
    const v = x[base + j * inner]!;
    if (filled === k && !beats(v, x[base + best[k - 1]! * inner]!, largest)) continue;
    let at = filled < k ? filled++ : k - 1;
    while (at > 0 && beats(v, x[base + best[at - 1]! * inner]!, largest)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = j;
  }
}
