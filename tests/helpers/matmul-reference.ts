/** @file Matmul test helpers: seeded operands and a comparison of a wasm matmul to the JS reference over shapes, transposes, offsets and dtypes. */
import type { MatmulArgs } from "../../src/backends/kernels.js";
import { matmulJs } from "../../src/backends/js/matmul.js";
import type { TypedArray } from "../../src/index.js";

/** `n` seeded values in [-0.5, 0.5), float64 or float32. */
export function random(n: number, f64: boolean, seed: number): TypedArray {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = s / 2147483648 - 0.5;
  }
  return a;
}

/** m, k, n: single elements, full and edge micro-tiles (3×12 for float32, 4×4 for float64), several cache blocks, k = 0. */
export const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 8],
  [3, 12, 12],
  [96, 260, 36],
  [6, 13, 1040],
  [17, 33, 9],
  [130, 70, 257],
  [5, 300, 3],
  [257, 513, 129],
  [64, 0, 16],
];

/** Runs `mm` and the JS reference on every shape, transpose flag pair and dtype; throws on the first entry off by more than rounding. */
export function compareToReference(mm: (a: MatmulArgs) => void): void {
  for (const f64 of [false, true]) {
    for (const [m, k, n] of SHAPES) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = random(m * k + 3, f64, m + k);
          const b = random(k * n + 5, f64, n + 7);
          const want = f64 ? new Float64Array(m * n + 2) : new Float32Array(m * n + 2);
          const got = f64 ? new Float64Array(m * n + 2).fill(7) : new Float32Array(m * n + 2).fill(7);
          want.fill(7);
          const args = { a, aOffset: 3, b, bOffset: 5, m, k, n, transA, transB, outOffset: 2 };
          matmulJs({ ...args, out: want });
          mm({ ...args, out: got });
          const tol = (f64 ? 1e-12 : 2e-5) * Math.max(1, k);
          for (let i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i]! - got[i]!) <= tol)) {
              throw new Error(
                `${f64 ? "f64" : "f32"} m=${m} k=${k} n=${n} transA=${transA} transB=${transB}: [${i}] ${got[i]} vs ${want[i]}`,
              );
            }
          }
        }
      }
    }
  }
}
