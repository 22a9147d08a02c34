/** @file Plain-JS references for windows, convolution, pooling, gathers and normalisation (index loops, float64). */
import { nd, type Nd } from "./nd-ref.js";

/** A 2-d window: kernel, stride, padding, dilation as [h, w]. */
export interface WinR {
  k: [number, number];
  s?: [number, number];
  p?: [number, number];
  d?: [number, number];
}

function sizesR(h: number, w: number, win: WinR) {
  const [kh, kw] = win.k;
  const [sh, sw] = win.s ?? [1, 1];
  const [ph, pw] = win.p ?? [0, 0];
  const [dh, dw] = win.d ?? [1, 1];
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  /** The input position of tap (p, q) of window (i, j), or null in the padding. */
  const at = (i: number, j: number, p: number, q: number): [number, number] | null => {
    const y = i * sh - ph + p * dh;
    const x = j * sw - pw + q * dw;
    return y >= 0 && y < h && x >= 0 && x < w ? [y, x] : null;
  };
  return { kh, kw, oh, ow, at };
}

/** conv2d by its definition: y[n,o,i,j] = b[o] + Σ W[o,c,p,q]·x[n, g·Cg + c, i·s + p·d − pad, …]. */
export function conv2dR(x: Nd, w: Nd, b: Nd | undefined, win: Omit<WinR, "k">, groups = 1): Nd {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const { oh, ow, at } = sizesR(h, wd, { ...win, k: [kh, kw] });
  const og = o / groups;
  const out: number[] = [];
  for (let b0 = 0; b0 < n; b0++)
    for (let oc = 0; oc < o; oc++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let s = b ? b.data[oc]! : 0;
          const g = Math.floor(oc / og);
          for (let ci = 0; ci < cg; ci++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const pos = at(i, j, p, q);
                if (pos) s += w.data[((oc * cg + ci) * kh + p) * kw + q]! * x.data[((b0 * c + g * cg + ci) * h + pos[0]) * wd + pos[1]]!;
              }
          out.push(s);
        }
  return nd([n, o, oh, ow], out);
}

/** unfold: row c·kh·kw + p·kw + q, column i·ow + j holds tap (p, q) of window (i, j) of channel c. */
export function unfoldR(x: Nd, win: WinR): Nd {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const { kh, kw, oh, ow, at } = sizesR(h, w, win);
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < kh; p++)
        for (let q = 0; q < kw; q++)
          for (let i = 0; i < oh; i++)
            for (let j = 0; j < ow; j++) {
              const pos = at(i, j, p, q);
              out.push(pos ? x.data[((b * c + ch) * h + pos[0]) * w + pos[1]]! : 0);
            }
  return nd([n, c * kh * kw, oh * ow], out);
}

/** fold: every column entry added onto the pixel its tap covers. */
export function foldR(cols: Nd, size: [number, number], win: WinR): Nd {
  const [n, rows] = cols.shape as [number, number];
  const [h, w] = size;
  const { kh, kw, oh, ow, at } = sizesR(h, w, win);
  const c = rows / (kh * kw);
  const out = new Array<number>(n * c * h * w).fill(0);
  let k = 0;
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < kh; p++)
        for (let q = 0; q < kw; q++)
          for (let i = 0; i < oh; i++)
            for (let j = 0; j < ow; j++, k++) {
              const pos = at(i, j, p, q);
              if (pos) out[((b * c + ch) * h + pos[0]) * w + pos[1]]! += cols.data[k]!;
            }
  return nd([n, c, h, w], out);
}

/** Pooling: max or mean over each window of each channel (padding −∞ for max, 0 counted for mean). */
export function poolR(x: Nd, win: WinR, kind: "max" | "avg"): Nd {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const { kh, kw, oh, ow, at } = sizesR(h, w, win);
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let acc = kind === "max" ? -Infinity : 0;
          for (let p = 0; p < kh; p++)
            for (let q = 0; q < kw; q++) {
              const pos = at(i, j, p, q);
              const v = pos ? x.data[((b * c + ch) * h + pos[0]) * w + pos[1]]! : kind === "max" ? -Infinity : 0;
              acc = kind === "max" ? Math.max(acc, v) : acc + v;
            }
          out.push(kind === "max" ? acc : acc / (kh * kw));
        }
  return nd([n, c, oh, ow], out);
}

/** take along `axis`: out[..., j, ...] = x[..., idx[j], ...] (1-d indices). */
export function takeR(x: Nd, idx: number[], axis: number): Nd {
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const len = x.shape[axis]!;
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) for (const j of idx) for (let i = 0; i < inner; i++) out.push(x.data[(o * len + j) * inner + i]!);
  return nd([...x.shape.slice(0, axis), idx.length, ...x.shape.slice(axis + 1)], out);
}

/** indexAdd along `axis`: zeros of length `size` there, slice j of src added at idx[j]. */
export function indexAddR(src: Nd, idx: number[], axis: number, size: number): Nd {
  const outer = src.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = src.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Array<number>(outer * size * inner).fill(0);
  for (let o = 0; o < outer; o++)
    idx.forEach((t, j) => {
      for (let i = 0; i < inner; i++) out[(o * size + t) * inner + i]! += src.data[(o * idx.length + j) * inner + i]!;
    });
  return nd([...src.shape.slice(0, axis), size, ...src.shape.slice(axis + 1)], out);
}

/** Normalises groups of `group` consecutive values (layerNorm over the last axes), then · weight + bias (cycled). */
export function layerNormR(x: Nd, group: number, weight?: Nd, bias?: Nd, eps = 1e-5): Nd {
  const out: number[] = [];
  for (let s = 0; s < x.data.length; s += group) {
    const v = x.data.slice(s, s + group);
    const mu = v.reduce((a, b) => a + b, 0) / group;
    const va = v.reduce((a, b) => a + (b - mu) ** 2, 0) / group;
    v.forEach((t, i) => out.push(((t - mu) / Math.sqrt(va + eps)) * (weight ? weight.data[i]! : 1) + (bias ? bias.data[i]! : 0)));
  }
  return nd(x.shape.slice(), out);
}

/** batchNorm per channel (axis 1): with the batch statistics, or with given `stats` [mean, var] per channel. */
export function batchNormR(x: Nd, weight: Nd, bias: Nd, stats?: [number[], number[]], eps = 1e-5): Nd {
  const [n, c] = x.shape as [number, number];
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const idx = (b: number, ch: number, i: number) => (b * c + ch) * inner + i;
  const out = new Array<number>(x.data.length);
  for (let ch = 0; ch < c; ch++) {
    const vals: number[] = [];
    for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) vals.push(x.data[idx(b, ch, i)]!);
    const mu = stats ? stats[0][ch]! : vals.reduce((a, v) => a + v, 0) / vals.length;
    const va = stats ? stats[1][ch]! : vals.reduce((a, v) => a + (v - mu) ** 2, 0) / vals.length;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < inner; i++) {
        const k = idx(b, ch, i);
        out[k] = ((x.data[k]! - mu) / Math.sqrt(va + eps)) * weight.data[ch]! + bias.data[ch]!;
      }
  }
  return nd(x.shape.slice(), out);
}
