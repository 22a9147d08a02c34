/** @file Reference matrix product with transposed operands, in an i-k-j loop order for cache-friendly rows. */
import type { MatmulArgs } from "../kernels.js";

/**
 * `out[m×n] = op(A)[m×k] · op(B)[k×n]`; A is stored m×k (or k×m when transA), B k×n (or n×k when transB).
 * @example
 * matmulJs({ a, aOffset: 0, b, bOffset: 0, out, outOffset: 0, m: 2, k: 3, n: 4, transA: false, transB: false });
 */
export function matmulJs({ a, aOffset, b, bOffset, out, outOffset, m, k, n, transA, transB }: MatmulArgs): void {
  // element strides of op(A) and op(B) as logical row/column
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  for (let i = 0; i < m * n; i++) out[outOffset + i] = 0;
  if (!transB) {
    for (let i = 0; i < m; i++) {
      const o = outOffset + i * n;
      for (let p = 0; p < k; p++) {
        const av = a[aOffset + i * aRow + p * aCol]!;
        if (av === 0) continue;
        const bb = bOffset + p * bRow;
        for (let j = 0; j < n; j++) out[o + j] = out[o + j]! + av * b[bb + j]!;
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      const bb = bOffset + j * bCol;
      for (let p = 0; p < k; p++) acc += a[aOffset + i * aRow + p * aCol]! * b[bb + p * bRow]!;
      out[outOffset + i * n + j] = acc;
    }
  }
}
