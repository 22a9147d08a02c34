/** @file Reference matrix product with transposed operands and an optional fused bias: dot-product rows, or i-k-j row updates for wide outputs. */
import type { BatchedMatmulArgs, MatmulArgs } from "../kernels.js";

/**
 * `out[m×n] = op(A)[m×k] · op(B)[k×n] (+ bias)`; A is stored m×k (or k×m when transA), B k×n (or n×k when transB);
 * a `bias` of n values is added to every row (then ReLU when `relu`).
 * @example
 * matmulJs({ a, aOffset: 0, b, bOffset: 0, out, outOffset: 0, m: 2, k: 3, n: 4, transA: false, transB: false });
 */
export function matmulJs(args: MatmulArgs): void {
  productJs(args);
  const { bias, relu, out, outOffset, m, n } = args;
  if (!bias) return;
  // the fused bias: out[i, j] += bias[j], rounded once per element like a separate add; then ReLU
  for (let i = 0; i < m; i++) {
    const o = outOffset + i * n;
    for (let j = 0; j < n; j++) out[o + j] = out[o + j]! + bias[j]!;
    if (relu)
      for (let j = 0; j < n; j++) {
        const v = out[o + j]!;
        if (!(v > 0) && v === v) out[o + j] = 0;
      }
  }
}

/** `out = op(A) · op(B)`, the product itself. */
function productJs(args: MatmulArgs): void {
  const { a, aOffset, b, bOffset, out, outOffset, m, k, n, transA, transB } = args;
  // element strides of op(A) and op(B) along their logical rows (i) and inner index (p)
  const aI = transA ? 1 : k;
  const aP = transA ? m : 1;
  const bP = transB ? 1 : n;
  const bJ = transB ? k : 1;
  if (k === 1) {
    // outer product: out[i, j] = a[i] · b[j], four columns per loop step with a contiguous b (V8
    // pays per iteration; see the outer-product entry in docs/performance.md for what it saves)
    for (let i = 0; i < m; i++) {
      const av = a[aOffset + i * aI]!;
      let o = outOffset + i * n;
      let q = bOffset;
      let j = 0;
      if (bJ === 1) {
        for (; j + 3 < n; j += 4, o += 4, q += 4) {
          out[o] = av * b[q]!;
          out[o + 1] = av * b[q + 1]!;
          out[o + 2] = av * b[q + 2]!;
          out[o + 3] = av * b[q + 3]!;
        }
      }
      for (; j < n; j++, o++, q += bJ) out[o] = av * b[q]!;
    }
    return;
  }
  if (n === 1 && aP !== 1) {
    // op(A) = Aᵀ times a vector: accumulate rows of A (contiguous) scaled by b[p]
    for (let i = 0; i < m; i++) out[outOffset + i] = 0;
    for (let p = 0; p < k; p++) {
      const bv = b[bOffset + p * bP]!;
      const ap = aOffset + p * aP;
      for (let i = 0; i < m; i++) out[outOffset + i] = out[outOffset + i]! + a[ap + i]! * bv;
    }
    return;
  }
  if (aP === 1 && bP === 1) {
    // contiguous dot products: A rows against B columns stored as rows (Bᵀ, or a vector)
    for (let i = 0; i < m; i++) {
      const ai = aOffset + i * k;
      for (let j = 0; j < n; j++) {
        const bj = bOffset + j * bJ;
        // four independent partial sums keep the adds from waiting on each other
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let p = 0;
        for (; p + 3 < k; p += 4) {
          s0 += a[ai + p]! * b[bj + p]!;
          s1 += a[ai + p + 1]! * b[bj + p + 1]!;
          s2 += a[ai + p + 2]! * b[bj + p + 2]!;
          s3 += a[ai + p + 3]! * b[bj + p + 3]!;
        }
        for (; p < k; p++) s0 += a[ai + p]! * b[bj + p]!;
        out[outOffset + i * n + j] = s0 + s1 + (s2 + s3);
      }
    }
    return;
  }
  if (n === 1 || bP === 1) {
    // each output is a dot product along contiguous (or strided) rows
    for (let i = 0; i < m; i++) {
      const ai = aOffset + i * aI;
      for (let j = 0; j < n; j++) {
        const bj = bOffset + j * bJ;
        let acc = 0;
        for (let p = 0; p < k; p++) acc += a[ai + p * aP]! * b[bj + p * bP]!;
        out[outOffset + i * n + j] = acc;
      }
    }
    return;
  }
  // i-p-j order: stream rows of B into a row of the output
  for (let i = 0; i < m; i++) {
    const o = outOffset + i * n;
    for (let j = 0; j < n; j++) out[o + j] = 0;
    const ai = aOffset + i * aI;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p * aP]!;
      const bb = bOffset + p * bP;
      for (let j = 0; j < n; j++) out[o + j] = out[o + j]! + av * b[bb + j]!;
    }
  }
}

/**
 * The batch as one `matmulJs` call per product.
 * @example
 * matmulBatchedJs({ a, aOffsets: [0, 6], b, bOffsets: [0, 0], out, m: 2, k: 3, n: 4, transA: false, transB: false });
 */
export function matmulBatchedJs({ a, aOffsets, b, bOffsets, out, m, k, n, transA, transB }: BatchedMatmulArgs): void {
  for (let i = 0; i < aOffsets.length; i++) {
    matmulJs({ a, aOffset: aOffsets[i]!, b, bOffset: bOffsets[i]!, out, outOffset: i * m * n, m, k, n, transA, transB });
  }
}
