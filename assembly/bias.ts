/** @file The epilogue of a fused product over one thread's piece of C: C[i, j] += bias[j], then ReLU when asked, float32 and float64. */

/** C[i, j] = act(C[i, j] + bias[j]) for i in [i0, i1), j in [j0, j1), act = ReLU when `relu` (NaN passes) else identity; C row-major, stride ldc (float32). */
export function addBias32(c: usize, ldc: i32, i0: i32, i1: i32, j0: i32, j1: i32, bias: usize, relu: i32): void {
  for (let i = i0; i < i1; i++) {
    const row = c + (<usize>(i * ldc) << 2);
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const off = <usize>j << 2;
      let v = f32x4.add(v128.load(row + off), v128.load(bias + off));
      // keep v where v > 0 or v is NaN (the ReLU kernel's rule)
      if (relu) v = v128.and(v, v128.or(f32x4.gt(v, f32x4.splat(0)), f32x4.ne(v, v)));
      v128.store(row + off, v);
    }
    for (; j < j1; j++) {
      const off = <usize>j << 2;
      const v = load<f32>(row + off) + load<f32>(bias + off);
      store<f32>(row + off, relu && !(v > 0) && v == v ? 0 : v);
    }
  }
}

/** C[i, j] = act(C[i, j] + bias[j]) as `addBias32`, float64. */
export function addBias64(c: usize, ldc: i32, i0: i32, i1: i32, j0: i32, j1: i32, bias: usize, relu: i32): void {
  for (let i = i0; i < i1; i++) {
    const row = c + (<usize>(i * ldc) << 3);
    let j = j0;
    for (; j + 2 <= j1; j += 2) {
      const off = <usize>j << 3;
      let v = f64x2.add(v128.load(row + off), v128.load(bias + off));
      if (relu) v = v128.and(v, v128.or(f64x2.gt(v, f64x2.splat(0)), f64x2.ne(v, v)));
      v128.store(row + off, v);
    }
    for (; j < j1; j++) {
      const off = <usize>j << 3;
      const v = load<f64>(row + off) + load<f64>(bias + off);
      store<f64>(row + off, relu && !(v > 0) && v == v ? 0 : v);
    }
  }
}
