/** @file Hunting stale operand copies in wasm memory: a randomized arena run checked against the arrays, kernel failures, tuning changes, the SGD tail and job board races, and a small-ring backend trained against js. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { jsBackend } from "../../src/backends/js/index.js";
import { sgdUpdateJs } from "../../src/backends/js/sgd.js";
import type { Backend, SgdArgs } from "../../src/backends/kernels.js";
import { registerBackend } from "../../src/backends/registry.js";
import { Arena } from "../../src/backends/wasm/arena.js";
import { elementwiseTuning, makeWasmElementwise } from "../../src/backends/wasm/elementwise.js";
import { makeWasmMatmul, makeWasmMatmulBatched, matmulTuning } from "../../src/backends/wasm/matmul.js";
import { loadWasm, wasmSupported, type WasmRuntime } from "../../src/backends/wasm/module.js";
import * as generated from "../../src/backends/wasm/kernels-wasm.generated.js";
import { makeWasmSgd, optimTuning } from "../../src/backends/wasm/optim.js";
import { WorkerPool } from "../../src/backends/wasm/pool.js";
import { workChunks } from "../../src/backends/wasm/worker-source.js";
import { allocate, type TypedArray } from "../../src/tensor/dtype.js";
import { backendCopies, isPrivate, noteWritten, ownershipTuning } from "../../src/tensor/ownership.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { TestRng } from "../helpers/test-rng.js";
import { DTypeError, getBackend, matmul, nn, optim, setBackend, ShapeError, tensor } from "../../src/index.js";

/** A seeded uniform generator in [0, 1). */
function rng(seed: number): () => number {
  const r = new TestRng(seed);
  return () => r.next();
}

describe.runIf(wasmSupported())("ring copies never go stale", () => {
  let rt: WasmRuntime;
  beforeAll(async () => {
    rt = await loadWasm(1);
  });

  it("a random run of calls (laps, calls above the ring, in-place updates, writes, exposure) only ever reads current data", () => {
    const ring = 1 << 16; // 16 Ki floats: arrays of 1–5 Ki floats lap it every few calls, pairs of big ones go above it
    const arena = new Arena(rt, { ringBytes: ring });
    const rand = rng(12345);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const fresh = () => {
      const a = allocate(rand() < 0.2 ? "float64" : "float32", int(600, 5000));
      for (let i = 0; i < a.length; i++) a[i] = rand();
      return a;
    };
    const heap = (a: TypedArray, p: number, n = a.length) =>
      arena.views.of(a).subarray(p / a.BYTES_PER_ELEMENT, p / a.BYTES_PER_ELEMENT + n);
    const same = (a: TypedArray, p: number, what: string) => {
      const h = heap(a, p);
      for (let i = 0; i < a.length; i++) if (h[i] !== a[i]) throw new Error(`${what}: element ${i} is ${h[i]} in memory, ${a[i]} in JS`);
    };
    const pool: TypedArray[] = Array.from({ length: 10 }, fresh);
    for (let step = 0; step < 4000; step++) {
      const r = rand();
      if (r < 0.08) {
        // chainrule writes in place (optimizers, loading weights)
        const a = pool[int(0, pool.length - 1)]!;
        noteWritten(a);
        a[int(0, a.length - 1)] = -step;
        continue;
      }
      if (r < 0.1) {
        // the user takes the array through Tensor.data and writes it
        const a = pool[int(0, pool.length - 1)]!;
        new Tensor(a, [a.length]).data[0] = step;
        continue;
      }
      // one kernel call: inputs of one dtype (some announced), then an output or an in-place update of input 0
      const dt = rand() < 0.2 ? Float64Array : Float32Array;
      let choices = pool.filter((a) => a instanceof dt);
      if (choices.length === 0) choices = [pool[0]!];
      const inputs = Array.from({ length: int(1, 3) }, () => choices[int(0, choices.length - 1)]!);
      const inPlace = rand() < 0.25;
      const out = inPlace ? inputs[0]! : allocate(inputs[0] instanceof Float64Array ? "float64" : "float32", int(600, 5000));
      const partial = rand() < 0.1 ? inputs[inputs.length - 1]! : null;
      const e = inputs[0]!.BYTES_PER_ELEMENT;
      const bytes = (inputs.reduce((s, a) => s + a.length, 0) + (inPlace ? 0 : out.length)) * e;
      const announced = inputs.filter((a) => a !== partial && rand() < 0.7);
      if (!arena.begin(bytes, announced)) continue;
      const ptrs = inputs.map((a) => (a === partial ? arena.put(a, 1, a.length - 1) : arena.put(a)));
      inputs.forEach((a, i) => {
        if (a === partial) {
          const h = heap(a, ptrs[i]!, a.length - 2);
          for (let j = 0; j < h.length; j++) if (h[j] !== a[j + 1]) throw new Error(`step ${step}: partial input ${i} differs at ${j}`);
        } else same(a, ptrs[i]!, `step ${step}: input ${i}`);
      });
      let po: number;
      if (inPlace) {
        po = ptrs[0]!;
        if (inputs[0] === partial) continue;
        const h = heap(out, po);
        for (let i = 0; i < h.length; i++) h[i] = h[i]! * 0.5 + 1; // the kernel updates its input in place
      } else {
        po = arena.take(out, out.length);
        heap(out, po).fill(step + 0.25);
        // the output region must not overlap any input this call reads
        inputs.forEach((a, i) => {
          if (a !== partial) same(a, ptrs[i]!, `step ${step}: input ${i} after the output`);
        });
      }
      arena.get(po, out);
      same(out, po, `step ${step}: output`);
      if (!inPlace) pool[int(0, pool.length - 1)] = out;
      else if (rand() < 0.05) pool[int(0, pool.length - 1)] = fresh();
    }
    // the run exercised reuse, laps and big calls
    expect(arena.stats.hits).toBeGreaterThan(500);
    expect(arena.stats.copies).toBeGreaterThan(500);
  });
});

describe.runIf(wasmSupported())("stale copies after failures and tuning changes", () => {
  let rt: WasmRuntime;
  beforeAll(async () => {
    rt = await loadWasm(1);
  });

  /** A private float32 array of `n` values from `seed`. */
  const privateArray = (n: number, seed: number) => {
    const a = allocate("float32", n);
    const r = rng(seed);
    for (let i = 0; i < n; i++) a[i] = r() - 0.5;
    return a;
  };

  it("an SGD update that fails part-way leaves no half-updated copy of the parameter to be reused", () => {
    const arena = new Arena(rt);
    const pool = new WorkerPool(rt);
    const sgd = makeWasmSgd(rt, arena, pool);
    // a kernel that dies half-way (as a worker that runs out of memory), after writing half of p's copy
    const half =
      (f: (...a: number[]) => void) =>
      (mode: number, pp: number, pg: number, pb: number, n: number, ...rest: number[]) => {
        f(mode, pp, pg, pb, n >> 1, ...rest);
        throw new Error("kernel failed");
      };
    const broken = { ...rt, exports: { ...rt.exports, sgd32: half(rt.exports.sgd32), sgd64: half(rt.exports.sgd64) } };
    const failing = makeWasmSgd(broken, arena, pool);
    const n = 4096;
    const p = privateArray(n, 1);
    const g = privateArray(n, 2);
    const buf = allocate("float32", n);
    const hyper = { lr: 0.1, sign: 1, wd: 0, mu: 0.9, bm: 0.9, bk: 1, nesterov: false };
    const args: SgdArgs = { ...hyper, p, g, buf };
    const want = { p: p.slice(), buf: buf.slice() };
    const ref: SgdArgs = { ...hyper, p: want.p, g, buf: want.buf };
    sgd(args); // p and buf now have ring copies
    sgdUpdateJs(ref);
    expect(() => failing(args)).toThrow("kernel failed");
    // the failed step changed nothing in JavaScript; the next step must start from there
    expect(Array.from(p)).toEqual(Array.from(want.p));
    sgd(args);
    sgdUpdateJs(ref);
    expect(Array.from(p)).toEqual(Array.from(want.p));
    expect(Array.from(buf)).toEqual(Array.from(want.buf));
  });

  it("the kernel module has no data segments: a worker instantiating it never rewrites shared memory", () => {
    // an active data segment is copied into the memory at every instantiation, i.e. by each new
    // worker, over whatever a running kernel keeps there (the SGD kernel once kept an odd tail there)
    for (const b64 of Object.values(generated)) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const ids: number[] = [];
      let o = 8;
      const leb = () => {
        let r = 0;
        for (let s = 0; ; s += 7) {
          const b = bytes[o++]!;
          r |= (b & 0x7f) << s;
          if (!(b & 0x80)) return r;
        }
      };
      while (o < bytes.length) {
        const id = bytes[o++]!;
        const size = leb();
        ids.push(id);
        o += size;
      }
      expect(ids).toContain(10); // the code section: the parse walked the module
      expect(ids).not.toContain(11);
    }
  });

  it("threaded SGD in odd pieces over odd lengths gives the JS reference's bits", async () => {
    const rt2 = await loadWasm(2);
    const pool = new WorkerPool(rt2);
    expect(await pool.whenReady()).toBe(1);
    const saved = { ...optimTuning };
    try {
      Object.assign(optimTuning, { minElements: 0, parallelMinElements: 0, quantum: 3 });
      const sgd = makeWasmSgd(rt2, new Arena(rt2), pool);
      const hyper = { lr: 0.1, sign: 1, wd: 0, mu: 0.9, bm: 0.9, bk: 1, nesterov: false };
      for (const f64 of [false, true]) {
        for (const n of [1, 7, 1025, 4097]) {
          const make = () => (f64 ? allocate("float64", n) : privateArray(n, n));
          const p = make();
          const g = make().map((_, i) => i - 3);
          const buf = make();
          const want = { p: p.slice(), buf: buf.slice() };
          for (let step = 0; step < 3; step++) {
            sgdUpdateJs({ ...hyper, p: want.p, g, buf: want.buf });
            sgd({ ...hyper, p, g, buf });
          }
          expect(Array.from(p)).toEqual(Array.from(want.p));
          expect(Array.from(buf)).toEqual(Array.from(want.buf));
        }
      }
    } finally {
      Object.assign(optimTuning, saved);
      pool.terminate();
    }
  });

  it("raising ownershipTuning.minLength again does not keep arrays tracked under the lower threshold private", () => {
    const saved = ownershipTuning.minLength;
    const arena = new Arena(rt);
    let a: Float32Array;
    try {
      ownershipTuning.minLength = 16;
      a = privateArray(64, 3) as Float32Array;
      arena.begin(a.byteLength, [a]);
      arena.put(a); // copied and remembered
    } finally {
      ownershipTuning.minLength = saved;
    }
    const t = new Tensor(a, [64]);
    t.data[0] = 99; // handed out and written
    expect(isPrivate(a)).toBe(false);
    arena.begin(a.byteLength, [a]);
    const p = arena.put(a);
    expect(arena.views.of(a)[p / 4]).toBe(99);
    const b = (() => {
      try {
        ownershipTuning.minLength = 16;
        return privateArray(64, 4);
      } finally {
        ownershipTuning.minLength = saved;
      }
    })();
    backendCopies.set(b, { stale: true });
    noteWritten(b);
    expect(backendCopies.has(b)).toBe(false);
  });
});

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
