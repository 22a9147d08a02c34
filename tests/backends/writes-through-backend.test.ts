/** @file Parameter writes go through the backend: one version per optimizer step or load, no cache bookkeeping above src/backends, and the wasm backend's reused copies stay current after JS-loop optimizers and loads. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { initWasm } from "../../src/backends/wasm/index.js";
import type { Arena } from "../../src/backends/wasm/arena.js";
import { wasmSupported } from "../../src/backends/wasm/module.js";
import { loadModelFromSafetensors, modelToSafetensors } from "../../src/io/index.js";
import { getBackend, nn, optim, setBackend, tensor, type Tensor } from "../../src/index.js";
import { TestRng } from "../helpers/test-rng.js";

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** A seeded float32 array of `n` values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  const r = new TestRng(seed);
  return Float32Array.from({ length: n }, () => 2 * r.next() - 1);
}

const OPTIMIZERS: [string, (ps: Tensor[]) => optim.Optimizer][] = [
  ["SGD", (ps) => new optim.SGD(ps, { lr: 0.1 })],
  ["SGD with momentum", (ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9 })],
  ["Adam", (ps) => new optim.Adam(ps, { lr: 0.1 })],
  ["AdamW", (ps) => new optim.AdamW(ps, { lr: 0.1 })],
  ["Adagrad", (ps) => new optim.Adagrad(ps, { lr: 0.1 })],
  ["RMSprop", (ps) => new optim.RMSprop(ps, { lr: 0.1, momentum: 0.5 })],
];

describe("writes go through the backend", () => {
  it("no code above src/backends touches the backends' copy bookkeeping", () => {
    const offenders = sources("src")
      .filter((p) => !p.startsWith(join("src", "backends")))
      .filter((p) => /noteWritten|exposeArray|backendCopies|markPrivate|ownership\.js/.test(readFileSync(p, "utf8")))
      .filter((p) => p !== join("src", "tensor", "dtype.ts")); // allocation marks fresh arrays private
    expect(offenders).toEqual([]);
  });

  it.each(OPTIMIZERS)("%s counts one version per step on each updated parameter, none on a skipped one", (_, make) => {
    const p = tensor([1, -2, 3], { requiresGrad: true });
    const idle = tensor([1], { requiresGrad: true });
    const opt = make([p, idle]);
    for (let s = 1; s <= 3; s++) {
      p.grad = tensor([0.5, 0.25, -1]);
      opt.step();
      expect(p.store.version).toBe(s);
    }
    expect(idle.store.version).toBe(0);
  });

  it("loadStateDict and loadModelFromSafetensors count one version per parameter", () => {
    const m = new nn.Linear(3, 2);
    const file = modelToSafetensors(m);
    m.loadStateDict(m.stateDict());
    expect(m.parameters().map((p) => p.store.version)).toEqual([1, 1]);
    loadModelFromSafetensors(file, m);
    expect(m.parameters().map((p) => p.store.version)).toEqual([2, 2]);
  });
});

describe.runIf(wasmSupported())("the wasm backend's reused copies stay current after writes through the backend", () => {
  let before = "js";
  let arena: Arena;
  beforeAll(async () => {
    before = getBackend();
    arena = (await initWasm())!.arena;
  });
  afterAll(() => setBackend(before));

  /** A 64→64 layer (its weight large enough for the wasm backend to keep a copy) and a batch of 32 inputs. */
  function layer(): { lin: nn.Linear; x: Tensor } {
    setBackend("wasm");
    const lin = new nn.Linear(64, 64, { bias: false });
    return { lin, x: tensor(values(32 * 64, 2), { shape: [32, 64] }) };
  }

  /** The layer's output on the js backend, which keeps no copies: the reference. */
  function reference(lin: nn.Linear, x: Tensor): number[] {
    setBackend("js");
    const y = Array.from(lin.forward(x).dataSync());
    setBackend("wasm");
    return y;
  }

  function expectClose(got: number[], want: number[]): void {
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `output ${i}`).toBeLessThan(1e-4);
  }

  it.each(OPTIMIZERS)("after a %s step the next product reads the new weights", (_, make) => {
    const { lin, x } = layer();
    lin.forward(x);
    const hits = arena.stats.hits;
    lin.forward(x); // the weight's copy is reused while nothing writes it
    expect(arena.stats.hits).toBeGreaterThan(hits);
    const opt = make([lin.weight]);
    lin.weight.grad = tensor(values(64 * 64, 4), { shape: [64, 64] });
    opt.step();
    expectClose(Array.from(lin.forward(x).dataSync()), reference(lin, x));
  });

  it("after loadStateDict and loadModelFromSafetensors the next product reads the loaded weights", () => {
    const { lin, x } = layer();
    const other = new nn.Linear(64, 64, { bias: false });
    other.weight.data = values(64 * 64, 5);
    const file = modelToSafetensors(other);
    lin.forward(x);
    lin.loadStateDict({ weight: tensor(values(64 * 64, 6), { shape: [64, 64] }) });
    expectClose(Array.from(lin.forward(x).dataSync()), reference(lin, x));
    loadModelFromSafetensors(file, lin);
    const y = Array.from(lin.forward(x).dataSync());
    expectClose(y, reference(lin, x));
    expectClose(y, reference(other, x));
  });
});
