/** @file Reading values on every backend (`await t.dataAsync()`, `await t.array()`), moving tensors between backends (`t.to`), and `setBackend` as a Promise. */
import { describe, it, expect, afterEach } from "vitest";
import { jsBackend } from "../../src/backends/js/index.js";
import { registerBackend } from "../../src/backends/registry.js";
import { getBackend, GradientError, listBackends, setBackend, tensor, ValueError } from "../../src/index.js";

const start = getBackend();
afterEach(() => setBackend(start));

describe("async reads on a synchronous backend", () => {
  it("dataAsync() resolves to a copy of the values as a typed array of the tensor's dtype", async () => {
    const t = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: "float64" },
    );
    const values = await t.dataAsync();
    expect(values).toEqual(new Float64Array([1, 2, 3, 4]));
    values[0] = 9; // a copy: the tensor keeps its values
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("array() resolves to the nested arrays toArray() gives, and a number for 0-d", async () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(await t.array()).toEqual(t.toArray());
    expect(await tensor(7).array()).toBe(7);
    expect(await tensor([]).array()).toEqual([]);
  });
});

describe("moving a tensor with to()", () => {
  it("to() gives the same values on every registered backend, owned by it", () => {
    const x = tensor(
      [
        [1.5, -2],
        [3, 4],
      ],
      { name: "x" },
    );
    for (const name of listBackends()) {
      const y = x.to(name);
      expect(y.toArray()).toEqual(x.toArray());
      expect(y.shape).toEqual([2, 2]);
      expect(y.dtype).toBe("float32");
      expect(y.backend).toBe(name);
      expect(y.name).toBe("x");
    }
  });

  it("to() the tensor's own backend returns the tensor itself; another gives a copy", async () => {
    await setBackend("js");
    const x = tensor([1, 2]);
    expect(x.to("js")).toBe(x);
    const other = listBackends().find((n) => n !== "js");
    if (other) {
      const y = x.to(other);
      y.data[0] = 9;
      expect(x.toArray()).toEqual([1, 2]);
    }
  });

  it("a moved leaf keeps requiresGrad and trains on its own; a computed tensor in a graph refuses to move", () => {
    registerBackend({ ...jsBackend, name: "js-twin" });
    const w = tensor([3], { requiresGrad: true, name: "w" });
    const moved = w.to("js-twin");
    expect(moved.requiresGrad).toBe(true);
    expect(moved.isLeaf).toBe(true);
    moved.mul(moved).sum().backward();
    expect(moved.grad!.toArray()).toEqual([6]);
    expect(w.grad).toBeNull();
    const y = w.mul(2);
    expect(() => y.to("js-twin")).toThrow(GradientError);
    expect(() => y.to("js-twin")).toThrow(/to: tensor#\d+ \[1\] float32 was computed by "mul" and requires grad/);
    expect(y.detach().to("js-twin").toArray()).toEqual([6]);
  });

  it("to() an unknown backend names the ones there are", () => {
    expect(() => tensor([1]).to("tpu")).toThrow(/to: unknown backend "tpu"; available: js/);
  });
});

describe("setBackend returns a Promise", () => {
  it("switches at once for a registered backend, and the Promise resolves", async () => {
    const p = setBackend("js");
    expect(getBackend()).toBe("js");
    expect(p).toBeInstanceOf(Promise);
    await expect(p).resolves.toBeUndefined();
  });

  it("still throws at once for an unknown name", () => {
    expect(() => setBackend("nope")).toThrow(ValueError);
  });
});
