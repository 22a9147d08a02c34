/** @file The wasm SGD update against the JS reference, bit for bit: every mode, both dtypes, odd lengths, both kernel builds. */
import { describe, it, expect, afterEach } from "vitest";
import { sgdUpdateJs } from "../../src/backends/js/sgd.js";
import type { SgdArgs } from "../../src/backends/kernels.js";
import { Arena } from "../../src/backends/wasm/arena.js";
import { loadWasm, wasmSupported } from "../../src/backends/wasm/module.js";
import { makeWasmSgd, optimTuning } from "../../src/backends/wasm/optim.js";
import { WorkerPool } from "../../src/backends/wasm/pool.js";
import { random } from "../helpers/matmul-reference.js";
import { getBackend, optim, setBackend, tensor } from "../../src/index.js";

const saved = { ...optimTuning };

/** Hyperparameters: plain (with weight decay, maximize), momentum's first and later steps, dampening, Nesterov. */
const CASES: Omit<SgdArgs, "p" | "g" | "buf">[] = [
  { lr: 0.1, sign: 1, wd: 0, mu: 0, bm: 0, bk: 1, nesterov: false },
  { lr: 0.03, sign: -1, wd: 0.01, mu: 0, bm: 0, bk: 1, nesterov: false },
  { lr: 0.1, sign: 1, wd: 0, mu: 0.9, bm: 0, bk: 1, nesterov: false },
  { lr: 0.1, sign: 1, wd: 1e-4, mu: 0.9, bm: 0.9, bk: 0.7, nesterov: false },
  { lr: 0.05, sign: -1, wd: 0.02, mu: 0.8, bm: 0.8, bk: 1, nesterov: true },
];

describe.runIf(wasmSupported())("wasm SGD update", () => {
  afterEach(() => Object.assign(optimTuning, saved));

  it("optim.SGD on a large parameter gives the same bits on the wasm and js backends", () => {
    const before = getBackend();
    const run = (name: string) => {
      setBackend(name);
      const p = tensor(random(5000, false, 1) as Float32Array, { shape: [50, 100], requiresGrad: true });
      const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 1e-3, nesterov: false });
      for (let s = 0; s < 3; s++) {
        p.grad = tensor(random(5000, false, 10 + s) as Float32Array, { shape: [50, 100] });
        opt.step();
      }
      return Array.from(p.dataSync());
    };
    try {
      expect(run("wasm")).toEqual(run("js"));
    } finally {
      setBackend(before);
    }
  });

  for (const [relaxed, threads] of [
    [true, 1],
    [false, 1],
    [true, 2],
  ] as const) {
    it(`matches the JS reference bit for bit (${relaxed ? "relaxed-simd" : "simd"} build, ${threads} thread${threads > 1 ? "s, every size split" : ""})`, async () => {
      const rt = await loadWasm(threads, { relaxed });
      const pool = new WorkerPool(rt);
      if (threads > 1) expect(await pool.whenReady()).toBe(threads - 1);
      const sgd = makeWasmSgd(rt, new Arena(rt), pool);
      optimTuning.minElements = 0;
      // split even small parameters, in pieces of 4 elements (odd counts leave a tail in the last piece)
      if (threads > 1) Object.assign(optimTuning, { parallelMinElements: 0, quantum: 4 });
      for (const f64 of [false, true]) {
        for (const n of [1, 2, 7, 4097, 20_000]) {
          for (const [c, hyper] of CASES.entries()) {
            const momentum = hyper.mu !== 0;
            const p = random(n, f64, n + c);
            const g = random(n, f64, 2 * n + c + 1);
            const buf = momentum ? random(n, f64, 3 * n + c) : null;
            const want = { p: p.slice(), buf: buf?.slice() ?? null };
            sgdUpdateJs({ ...hyper, p: want.p, g, buf: want.buf });
            sgd({ ...hyper, p, g, buf });
            const label = `${f64 ? "f64" : "f32"} n=${n} case ${c}`;
            expect(Array.from(p), label).toEqual(Array.from(want.p));
            if (buf) expect(Array.from(buf), label).toEqual(Array.from(want.buf!));
            // the step moved the parameters (the test would catch a kernel that does nothing)
            expect(
              p.some((v, i) => v !== random(n, f64, n + c)[i]),
              label,
            ).toBe(true);
          }
        }
      }
      pool.terminate();
    });
  }
});
