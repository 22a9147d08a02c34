/** @file Hunting stale operand copies in wasm memory: a randomized arena run checked against the arrays, kernel failures, tuning changes and the SGD kernel on threads. */
import { describe, it, expect, beforeAll } from "vitest";
import { sgdUpdateJs } from "../../src/backends/js/sgd.js";
import type { SgdArgs } from "../../src/backends/kernels.js";
import { Arena } from "../../src/backends/wasm/arena.js";
import { loadWasm, wasmSupported, type WasmRuntime } from "../../src/backends/wasm/module.js";
import * as generated from "../../src/backends/wasm/kernels-wasm.generated.js";
import { makeWasmSgd, optimTuning } from "../../src/backends/wasm/optim.js";
import { WorkerPool } from "../../src/backends/wasm/pool.js";
import { allocate, type TypedArray } from "../../src/tensor/dtype.js";
import { backendCopies, isPrivate, noteWritten, ownershipTuning } from "../../src/backends/ownership.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { TestRng } from "../helpers/test-rng.js";

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
