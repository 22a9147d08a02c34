/** @file Private arrays (backend copies may be reused) and output arrays that skip zeroing. */
import { describe, it, expect } from "vitest";
import { allocate, allocateOutput } from "../../src/tensor/dtype.js";
import { backendCopies, isPrivate, noteWritten } from "../../src/backends/ownership.js";
import { add, matmul, relu, tensor, Tensor } from "../../src/index.js";

describe("array ownership", () => {
  it("arrays chainrule allocates are private until handed out through .data", () => {
    const t = tensor(new Float32Array(4096).fill(1));
    expect(isPrivate(t.storage)).toBe(true);
    expect(isPrivate(new Float32Array(4096))).toBe(false);
    expect(isPrivate(allocate("float32", 8))).toBe(false); // small arrays are not tracked
    t.toArray();
    t.dataSync();
    expect(isPrivate(t.storage)).toBe(true);
    void t.data;
    expect(isPrivate(t.storage)).toBe(false);
  });

  it("noteWritten and exposure drop a recorded backend copy", () => {
    const a = allocate("float64", 2048);
    backendCopies.set(a, { any: 1 });
    noteWritten(a);
    expect(backendCopies.has(a)).toBe(false);
    const t = new Tensor(a, [2048]);
    backendCopies.set(a, { any: 1 });
    void t.data;
    expect(backendCopies.has(a)).toBe(false);
  });

  it("output arrays have the asked length and dtype, their own buffer, and are private", () => {
    for (const dtype of ["float32", "float64"] as const) {
      for (const n of [10, 5000, 1 << 16]) {
        const a = allocateOutput(dtype, n);
        expect(a.length).toBe(n);
        expect(a instanceof (dtype === "float64" ? Float64Array : Float32Array)).toBe(true);
        expect(a.byteOffset).toBe(0);
        expect(a.buffer.byteLength).toBe(a.byteLength);
        expect(isPrivate(a)).toBe(n >= 1024);
      }
    }
  });

  it("ops writing into unzeroed outputs give exact results at sizes that skip zeroing", () => {
    const n = 128;
    const x = tensor(
      Float32Array.from({ length: n * n }, (_, i) => (i % 7) - 3),
      { shape: [n, n] },
    );
    const eye = tensor(
      Float32Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)),
      { shape: [n, n] },
    );
    expect(Array.from(matmul(x, eye).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(add(x, 0).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(relu(x).dataSync())).toEqual(Array.from(x.dataSync(), (v) => Math.max(v, 0)));
    const empty = matmul(tensor(new Float32Array(0), { shape: [n, 0] }), tensor(new Float32Array(0), { shape: [0, n] }));
    expect(empty.dataSync().every((v) => v === 0)).toBe(true);
  });
});
