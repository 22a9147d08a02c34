/** @file The wasm matmul against the JS reference: transpose flags, offsets, edge tiles, threads, batches and both dtypes. */
import { describe, it, expect, beforeAll, afterAll, vi } from "vitest";
import { getBackend, listBackends, matmul, randn, setBackend, tensor } from "../../src/index.js";
import { matmulBatchedJs } from "../../src/backends/js/matmul.js";
import { initWasm } from "../../src/backends/wasm/index.js";
import { makeWasmMatmul, makeWasmMatmulBatched, matmulTuning } from "../../src/backends/wasm/matmul.js";
import { makeWasmElementwise } from "../../src/backends/wasm/elementwise.js";
import { jsBackend } from "../../src/backends/js/index.js";
import { Arena } from "../../src/backends/wasm/arena.js";
import { loadWasm, wasmSupported } from "../../src/backends/wasm/module.js";
import { WorkerPool } from "../../src/backends/wasm/pool.js";
import { compareToReference, random } from "../helpers/matmul-reference.js";

describe.runIf(wasmSupported())("wasm backend", () => {
  const saved = { ...matmulTuning };
  beforeAll(() => {
    // force every product, however small, through wasm and the threaded split
    matmulTuning.wasmMinMacs = 0;
    matmulTuning.parallelMinMacs = 0;
  });
  afterAll(() => Object.assign(matmulTuning, saved));

  it("is registered and chosen by default where WebAssembly SIMD exists", () => {
    expect(listBackends()).toContain("wasm");
    // CHAINRULE_BACKEND=js makes the reference the default
    expect(getBackend()).toBe(process.env["CHAINRULE_BACKEND"] === "js" ? "js" : "wasm");
    setBackend("js");
    expect(getBackend()).toBe("js");
    setBackend("wasm");
    expect(getBackend()).toBe("wasm");
  });

  it("matmul agrees with the JS reference for all transpose flags, offsets, edge tiles and k = 0", async () => {
    const st = (await initWasm())!;
    compareToReference(st.backend.matmul);
  });

  it("small products (worksheet sizes) stay in JavaScript and agree with the reference", async () => {
    const st = (await initWasm())!;
    const forced = { ...matmulTuning };
    Object.assign(matmulTuning, saved);
    try {
      compareToReference(st.backend.matmul);
    } finally {
      Object.assign(matmulTuning, forced);
    }
  });

  it("splits products across three worker threads and agrees with the reference", async () => {
    const rt = await loadWasm(3);
    const pool = new WorkerPool(rt);
    try {
      expect(await pool.whenReady(20_000)).toBe(2);
      compareToReference(makeWasmMatmul(pool, new Arena(rt)));
    } finally {
      pool.terminate();
    }
  });

  it("batched products (broadcast operands, transposes, both dtypes) agree with the reference on three threads", async () => {
    const rt = await loadWasm(3);
    const pool = new WorkerPool(rt);
    try {
      expect(await pool.whenReady(20_000)).toBe(2);
      const arena = new Arena(rt);
      const batched = makeWasmMatmulBatched(pool, arena, makeWasmMatmul(pool, arena));
      const shared = vi.spyOn(pool, "runBatch");
      for (const f64 of [false, true]) {
        for (const [items, m, k, n] of [
          [5, 7, 9, 11],
          [64, 32, 40, 24],
          [3, 130, 70, 90],
          [200, 48, 48, 48], // grows the memory after the workers started: they must follow
        ] as const) {
          for (const [transA, transB] of [
            [false, false],
            [true, false],
            [false, true],
            [true, true],
          ] as const) {
            const a = random(items * m * k, f64, items + m);
            const b = random(k * n * 2, f64, n);
            // A batched, B broadcast between two matrices: offsets repeat
            const aOffsets = Array.from({ length: items }, (_, i) => i * m * k);
            const bOffsets = Array.from({ length: items }, (_, i) => (i % 2) * k * n);
            const want = f64 ? new Float64Array(items * m * n) : new Float32Array(items * m * n);
            const got = want.slice().fill(7);
            const args = { a, aOffsets, b, bOffsets, m, k, n, transA, transB };
            matmulBatchedJs({ ...args, out: want });
            // each product below the split threshold, the batch above it: products shared out whole
            matmulTuning.parallelMinMacs = 2 * m * k * n;
            try {
              batched({ ...args, out: got });
            } finally {
              matmulTuning.parallelMinMacs = 0;
            }
            const tol = (f64 ? 1e-12 : 2e-5) * k;
            let worst = 0;
            for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i]! - got[i]!));
            expect(worst, `${f64 ? "f64" : "f32"} ${items}×${m}×${k}×${n} ${transA} ${transB}`).toBeLessThan(tol);
          }
        }
      }
      expect(shared).toHaveBeenCalledTimes(2 * 4 * 4);
    } finally {
      pool.terminate();
    }
  });

  it("runs single-threaded over a plain (non-shared) memory where SharedArrayBuffer is unavailable", async () => {
    const rt = await loadWasm(4, { shared: false });
    expect(rt.threads).toBe(1);
    expect(rt.memory.buffer instanceof SharedArrayBuffer).toBe(false);
    const arena = new Arena(rt);
    compareToReference(makeWasmMatmul(new WorkerPool(rt), arena));
    // growing a plain memory detaches its old buffer: views must follow
    const ew = makeWasmElementwise(rt, arena);
    const big = random(1 << 20, false, 5);
    const want = new Float32Array(big.length);
    const got = new Float32Array(big.length);
    jsBackend.unary.relu(big, want);
    ew.unary.relu(big, got);
    expect(got).toEqual(want);
  });

  it("gives the same tensors and gradients as the js backend through the public API", () => {
    const a = randn([3, 40, 50], { seed: 1, requiresGrad: true });
    const b = randn([50, 60], { seed: 2, requiresGrad: true });
    const run = (name: string) => {
      setBackend(name);
      a.zeroGrad();
      b.zeroGrad();
      const y = matmul(a, b, {}).relu();
      y.sum().backward();
      return [y.dataSync(), a.grad!.dataSync(), b.grad!.dataSync()];
    };
    const ref = run("js");
    const got = run("wasm");
    for (let t = 0; t < ref.length; t++) {
      for (let i = 0; i < ref[t]!.length; i++) expect(got[t]![i]).toBeCloseTo(ref[t]![i]!, 3);
    }
  });

  it("keeps float64 precise", () => {
    const a = tensor(random(200 * 300, true, 3) as Float64Array, { shape: [200, 300] });
    const b = tensor(random(300 * 100, true, 4) as Float64Array, { shape: [300, 100] });
    setBackend("js");
    const want = matmul(a, b).dataSync();
    setBackend("wasm");
    const got = matmul(a, b).dataSync();
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i]! - got[i]!));
    expect(worst).toBeLessThan(1e-12);
  });
});
