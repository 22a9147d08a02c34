/** @file The bias epilogue of a fused product: C[i, j] += bias[j] over one thread's piece of C, float32 and float64. */

/** C[i, j] += bias[j] for i in [i0, i1), j in [j0, j1); C row-major with stride ldc elements (float32). */
export function addBias32(c: usize, ldc: i32, i0: i32, i1: i32, j0: i32, j1: i32, bias: usize): void {
  for (let i = i0; i < i1; i++) {
    const row = c + (<usize>(i * ldc) << 2);
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const off = <usize>j << 2;
      v128.store(row + off, f32x4.add(v128.load(row + off), v128.load(bias + off)));
    }
    for (; j < j1; j++) {
      const off = <usize>j << 2;
      store<f32>(row + off, load<f32>(row + off) + load<f32>(bias + off));
    }
  }
}

/** C[i, j] += bias[j] for i in [i0, i1), j in [j0, j1); C row-major with stride ldc elements (float64). */
export function addBias64(c: usize, ldc: i32, i0: i32, i1: i32, j0: i32, j1: i32, bias: usize): void {
  for (let i = i0; i < i1; i++) {
    const row = c + (<usize>(i * ldc) << 3);
    let j = j0;
    for (; j + 2 <= j1; j += 2) {
      const off = <usize>j << 3;
      v128.store(row + off, f64x2.add(v128.load(row + off), v128.load(bias + off)));
    }
    for (; j < j1; j++) {
      const off = <usize>j << 3;
      store<f64>(row + off, load<f64>(row + off) + load<f64>(bias + off));
    }
  }
}
