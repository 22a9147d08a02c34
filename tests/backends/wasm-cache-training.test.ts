/** @file Stale operand copies end to end: a small-ring wasm backend trained against js, writes through other tensors over the same array, Tensor.data assignment, and a race on the worker pool's job board. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { jsBackend } from "../../src/backends/js/index.js";
import type { Backend } from "../../src/backends/kernels.js";
import { registerBackend } from "../../src/backends/registry.js";
import { Arena } from "../../src/backends/wasm/arena.js";
import { elementwiseTuning, makeWasmElementwise } from "../../src/backends/wasm/elementwise.js";
import { makeWasmMatmul, makeWasmMatmulBatched, matmulTuning } from "../../src/backends/wasm/matmul.js";
import { loadWasm, wasmSupported } from "../../src/backends/wasm/module.js";
import { makeWasmSgd, optimTuning } from "../../src/backends/wasm/optim.js";
import { WorkerPool } from "../../src/backends/wasm/pool.js";
import { workChunks } from "../../src/backends/wasm/worker-source.js";
import { noteWritten } from "../../src/backends/ownership.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { TestRng } from "../helpers/test-rng.js";
import { DTypeError, getBackend, matmul, nn, optim, setBackend, ShapeError, tensor } from "../../src/index.js";

/** A seeded uniform generator in [0, 1). */
function rng(seed: number): () => number {
  const r = new TestRng(seed);
  return () => r.next();
}

describe.runIf(wasmSupported())("a wasm backend with a small ring and every kernel forced through WebAssembly, against js", () => {
  const saved = { mm: { ...matmulTuning }, ew: { ...elementwiseTuning }, opt: { ...optimTuning } };
  let before = "js";
  let arena: Arena;
  let pool: WorkerPool;
  beforeAll(async () => {
    const rt = await loadWasm(2);
    pool = new WorkerPool(rt);
    await pool.whenReady();
    // 128 KiB: the ring laps every few calls and the first layer's products go above it
    arena = new Arena(rt, { ringBytes: 1 << 17 });
    const single = makeWasmMatmul(pool, arena);
    const backend: Backend = {
      ...jsBackend,
      ...makeWasmElementwise(rt, arena),
      name: "wasm-small-ring",
      matmul: single,
      matmulBatched: makeWasmMatmulBatched(pool, arena, single),
      sgdUpdate: makeWasmSgd(rt, arena, pool),
    };
    registerBackend(backend);
    Object.assign(matmulTuning, { wasmMinMacs: 0 });
    Object.assign(elementwiseTuning, { minElements: 0 });
    Object.assign(optimTuning, { minElements: 0, parallelMinElements: 4096 });
    before = getBackend();
  });
  afterAll(() => {
    Object.assign(matmulTuning, saved.mm);
    Object.assign(elementwiseTuning, saved.ew);
    Object.assign(optimTuning, saved.opt);
    setBackend(before);
    pool.terminate();
  });

  /**
   * Trains a two-layer net (the second layer a batched product) with SGD+momentum on the first layer
   * and Adam on the second, the input batch rewritten in place through `.data` each step, a js step
   * in the middle and a reload of the weights; returns the final logits.
   */
  function train(name: string): number[] {
    setBackend(name);
    const r = rng(7);
    const param = (shape: number[], scale: number) =>
      tensor(
        Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (r() - 0.5) * scale),
        { shape, requiresGrad: true },
      );
    const W1 = param([64, 96], 0.3);
    const b1 = param([96], 0.1);
    const W2 = param([96, 40], 0.3);
    const b2 = param([40], 0.1);
    const sgd = new optim.SGD([W1, b1], { lr: 0.05, momentum: 0.9 });
    const adam = new optim.Adam([W2, b2], { lr: 0.01 });
    const x = tensor(new Float32Array(32 * 64), { shape: [32, 64] });
    const labels = Array.from({ length: 32 }, (_, i) => i % 40);
    const forward = () => {
      const h = x.matmul(W1).add(b1).relu();
      return matmul(h.reshape([4, 8, 96]), W2)
        .reshape([32, 40])
        .add(b2);
    };
    let saved: Record<string, Tensor> | null = null;
    for (let s = 0; s < 8; s++) {
      const xs = x.data; // the caller refills its input batch in place
      for (let i = 0; i < xs.length; i++) xs[i] = Math.sin(0.37 * i + s);
      setBackend(s === 4 ? "js" : name);
      sgd.zeroGrad();
      adam.zeroGrad();
      nn.crossEntropy(forward(), labels).backward();
      sgd.step();
      adam.step();
      setBackend(name);
      if (s === 2) saved = { W1: W1.detach().mul(1), W2: W2.detach().mul(1) };
      if (s === 5) {
        // back to the weights of step 2 (as loading a checkpoint does)
        for (const [p, v] of [
          [W1, saved!["W1"]!],
          [W2, saved!["W2"]!],
        ] as const) {
          noteWritten(p.storage);
          p.storage.set(v.storage);
        }
      }
    }
    return Array.from(forward().dataSync());
  }

  it("training reads current weights, inputs and momentum buffers at every step", () => {
    const hits = arena.stats.hits;
    const wasm = train("wasm-small-ring");
    expect(arena.stats.hits).toBeGreaterThan(hits + 50);
    const js = train("js");
    expect(wasm.length).toBe(js.length);
    for (let i = 0; i < js.length; i++) expect(Math.abs(wasm[i]! - js[i]!), `logit ${i}`).toBeLessThan(1e-3);
  });
});

describe.runIf(wasmSupported())("writes through other tensors over the same array, on the wasm backend", () => {
  let before = "js";
  beforeAll(() => {
    before = getBackend();
    setBackend("wasm");
  });
  afterAll(() => setBackend(before));

  const big = (rows: number, cols: number, seed: number) => {
    const r = rng(seed);
    return tensor(
      Float32Array.from({ length: rows * cols }, () => r() - 0.5),
      { shape: [rows, cols] },
    );
  };

  it("a write through a detached copy or a reshaped view is seen by the next kernel reading the original", () => {
    const x = big(64, 64, 1);
    const w = big(64, 64, 2);
    const first = matmul(x, w).dataSync();
    x.detach().data[0] = 1000; // same array as x
    const second = matmul(x, w).dataSync();
    expect(second[0]).not.toBe(first[0]);
    x.reshape([4096]).data[1] = -1000;
    const third = matmul(x, w).dataSync();
    expect(third[0]).not.toBe(second[0]);
    setBackend("js");
    const want = matmul(x, w).dataSync();
    setBackend("wasm");
    for (let i = 0; i < want.length; i++) expect(third[i]).toBeCloseTo(want[i]!, 3);
  });

  it("a gradient edited in place through .data (manual clipping) is what SGD applies", () => {
    const w = big(64, 64, 3);
    w.requiresGrad = true;
    const x = big(32, 64, 4);
    x.matmul(w).relu().sum().backward();
    const g = w.grad!;
    const opt = new optim.SGD([w], { lr: 1, momentum: 0.5 });
    const before = w.dataSync();
    const gd = g.data; // the gradient, edited in place after a kernel made it
    for (let i = 0; i < gd.length; i++) gd[i] = 1;
    opt.step();
    const after = w.dataSync();
    for (let i = 0; i < after.length; i++) expect(after[i]).toBeCloseTo(before[i]! - 1, 5);
  });
});

describe("assigning Tensor.data", () => {
  it("accepts an array of the tensor's dtype and length, and refuses others (kernels would misread them)", () => {
    const t = tensor(new Float32Array(2048));
    const next = new Float32Array(2048).fill(2);
    t.data = next;
    expect(t.sum().item()).toBe(4096);
    expect(() => (t.data = new Float64Array(2048))).toThrow(DTypeError);
    expect(() => (t.data = new Float32Array(2047))).toThrow(ShapeError);
    expect(t.data).toBe(next);
  });
});

describe.runIf(wasmSupported())("the worker pool's job board", () => {
  it("a worker still looping on the finished job cannot claim a piece while the next job is being written", async () => {
    const rt = await loadWasm(1);
    const pool = new WorkerPool(rt);
    const arena = new Arena(rt);
    arena.begin(3 * 2048 * 4);
    const p = arena.take(new Float32Array(0), 2048);
    const g = arena.take(new Float32Array(0), 2048);
    const hyper = [0.1, 1, 0, 0, 0, 1];
    pool.runSgd(false, 0, p, g, 0, 2048, hyper, 1, 1024); // job N: one piece, all claimed now
    const internals = pool as unknown as { board: Int32Array; seq: number };
    const board = internals.board;
    const finished = internals.seq;
    // a worker that read the board of job N and was descheduled just before its compare-and-swap
    // runs while job N+1's fields are written (emulated inside the board's bulk write of the arguments)
    const claimed: number[] = [];
    const stale = [0, 1, 2, 3].map(
      (op) =>
        (...a: number[]) =>
          void claimed.push(op, a.length),
    );
    Object.defineProperty(board, "set", {
      configurable: true,
      value(this: Int32Array, src: ArrayLike<number>, offset?: number) {
        workChunks(this, finished, stale, rt.scratch, rt.memory);
        Int32Array.prototype.set.call(this, src, offset);
      },
    });
    try {
      pool.runSgd(false, 0, p, g, 0, 2048, hyper, 4, 512); // job N+1: four pieces
    } finally {
      delete (board as { set?: unknown }).set;
    }
    expect(claimed).toEqual([]);
  });
});
