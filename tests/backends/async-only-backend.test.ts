/** @file A backend that reads only asynchronously (as WebGPU does): synchronous reads throw an error naming the async call, async reads and moves work, and backends that must load first are selected by `await setBackend`. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { jsBackend } from "../../src/backends/js/index.js";
import type { Backend } from "../../src/backends/kernels.js";
import { registerBackend, registerBackendLoader } from "../../src/backends/registry.js";
import { hostStorage, type StorageOps } from "../../src/backends/storage.js";
import { getBackend, setBackend, tensor, ValueError, type Tensor } from "../../src/index.js";

/** The host storage operations without `readSync`: values are readable only through a Promise. */
const { readSync: _sync, ...asyncOnlyStorage } = hostStorage;
const asyncOnly: Backend = { ...jsBackend, name: "async-only", storage: asyncOnlyStorage satisfies StorageOps };

/** The message `fn` throws as a ValueError (fails the test otherwise). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    return (e as Error).message;
  }
  throw new Error("expected a ValueError, none was thrown");
}

describe("a backend that reads only asynchronously", () => {
  let before = "js";
  let x: Tensor;
  beforeAll(async () => {
    before = getBackend();
    registerBackend(asyncOnly);
    await setBackend("async-only");
    x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { name: "x" },
    );
  });
  afterAll(() => setBackend(before));

  it("owns the tensors made while it is selected", () => {
    expect(x.backend).toBe("async-only");
  });

  it("synchronous reads throw an error that names the backend and the async call to use", () => {
    expect(messageOf(() => x.dataSync())).toBe(
      `dataSync: "x" [2, 2] float32 lives on the "async-only" backend, which reads only asynchronously; use await t.dataAsync().`,
    );
    expect(messageOf(() => x.toArray())).toMatch(/^toArray: .*; use await t\.array\(\)\.$/);
    expect(messageOf(() => x.sum().item())).toMatch(/^item: .*; use \(await t\.dataAsync\(\)\)\[0\]\.$/);
    expect(messageOf(() => x.data)).toMatch(/^data: .*; use await t\.dataAsync\(\) for a copy, or write with t\.data = array\.$/);
    expect(messageOf(() => x.to("js"))).toMatch(
      /^to: .*; use tensor\(await t\.dataAsync\(\), \{ shape: t\.shape \}\) after await setBackend\("js"\)\.$/,
    );
  });

  it("printing shows where the values are instead of reading them", () => {
    expect(String(x)).toBe(`tensor(<on "async-only": await t.array()>, name="x", shape=[2, 2], dtype=float32)`);
  });

  it("async reads give the values, also of computed tensors", async () => {
    expect(await x.dataAsync()).toEqual(new Float32Array([1, 2, 3, 4]));
    expect(await x.array()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const y = x.mul(2).sum();
    expect(await y.array()).toBe(20);
  });

  it("assigning .data uploads the values (one version on)", async () => {
    const t = tensor([1, 2]);
    const v = t.store.version;
    t.data = new Float32Array([5, 6]);
    expect(t.store.version).toBe(v + 1);
    expect(await t.array()).toEqual([5, 6]);
  });

  it("tensors move to it with to() and back with an async read", async () => {
    await setBackend("js");
    const h = tensor([1.5, 2.5]);
    const d = h.to("async-only");
    expect(d.backend).toBe("async-only");
    expect(() => d.dataSync()).toThrow(/await t\.dataAsync\(\)/);
    const back = tensor(await d.dataAsync(), { shape: d.shape });
    expect(back.toArray()).toEqual([1.5, 2.5]);
    await setBackend("async-only");
  });
});

describe("a backend that loads on first use", () => {
  it("await setBackend(name) loads it, registers it and selects it; without it the current one stays", async () => {
    const before = getBackend();
    let loads = 0;
    registerBackendLoader("lazy", async () => {
      loads++;
      return { ...jsBackend, name: "lazy" };
    });
    const p = setBackend("lazy");
    expect(getBackend()).toBe(before); // not selected until loaded
    await p;
    expect(getBackend()).toBe("lazy");
    expect(tensor([1]).backend).toBe("lazy");
    await setBackend("lazy"); // registered now: no second load
    expect(loads).toBe(1);
    await setBackend(before);
  });

  it("rejects with a ValueError naming the backend when it is not available here", async () => {
    registerBackendLoader("absent", async () => null);
    await expect(setBackend("absent")).rejects.toThrow(/setBackend: backend "absent" is not available here; available: js/);
  });

  it("tensor.to() names the await setBackend call when the backend has not loaded yet", () => {
    registerBackendLoader("later", async () => ({ ...jsBackend, name: "later" }));
    expect(() => tensor([1]).to("later")).toThrow(/run await setBackend\("later"\) once first/);
  });
});
