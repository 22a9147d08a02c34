/** @file Both kernel builds (relaxed-SIMD FMA and plain SIMD-128), forced in turn, against the JS reference matmul. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { wasmInfo } from "../../src/backends/wasm/index.js";
import { makeWasmMatmul, matmulTuning } from "../../src/backends/wasm/matmul.js";
import { Arena } from "../../src/backends/wasm/arena.js";
import { loadWasm, wasmSupported } from "../../src/backends/wasm/module.js";
import { WorkerPool } from "../../src/backends/wasm/pool.js";
import { compareToReference } from "../helpers/matmul-reference.js";
import "../../src/index.js";

describe.runIf(wasmSupported())("wasm kernel variants", () => {
  const saved = { ...matmulTuning };
  beforeAll(() => {
    // every product through wasm and the threaded split
    matmulTuning.wasmMinMacs = 0;
    matmulTuning.parallelMinMacs = 0;
  });
  afterAll(() => Object.assign(matmulTuning, saved));

  it("the default backend runs the relaxed-SIMD build in Node unless CHAINRULE_RELAXED_SIMD=0", () => {
    expect(wasmInfo()?.variant).toBe(process.env["CHAINRULE_RELAXED_SIMD"] === "0" ? "simd" : "relaxed-simd");
  });

  for (const relaxed of [true, false]) {
    const variant = relaxed ? "relaxed-simd" : "simd";
    it(`${variant}, shared memory on three threads: all transposes, edge tiles, both dtypes`, async () => {
      const rt = await loadWasm(3, { relaxed });
      expect(rt.variant).toBe(variant);
      const pool = new WorkerPool(rt);
      try {
        expect(await pool.whenReady(20_000)).toBe(2);
        compareToReference(makeWasmMatmul(pool, new Arena(rt)));
      } finally {
        pool.terminate();
      }
    });

    it(`${variant}, plain memory on one thread: all transposes, edge tiles, both dtypes`, async () => {
      const rt = await loadWasm(2, { shared: false, relaxed });
      expect(rt.variant).toBe(variant);
      expect(rt.threads).toBe(1);
      compareToReference(makeWasmMatmul(new WorkerPool(rt), new Arena(rt)));
    });
  }

  it("CHAINRULE_RELAXED_SIMD=0 loads the plain build", async () => {
    const before = process.env["CHAINRULE_RELAXED_SIMD"];
    process.env["CHAINRULE_RELAXED_SIMD"] = "0";
    try {
      expect((await loadWasm(1)).variant).toBe("simd");
    } finally {
      if (before === undefined) delete process.env["CHAINRULE_RELAXED_SIMD"];
      else process.env["CHAINRULE_RELAXED_SIMD"] = before;
    }
  });

  it("the two builds give different roundings (the fused kernel is really in use) within float tolerance", async () => {
    const [fused, plain] = await Promise.all([loadWasm(1, { relaxed: true }), loadWasm(1, { relaxed: false })]);
    const m = 64;
    const k = 300;
    const n = 64;
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 1.7));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.9));
    const run = (rt: typeof fused) => {
      const out = new Float32Array(m * n);
      makeWasmMatmul(
        new WorkerPool(rt),
        new Arena(rt),
      )({ a, aOffset: 0, b, bOffset: 0, out, outOffset: 0, m, k, n, transA: false, transB: false });
      return out;
    };
    const x = run(fused);
    const y = run(plain);
    let differ = 0;
    for (let i = 0; i < x.length; i++) {
      expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-3);
      if (x[i] !== y[i]) differ++;
    }
    // x64 (FMA3 since 2013) and arm64 fuse relaxed_madd; elsewhere an engine may compute it unfused
    if (process.arch === "x64" || process.arch === "arm64") expect(differ).toBeGreaterThan(0);
  });
});
