/** @file The wasm im2col and col2im against the JavaScript reference: strides, padding wider than the kernel, dilation, both dtypes, −∞ padding, sums onto a non-zero output. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initWasm } from "../../src/backends/wasm/index.js";
import { wasmSupported } from "../../src/backends/wasm/module.js";
import { windowTuning } from "../../src/backends/wasm/window.js";
import { col2imJs, im2colJs } from "../../src/backends/js/conv.js";
import type { Backend, WindowGeometry } from "../../src/backends/kernels.js";
import { geometry } from "../../src/ops/window.js";

type Case = {
  shape: [number, number, number, number];
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
};

const CASES: Case[] = [
  { shape: [2, 3, 8, 9], kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] },
  { shape: [1, 2, 9, 7], kernel: [3, 2], stride: [2, 3], padding: [1, 0], dilation: [1, 1] },
  { shape: [2, 1, 10, 11], kernel: [3, 3], stride: [1, 2], padding: [2, 2], dilation: [2, 3] },
  { shape: [1, 3, 5, 6], kernel: [2, 2], stride: [1, 1], padding: [3, 4], dilation: [1, 1] },
  { shape: [3, 2, 6, 6], kernel: [1, 1], stride: [2, 2], padding: [0, 0], dilation: [1, 1] },
  { shape: [1, 1, 4, 13], kernel: [1, 5], stride: [1, 1], padding: [0, 2], dilation: [1, 1] },
];

const values = (n: number, f64: boolean, seed: number) => {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(i * 1.7 + seed) * 3;
  return a;
};

describe.runIf(wasmSupported())("wasm window kernels agree with the JS reference", () => {
  let wasm: Backend;
  const saved = windowTuning.minElements;
  beforeAll(async () => {
    wasm = (await initWasm())!.backend;
    windowTuning.minElements = 0; // every size through WebAssembly
  });
  afterAll(() => void (windowTuning.minElements = saved));

  for (const f64 of [false, true]) {
    for (const c of CASES) {
      const name = `${JSON.stringify(c)} ${f64 ? "float64" : "float32"}`;
      it(`im2col and col2im ${name}`, () => {
        const g: WindowGeometry = geometry(c.shape, { ...c, padValue: 0 }, "test");
        const x = values(g.n * g.c * g.h * g.w, f64, 1);
        const colsSize = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
        for (const pad of [0, -Infinity, 0.5]) {
          const want = f64 ? new Float64Array(colsSize) : new Float32Array(colsSize);
          const got = want.slice().fill(NaN);
          im2colJs(x, g, pad, want);
          wasm.im2col(x, g, pad, got);
          expect(Array.from(got), `pad ${pad}`).toEqual(Array.from(want));
        }
        const cols = values(colsSize, f64, 2);
        const start = values(x.length, f64, 3);
        const want = start.slice();
        const got = start.slice();
        col2imJs(cols, g, want);
        wasm.col2im(cols, g, got);
        expect(Array.from(got)).toEqual(Array.from(want));
      });
    }
  }
});
