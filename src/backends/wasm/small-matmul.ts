/** @file Matrix products too small for WebAssembly (the copies would cost more): dot-product loops with a register accumulator. */
import type { MatmulArgs } from "../kernels.js";

/**
 * `out[m×n] = op(A)·op(B)` by dot products over strided rows and columns, one accumulator per
 * entry; for the worksheet-sized products (16×16 by 16) where per-call cost decides.
 * @example
 * smallMatmul({ a, aOffset: 0, b, bOffset: 0, out, outOffset: 0, m: 16, k: 16, n: 1, transA: false, transB: false });
 */
export function smallMatmul({ a, aOffset, b, bOffset, out, outOffset, m, k, n, transA, transB }: MatmulArgs): void {
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  if (k === 1) {
    // outer product
    for (let i = 0; i < m; i++) {
      const av = a[aOffset + i * aRow]!;
      const o = outOffset + i * n;
      for (let j = 0; j < n; j++) out[o + j] = av * b[bOffset + j * bCol]!;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const ai = aOffset + i * aRow;
    const o = outOffset + i * n;
    for (let j = 0; j < n; j++) {
      const bj = bOffset + j * bCol;
      let acc = 0;
      for (let p = 0; p < k; p++) acc += a[ai + p * aCol]! * b[bj + p * bRow]!;
      out[o + j] = acc;
    }
  }
}
