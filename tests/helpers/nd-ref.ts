/** @file Plain-JS reference n-d arrays (float64 numbers, index loops): the independent side of the op table's forward checks. */

/** A reference array: row-major `data` with `shape`. */
export interface Nd {
  shape: number[];
  data: number[];
}

/** Builds a reference array. */
export function nd(shape: number[], data: number[]): Nd {
  if (size(shape) !== data.length) throw new Error(`nd: shape [${shape.join(", ")}] needs ${size(shape)} values, got ${data.length}`);
  return { shape, data };
}

/** Number of elements of a shape. */
export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The multi-index of flat position `i`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

/** The flat position of a multi-index. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d]! + idx[d]!;
  return i;
}

/** NumPy broadcast of several shapes. */
export function broadcast(...shapes: number[][]): number[] {
  const n = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => {
    let out = 1;
    for (const s of shapes) {
      const d = s[s.length - n + i] ?? 1;
      if (d !== 1 && out !== 1 && d !== out) throw new Error(`broadcast: incompatible shapes ${JSON.stringify(shapes)}`);
      if (d !== 1) out = d;
    }
    return out;
  });
}

/** The element of `a` that broadcasting places at output index `idx`. */
function at(a: Nd, idx: readonly number[]): number {
  const off = idx.length - a.shape.length;
  let i = 0;
  for (let d = 0; d < a.shape.length; d++) i = i * a.shape[d]! + (a.shape[d] === 1 ? 0 : idx[off + d]!);
  return a.data[i]!;
}

/** Elementwise map. */
export function map(a: Nd, f: (x: number) => number): Nd {
  return nd(a.shape.slice(), a.data.map(f));
}

/** Elementwise function of several broadcast arrays. */
export function zip(arrays: Nd[], f: (...xs: number[]) => number): Nd {
  const shape = broadcast(...arrays.map((a) => a.shape));
  const data = Array.from({ length: size(shape) }, (_, i) => {
    const idx = unravel(i, shape);
    return f(...arrays.map((a) => at(a, idx)));
  });
  return nd(shape, data);
}

/** Broadcasts `a` to `shape`. */
export function expandR(a: Nd, shape: number[]): Nd {
  return zip([a, nd(shape, new Array<number>(size(shape)).fill(0))], (x) => x);
}

/** Reduces over `axes` (all when undefined) with `combine`, starting from `init`. */
export function reduceR(
  a: Nd,
  axis: number | number[] | undefined,
  keepdims: boolean,
  init: number,
  combine: (acc: number, x: number) => number,
): Nd {
  const nd0 = a.shape.length;
  const list = axis === undefined ? a.shape.map((_, i) => i) : typeof axis === "number" ? [axis] : axis;
  const axes = list.map((x) => (x < 0 ? x + nd0 : x));
  const kept = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Array<number>(size(kept)).fill(init);
  a.data.forEach((x, i) => {
    const idx = unravel(i, a.shape).map((v, d) => (axes.includes(d) ? 0 : v));
    const o = ravel(idx, kept);
    out[o] = combine(out[o]!, x);
  });
  const shape = keepdims ? kept : a.shape.filter((_, i) => !axes.includes(i));
  return nd(shape, out);
}

/** Σ over axes. */
export const sumR = (a: Nd, axis?: number | number[], keepdims = false): Nd => reduceR(a, axis, keepdims, 0, (s, x) => s + x);
/** Largest value over axes. */
export const maxR = (a: Nd, axis?: number | number[], keepdims = false): Nd => reduceR(a, axis, keepdims, -Infinity, Math.max);
/** Smallest value over axes. */
export const minR = (a: Nd, axis?: number | number[], keepdims = false): Nd => reduceR(a, axis, keepdims, Infinity, Math.min);

/** Mean over axes. */
export function meanR(a: Nd, axis?: number | number[], keepdims = false): Nd {
  const s = sumR(a, axis, keepdims);
  return map(s, (x) => (x * s.data.length) / a.data.length);
}

/** log Σ exp, computed naively (fine for the moderate inputs of the table). */
export function logsumexpR(a: Nd, axis?: number | number[], keepdims = false): Nd {
  return map(
    reduceR(map(a, Math.exp), axis, keepdims, 0, (s, x) => s + x),
    Math.log,
  );
}

/** log softmax along one axis, naively: x − log Σ exp x. */
export function logSoftmaxR(a: Nd, axis = -1): Nd {
  return zip([a, logsumexpR(a, axis, true)], (x, l) => x - l);
}

/** softmax along one axis, naively: exp x / Σ exp x. */
export function softmaxR(a: Nd, axis = -1): Nd {
  const e = map(a, Math.exp);
  return zip([e, sumR(e, axis, true)], (x, s) => x / s);
}

/** Permutes axes: output axis i is input axis perm[i] (default reversed). */
export function transposeR(a: Nd, perm?: number[]): Nd {
  const p = perm ?? a.shape.map((_, i) => a.shape.length - 1 - i);
  const shape = p.map((q) => a.shape[q]!);
  const data = Array.from({ length: a.data.length }, (_, i) => {
    const idx = unravel(i, shape);
    const src = new Array<number>(a.shape.length);
    p.forEach((q, k) => (src[q] = idx[k]!));
    return a.data[ravel(src, a.shape)]!;
  });
  return nd(shape, data);
}

/** Matrix product with NumPy rules (1-d promotion, batch broadcasting) and optional transposes of the last two axes. */
export function matmulR(a: Nd, b: Nd, transA = false, transB = false): Nd {
  const A = a.shape.length === 1 ? nd([1, a.shape[0]!], a.data) : transA ? swapLast(a) : a;
  const B = b.shape.length === 1 ? nd([b.shape[0]!, 1], b.data) : transB ? swapLast(b) : b;
  const [m, k] = A.shape.slice(-2) as [number, number];
  const n = B.shape[B.shape.length - 1]!;
  if (B.shape[B.shape.length - 2] !== k) throw new Error("matmulR: inner sizes differ");
  const batch = broadcast(A.shape.slice(0, -2), B.shape.slice(0, -2));
  const shape = [...batch, m, n];
  const data = Array.from({ length: size(shape) }, (_, i) => {
    const idx = unravel(i, shape);
    const bi = idx.slice(0, -2);
    const [r, c] = idx.slice(-2) as [number, number];
    let s = 0;
    for (let j = 0; j < k; j++) s += at(A, [...bi, r, j]) * at(B, [...bi, j, c]);
    return s;
  });
  const finalShape = [...batch, ...(a.shape.length > 1 ? [m] : []), ...(b.shape.length > 1 ? [n] : [])];
  return nd(finalShape, data);
}

function swapLast(a: Nd): Nd {
  const p = a.shape.map((_, i) => i);
  const r = p.length;
  [p[r - 2], p[r - 1]] = [p[r - 1]!, p[r - 2]!];
  return transposeR(a, p);
}

/** One axis of a reference slice: an index (drops the axis), a range, or null (all). */
export type SliceR = number | null | { start?: number; stop?: number; step?: number };

/** A strided window, like Python's a[i, s:e:k]. */
export function sliceR(a: Nd, ...specs: SliceR[]): Nd {
  const picks = a.shape.map((n, ax) => {
    const sp = specs[ax] ?? null;
    if (typeof sp === "number") return { idx: [sp < 0 ? sp + n : sp], keep: false };
    const norm = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    const idx: number[] = [];
    for (let i = norm(sp?.start ?? 0); i < norm(sp?.stop ?? n); i += sp?.step ?? 1) idx.push(i);
    return { idx, keep: true };
  });
  const win = picks.map((p) => p.idx.length);
  const data = Array.from(
    { length: size(win) },
    (_, i) =>
      a.data[
        ravel(
          unravel(i, win).map((j, ax) => picks[ax]!.idx[j]!),
          a.shape,
        )
      ]!,
  );
  return nd(
    picks.flatMap((p, ax) => (p.keep ? [win[ax]!] : [])),
    data,
  );
}

/** Joins arrays along an existing axis. */
export function concatR(list: Nd[], axis: number): Nd {
  const first = list[0]!;
  const ax = axis < 0 ? axis + first.shape.length : axis;
  const shape = first.shape.slice();
  shape[ax] = list.reduce((s, t) => s + t.shape[ax]!, 0);
  const data = Array.from({ length: size(shape) }, (_, i) => {
    const idx = unravel(i, shape);
    let j = idx[ax]!;
    for (const t of list) {
      if (j < t.shape[ax]!) return t.data[ravel([...idx.slice(0, ax), j, ...idx.slice(ax + 1)], t.shape)]!;
      j -= t.shape[ax]!;
    }
    throw new Error("concatR: index out of range");
  });
  return nd(shape, data);
}

/** Stacks same-shaped arrays along a new axis. */
export function stackR(list: Nd[], axis: number): Nd {
  const r = list[0]!.shape.length + 1;
  const ax = axis < 0 ? axis + r : axis;
  return concatR(
    list.map((t) => nd([...t.shape.slice(0, ax), 1, ...t.shape.slice(ax)], t.data)),
    ax,
  );
}

/** erf by composite Simpson integration of 2/√π e^(−t²) (independent of the library's series); ~1e-14 absolute. */
export function erfRef(x: number): number {
  const n = 4000;
  const h = x / n;
  let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(-(i * h) * (i * h));
  return ((2 / Math.sqrt(Math.PI)) * s * h) / 3;
}

/** The logistic function. */
export const sigmoidRef = (x: number): number => 1 / (1 + Math.exp(-x));
