/** @file Multiply-add c + a·b for the GEMM micro-kernels: fused (relaxed SIMD) when the build enables it. */

// ASC_FEATURE_RELAXED_SIMD is a compile-time constant: the untaken branch is never compiled, so the
// same kernel source yields both the plain SIMD-128 module and the relaxed (FMA) one.

/** c + a·b on four float32 lanes. */
// @ts-ignore: decorator
@inline
export function madd32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** c + a·b on two float64 lanes. */
// @ts-ignore: decorator
@inline
export function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}
