/** @file The arena's ring copies: reused only while intact and private, dropped on exposure, in-place writes and laps. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { Arena } from "../../src/backends/wasm/arena.js";
import { loadWasm, wasmSupported, type WasmRuntime } from "../../src/backends/wasm/module.js";
import { allocate } from "../../src/tensor/dtype.js";
import { noteWritten } from "../../src/backends/ownership.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { getBackend, matmul, nn, optim, relu, setBackend, tensor, type Tensor as PublicTensor } from "../../src/index.js";

const RING = 1 << 16;

/** A private float32 array (as chainrule allocates them) holding 0, 1, 2, … plus `base`. */
function privateArray(n: number, base = 0): Float32Array {
  const a = allocate("float32", n) as Float32Array;
  for (let i = 0; i < n; i++) a[i] = base + i;
  return a;
}

describe.runIf(wasmSupported())("wasm arena ring copies", () => {
  let rt: WasmRuntime;
  beforeAll(async () => {
    rt = await loadWasm(1);
  });

  /** Reads `n` float32 values at byte pointer `p`. */
  const read = (arena: Arena, p: number, n: number) => Array.from(new Float32Array(arena.views.of(new Float32Array(0)).buffer, p, n));

  it("copies a private array once and reuses the copy while it is intact", () => {
    const arena = new Arena(rt, { ringBytes: RING });
    const a = privateArray(2048);
    arena.begin(a.byteLength);
    const p1 = arena.put(a);
    arena.begin(a.byteLength);
    const p2 = arena.put(a);
    expect(p2).toBe(p1);
    expect(arena.stats).toEqual({ hits: 1, copies: 1 });
    expect(read(arena, p2, 4)).toEqual([0, 1, 2, 3]);
  });

  it("a product with a large output works above the ring, and the next kernel reads that output right", () => {
    const previous = getBackend();
    setBackend("wasm");
    try {
      const a = relu(
        tensor(
          Float32Array.from({ length: 1024 * 8 }, (_, i) => ((i * 7) % 13) - 6),
          { shape: [1024, 8] },
        ),
      );
      const b = relu(
        tensor(
          Float32Array.from({ length: 8 * 1024 }, (_, i) => ((i * 5) % 11) - 5),
          { shape: [8, 1024] },
        ),
      );
      const c = matmul(a, b); // 4 MiB output: the fixed region above the ring
      const d = matmul(c, b, { transB: true }).dataSync(); // reads c (no ring copy: copied in again)
      const cd = c.dataSync();
      const bd = b.dataSync();
      for (const [i, j] of [
        [0, 0],
        [1023, 7],
        [500, 3],
      ] as const) {
        let s = 0;
        for (let p = 0; p < 1024; p++) s += cd[i * 1024 + p]! * bd[j * 1024 + p]!;
        expect(d[i * 8 + j]).toBeCloseTo(s, 0);
      }
    } finally {
      setBackend(previous);
    }
  });

  it("a product too big for the ring after its operands' copies were lapped (2048×512 by 512×2048)", () => {
    const previous = getBackend();
    setBackend("wasm");
    try {
      const a = relu(
        tensor(
          Float32Array.from({ length: 2048 * 512 }, (_, i) => ((i * 7) % 13) - 6),
          { shape: [2048, 512] },
        ),
      );
      const b = relu(
        tensor(
          Float32Array.from({ length: 512 * 2048 }, (_, i) => ((i * 5) % 11) - 5),
          { shape: [512, 2048] },
        ),
      );
      const junk = relu(tensor(new Float32Array(1 << 20).fill(1), { shape: [1 << 20] }));
      for (let i = 0; i < 12; i++) relu(junk); // 48 MiB through the 32 MiB ring: a's and b's copies are gone
      const c = matmul(a, b).dataSync();
      const ad = a.dataSync();
      const bd = b.dataSync();
      for (const [i, j] of [
        [0, 0],
        [2047, 2047],
        [1000, 77],
      ] as const) {
        let s = 0;
        for (let p = 0; p < 512; p++) s += ad[i * 512 + p]! * bd[p * 2048 + j]!;
        expect(c[i * 2048 + j]).toBeCloseTo(s, 2);
      }
    } finally {
      setBackend(previous);
    }
  });

  it("never reuses arrays chainrule did not allocate, nor partial ranges", () => {
    const arena = new Arena(rt, { ringBytes: RING });
    const user = new Float32Array(2048);
    const a = privateArray(2048);
    for (let i = 0; i < 2; i++) {
      arena.begin(3 * a.byteLength);
      arena.put(user);
      arena.put(a, 0, 1024);
    }
    expect(arena.stats.hits).toBe(0);
  });

  it("drops the copy when the array is handed out through Tensor.data or written in place", () => {
    const arena = new Arena(rt, { ringBytes: RING });
    const a = privateArray(2048);
    const t = new Tensor(a, [2048]);
    arena.begin(a.byteLength);
    arena.put(a);
    t.data[0] = 42; // the user may write it from now on
    arena.begin(a.byteLength);
    const p = arena.put(a);
    expect(read(arena, p, 2)).toEqual([42, 1]);
    arena.begin(a.byteLength);
    arena.put(a);
    expect(arena.stats.hits).toBe(0);

    const b = privateArray(2048);
    arena.begin(b.byteLength);
    arena.put(b);
    noteWritten(b);
    b[1] = -7;
    arena.begin(b.byteLength);
    expect(read(arena, arena.put(b), 2)).toEqual([0, -7]);
    expect(arena.stats.hits).toBe(0);
  });

  it("remembers a whole private output, so the next kernel reads it without a copy", () => {
    const arena = new Arena(rt, { ringBytes: RING });
    const out = allocate("float32", 2048) as Float32Array;
    arena.begin(out.byteLength);
    const po = arena.take(out, out.length);
    new Float32Array(arena.views.of(out).buffer, po, 2048).fill(3);
    arena.get(po, out);
    expect(out[5]).toBe(3);
    arena.begin(out.byteLength);
    expect(arena.put(out)).toBe(po);
    expect(arena.stats).toEqual({ hits: 1, copies: 0 });
  });

  it("does not read a copy the ring has lapped, or that this call's own regions would overwrite", () => {
    const arena = new Arena(rt, { ringBytes: RING });
    const a = privateArray(2048, 100); // 8 KiB
    arena.begin(a.byteLength);
    arena.put(a);
    const filler = privateArray(4096); // 16 KiB per call: the ring laps after four
    for (let i = 0; i < 4; i++) {
      arena.begin(filler.byteLength);
      arena.take(filler, filler.length);
    }
    arena.begin(a.byteLength);
    const p = arena.put(a);
    expect(arena.stats.hits).toBe(0);
    expect(read(arena, p, 2)).toEqual([100, 101]);
    // a copy still intact now, but inside the span a 28 KiB call will write, is copied again
    const b = privateArray(2048, 7);
    arena.begin(b.byteLength);
    arena.put(b);
    arena.begin(16 * 1024);
    arena.take(filler, 2048);
    arena.begin(28 * 1024);
    const q = arena.put(b);
    expect(arena.stats.hits).toBe(0);
    expect(read(arena, q, 2)).toEqual([7, 8]);
  });

  it("an input announced to begin() needs no room, so its copy outlives worst-case accounting", () => {
    const arena = new Arena(rt, { ringBytes: RING });
    const a = privateArray(4096); // 16 KiB
    arena.begin(a.byteLength, [a]);
    const first = arena.put(a);
    for (let i = 0; i < 2; i++) {
      arena.begin(8 * 1024);
      arena.take(a, 2048);
    }
    // 16 KiB in, 16 KiB out: counted in full the call would reach a's copy (32 KiB + 16 + 16 > 64)
    arena.begin(2 * a.byteLength, [a]);
    expect(arena.put(a)).toBe(first);
    expect(arena.take(a, 4096)).not.toBe(first);
    expect(arena.stats).toEqual({ hits: 1, copies: 1 });
  });

  it("calls too big for the ring read intact ring copies but leave none behind", () => {
    const arena = new Arena(rt, { ringBytes: RING });
    const a = privateArray(2048);
    arena.begin(a.byteLength);
    const p = arena.put(a);
    const big = privateArray(16384); // 64 KiB: more than half the ring
    arena.begin(a.byteLength + 2 * big.byteLength);
    expect(arena.put(a)).toBe(p);
    const pb = arena.put(big);
    expect(pb).toBeGreaterThanOrEqual(rt.arena + RING);
    arena.begin(big.byteLength);
    arena.put(big);
    expect(arena.stats).toEqual({ hits: 1, copies: 3 });
  });

  it("an in-place kernel that updates a reused copy keeps that copy's age", () => {
    const arena = new Arena(rt, { ringBytes: RING });
    const call = (kib: number) => {
      arena.begin(kib * 1024);
      return arena.take(new Float32Array(0), kib * 256);
    };
    call(20);
    call(20);
    const p = privateArray(2048, 1); // its copy at 40 KiB of lap 0
    arena.begin(p.byteLength);
    const first = arena.put(p);
    call(20); // wraps to lap 1
    arena.begin(p.byteLength);
    const again = arena.put(p);
    expect(again).toBe(first);
    new Float32Array(arena.views.of(p).buffer, again, 2048).fill(9); // the kernel writes in place
    arena.get(again, p);
    call(20);
    // this call's first region lands on the copy (lap 1, 40 KiB): the copy must count as lapped
    arena.begin(2 * p.byteLength);
    const other = arena.take(p, 2048);
    expect(other).toBe(first);
    new Float32Array(arena.views.of(p).buffer, other, 2048).fill(-1);
    const last = arena.put(p);
    expect(read(arena, last, 2)).toEqual([9, 9]);
    expect(arena.stats).toEqual({ hits: 1, copies: 2 });
  });
});

describe.runIf(wasmSupported())("wasm backend with reused copies, through the public API", () => {
  let before = "js";
  beforeAll(() => {
    before = getBackend();
    setBackend("wasm");
  });
  afterAll(() => setBackend(before));

  const big = (n: number, seed: number, shape: number[]) =>
    tensor(
      Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 0.37)),
      { shape },
    );

  it("sees writes made through .data after a kernel read the tensor", () => {
    const x = big(4096, 1, [64, 64]);
    const y1 = relu(x).sum().item();
    x.data.fill(-1);
    expect(relu(x).sum().item()).toBe(0);
    expect(y1).toBeGreaterThan(0);
    const w = big(4096, 2, [64, 64]);
    const h = matmul(x, w);
    h.data[0] = 123; // an op's output, handed out and changed
    expect(h.add(0).dataSync()[0]).toBe(123);
  });

  type Maker = (ps: PublicTensor[]) => { zeroGrad(): void; step(): void };

  /** Trains a small MLP for six steps with `make(params)`, step s on backend `on(s)`; returns its final outputs. */
  function train(make: Maker, on: (step: number) => string): number[] {
    const model = new nn.MLP([64, 48, 10], { seed: 3 });
    const opt = make(model.parameters());
    const x = big(32 * 64, 5, [32, 64]);
    const labels = Array.from({ length: 32 }, (_, i) => i % 10);
    for (let s = 0; s < 6; s++) {
      setBackend(on(s));
      opt.zeroGrad();
      nn.crossEntropy(model.forward(x), labels).backward();
      opt.step();
    }
    setBackend("wasm");
    return Array.from(model.forward(x).dataSync());
  }

  it("training with SGD, momentum and Adam matches the js backend, also when a step runs on js", () => {
    const makers: Maker[] = [
      (ps) => new optim.SGD(ps, { lr: 0.1 }),
      (ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9 }),
      (ps) => new optim.Adam(ps, { lr: 0.01 }),
    ];
    for (const make of makers) {
      const wasm = train(make, () => "wasm");
      const mixed = train(make, (s) => (s === 3 ? "js" : "wasm"));
      const js = train(make, () => "js");
      for (const other of [mixed, js]) {
        expect(other.length).toBe(wasm.length);
        for (let i = 0; i < wasm.length; i++) expect(other[i]).toBeCloseTo(wasm[i]!, 4);
      }
    }
  });

  it("a model reloaded from a state dict computes with the loaded weights", () => {
    const model = new nn.MLP([64, 48, 10], { seed: 3 });
    const other = new nn.MLP([64, 48, 10], { seed: 4 });
    const x = big(32 * 64, 5, [32, 64]);
    const before = model.forward(x).dataSync();
    model.loadStateDict(other.stateDict());
    const after = model.forward(x).dataSync();
    expect(Array.from(after)).toEqual(Array.from(other.forward(x).dataSync()));
    expect(Array.from(after)).not.toEqual(Array.from(before));
  });
});
