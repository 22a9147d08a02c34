/** @file The wasm elementwise kernels against the JS reference: every broadcast pattern, NaN, ±0 and ±Infinity bit for bit. */
import { describe, it, beforeAll, afterAll } from "vitest";
import type { TypedArray } from "../../src/index.js";
import { jsBackend } from "../../src/backends/js/index.js";
import { initWasm } from "../../src/backends/wasm/index.js";
import { elementwiseTuning } from "../../src/backends/wasm/elementwise.js";
import { fastBinaryKernels } from "../../src/backends/wasm/fast-elementwise.js";
import { wasmSupported } from "../../src/backends/wasm/module.js";
import type { Backend, BinaryKernelName, UnaryGradKernelName, UnaryKernelName } from "../../src/backends/kernels.js";

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e-30, -1e-30, 3, -3];

function values(n: number, f64: boolean, seed: number): TypedArray {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = i % 7 === 3 ? SPECIAL[(i >> 3) % SPECIAL.length]! : (s / 2147483648 - 0.5) * 8;
  }
  return a;
}

/** Same values bit for bit, except that any NaN matches any NaN. */
function expectSame(got: TypedArray, want: TypedArray, what: string, rel = 0): void {
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    const ok = rel === 0 ? Object.is(g, w) : Math.abs(g - w) <= rel * Math.max(1, Math.abs(w)) || g === w;
    if (!ok) throw new Error(`${what}: [${i}] got ${g}, want ${w}`);
  }
}

const SHAPES: [number[], number[]][] = [
  [
    [5, 37],
    [5, 37],
  ],
  [[5, 37], []],
  [[], [5, 37]],
  [[5, 37], [37]],
  [[37], [5, 37]],
  [
    [5, 37],
    [5, 1],
  ],
  [
    [5, 1],
    [5, 37],
  ],
  [
    [2, 5, 37],
    [5, 1],
  ],
  [
    [3, 1],
    [1, 4],
  ],
  // row blocks over the last axes, prefix blocks over the first ones, and neither
  [
    [2, 5, 37],
    [5, 37],
  ],
  [
    [5, 37],
    [2, 5, 37],
  ],
  [
    [2, 5, 37],
    [2, 5, 1],
  ],
  [
    [2, 5, 1],
    [2, 5, 37],
  ],
  [
    [2, 3, 4, 5],
    [2, 3, 1, 1],
  ],
  [
    [2, 3, 4],
    [1, 3, 4],
  ],
  [
    [2, 3, 4],
    [2, 1, 4],
  ],
  [
    [2, 3, 4],
    [2, 1, 1],
  ],
  // middle blocks: a bias per channel [C, 1, 1] against [N, C, H, W], each side, and a block of two axes
  [
    [4, 3, 5, 6],
    [3, 1, 1],
  ],
  [
    [3, 1, 1],
    [4, 3, 5, 6],
  ],
  [
    [2, 3, 4, 5],
    [1, 3, 4, 1],
  ],
  [
    [2, 5, 37],
    [1, 5, 1],
  ],
  [
    [2, 3, 4],
    [3, 1],
  ],
];

describe.runIf(wasmSupported())("wasm elementwise kernels agree with the JS reference", () => {
  let wasm: Backend;
  const saved = elementwiseTuning.minElements;
  beforeAll(async () => {
    wasm = (await initWasm())!.backend;
    elementwiseTuning.minElements = 0; // every size through WebAssembly
  });
  afterAll(() => void (elementwiseTuning.minElements = saved));

  for (const f64 of [false, true]) {
    const dt = f64 ? "float64" : "float32";
    it(`binary arithmetic over every broadcast pattern (${dt})`, () => {
      const names: BinaryKernelName[] = ["add", "sub", "mul", "div", "maximum", "pow", "gt"];
      for (const name of names) {
        for (const [as, bs] of SHAPES) {
          const outShape = as.length >= bs.length ? as.map((d, i) => Math.max(d, bs[i - (as.length - bs.length)] ?? 1)) : [];
          const os = as.length >= bs.length ? outShape : bs.map((d, i) => Math.max(d, as[i - (bs.length - as.length)] ?? 1));
          const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
          const a = values(size(as), f64, 1);
          const b = values(size(bs), f64, 2);
          const want = f64 ? new Float64Array(size(os)) : new Float32Array(size(os));
          const got = want.slice();
          jsBackend.binary[name](a, as, b, bs, want, os);
          wasm.binary[name](a, as, b, bs, got, os);
          expectSame(got, want, `${name} ${JSON.stringify(as)} ∘ ${JSON.stringify(bs)} ${dt}`);
          // the written-out JavaScript loops (small arrays, or when the arena is busy)
          const loops = want.slice().fill(0);
          fastBinaryKernels[name](a, as, b, bs, loops, os);
          expectSame(loops, want, `JS loops ${name} ${JSON.stringify(as)} ∘ ${JSON.stringify(bs)} ${dt}`);
        }
      }
    });

    it(`unary maps and derivative maps, including NaN, ±0 and ±∞ (${dt})`, () => {
      for (const n of [1, 3, 4, 5, 1001]) {
        const x = values(n, f64, n);
        const g = values(n, f64, n + 1);
        for (const name of ["relu", "neg", "square", "step", "exp", "sigmoid", "tanh", "log"] as UnaryKernelName[]) {
          const want = x.slice();
          const got = x.slice();
          jsBackend.unary[name](x, want);
          wasm.unary[name](x, got);
          expectSame(got, want, `${name} n=${n} ${dt}`);
        }
        const y = values(n, f64, n + 2).map((v) => 1 / (1 + Math.exp(-v)));
        for (const name of ["relu0", "relu1", "sigmoid", "tanh", "square"] as UnaryGradKernelName[]) {
          const want = x.slice();
          const got = x.slice();
          const v = name === "sigmoid" || name === "tanh" ? y : x;
          jsBackend.unaryGrad[name](g, v, want);
          wasm.unaryGrad[name](g, v, got);
          // float32 SIMD rounds each product; the reference rounds once
          expectSame(got, want, `grad ${name} n=${n} ${dt}`, f64 || name.startsWith("relu") ? 0 : 1e-6);
        }
      }
    });

    it(`sum, max and min along every axis set (${dt})`, () => {
      const shape = [3, 4, 33];
      const x = values(3 * 4 * 33, f64, 9).map((v) => (Number.isFinite(v) ? v : 1));
      const xn = values(3 * 4 * 33, f64, 9);
      for (const axes of [[0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2]]) {
        const kept = shape.filter((_, i) => !axes.includes(i));
        const size = kept.reduce((p, d) => p * d, 1);
        for (const name of ["sum", "max", "min"] as const) {
          for (const input of [x, xn]) {
            const want = f64 ? new Float64Array(size) : new Float32Array(size);
            const got = want.slice();
            jsBackend.reduce[name](input, shape, axes, want);
            wasm.reduce[name](input, shape, axes, got);
            // row sums keep a double accumulator (the reference rounds each partial sum to the dtype)
            expectSame(got, want, `${name} axes ${axes} ${dt}`, name === "sum" ? (f64 ? 1e-12 : 1e-5) : 0);
          }
        }
      }
    });
  }
});
