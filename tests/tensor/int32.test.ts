/** @file The int32 index dtype: creation, casts, no gradients, index ops that read it, safetensors I32, and every float op refusing it. */
import { describe, expect, it } from "vitest";
import {
  argmax,
  arange,
  captureGraph,
  cast,
  decodeSafetensors,
  DTypeError,
  embedding,
  encodeSafetensors,
  explain,
  full,
  gradcheck,
  GradientError,
  indexAdd,
  linspace,
  nn,
  numericalGrad,
  ones,
  randn,
  take,
  Tensor,
  tensor,
  toDot,
  ValueError,
  zeros,
} from "../../src/index.js";
import { drawPoint, opTable } from "../ops/op-table.js";

const int = (v: number[] | number[][]): Tensor => tensor(v, { dtype: "int32" });

describe("int32 tensors", () => {
  it("are made from nested arrays, Int32Arrays and the fill creators, and keep their dtype", () => {
    const a = int([
      [1, -2],
      [3, 2147483647],
    ]);
    expect(a.dtype).toBe("int32");
    expect(a.data).toBeInstanceOf(Int32Array);
    expect(a.toArray()).toEqual([
      [1, -2],
      [3, 2147483647],
    ]);
    expect(tensor(new Int32Array([4, 5])).dtype).toBe("int32");
    expect(tensor(new Int32Array([4, 5]), { dtype: "float64" }).toArray()).toEqual([4, 5]);
    expect(tensor(7, { dtype: "int32" }).item()).toBe(7);
    expect(zeros([2], { dtype: "int32" }).data).toEqual(new Int32Array([0, 0]));
    expect(ones([2], { dtype: "int32" }).toArray()).toEqual([1, 1]);
    expect(full([2], -3, { dtype: "int32" }).toArray()).toEqual([-3, -3]);
    expect(arange(0, 6, 2, { dtype: "int32" }).toArray()).toEqual([0, 2, 4]);
    expect(String(int([1, 2]))).toBe("tensor([1, 2], shape=[2], dtype=int32)");
  });

  it("refuse fractions and values outside the int32 range at creation instead of rounding", () => {
    expect(() => int([1.5])).toThrow(ValueError);
    expect(() => int([1.5])).toThrow(/tensor: element 0 is 1.5, which int32 cannot hold.*cast\("int32"\)/);
    expect(() => int([2 ** 31])).toThrow(/element 0 is 2147483648/);
    expect(() => tensor(new Float32Array([0, 0.25]), { dtype: "int32" })).toThrow(/element 1 is 0.25/);
    expect(() => full([2], 0.5, { dtype: "int32" })).toThrow(/full: element 0 is 0.5/);
    expect(() => arange(0, 1, 0.5, { dtype: "int32" })).toThrow(/arange: an int32 range needs a whole start and step/);
    expect(() => arange(2147483646, 2147483650, 1, { dtype: "int32" })).toThrow(/arange: element 1 is 2147483649/);
    expect(() => randn([2], { dtype: "int32" })).toThrow(DTypeError);
    expect(() => randn([2], { dtype: "int32" })).toThrow(/randn makes floating-point values only/);
    expect(() => linspace(0, 1, 3, { dtype: "int32" })).toThrow(DTypeError);
    expect(() => tensor([1], { dtype: "int64" as "int32" })).toThrow(/"float32" \(the default\), "float64" .* or "int32" \(indices\)/);
  });

  it("never require grad: asking for it is a GradientError that says why", () => {
    expect(() => tensor([1], { dtype: "int32", requiresGrad: true })).toThrow(GradientError);
    expect(() => tensor([1], { dtype: "int32", requiresGrad: true })).toThrow(
      /requiresGrad: tensor#\d+ \[1\] int32 holds whole numbers \(indices\), which have no gradient.*cast\("float32"\)/,
    );
    const i = int([1]);
    expect(() => (i.requiresGrad = true)).toThrow(GradientError);
    expect(i.requiresGrad).toBe(false);
    // layers draw float weights: an int32 layer is refused where its weights are drawn
    expect(() => numericalGrad((t) => t.cast("float64").sum(), [i])).toThrow(
      /numericalGrad: input 0 .* holds int32 indices, which have no derivative/,
    );
    expect(() => gradcheck((t) => t.cast("float64").sum(), [i])).toThrow(DTypeError);
    expect(() => new nn.Linear(2, 2, { dtype: "int32" })).toThrow(/unsupported dtype "int32".*floating-point values only/);
  });

  it("hold Int32Arrays only through data, and accept a new Int32Array of their length", () => {
    const i = int([1, 2]);
    expect(() => (i.data = new Float32Array([1, 2]))).toThrow(/data: .* int32 cannot hold a Float32Array; assign a Int32Array/);
    i.data = new Int32Array([5, 6]);
    expect(i.toArray()).toEqual([5, 6]);
    expect(() => (tensor([1]).data = new Int32Array([1]) as unknown as Float32Array)).toThrow(DTypeError);
    expect(() => new Tensor(new Uint8Array(2) as unknown as Int32Array, [2])).toThrow(/Float32Array, Float64Array or Int32Array/);
  });

  it("cast truncates toward zero into int32 (no gradient), refuses what int32 cannot hold, and converts back exactly", () => {
    const x = tensor([2.7, -2.7, 0.5, -0.5, 3], { requiresGrad: true });
    const i = cast(x, "int32");
    expect(i.dtype).toBe("int32");
    expect(i.toArray()).toEqual([2, -2, 0, 0, 3]);
    expect(i.requiresGrad).toBe(false);
    expect(i.node).toBeNull();
    expect(() => tensor([NaN], { allowNonFinite: true }).cast("int32")).toThrow(ValueError);
    expect(() => tensor([NaN], { allowNonFinite: true }).cast("int32")).toThrow(/cast: element 0 of .* is NaN, which int32 cannot hold/);
    expect(() => tensor([1, -Infinity], { allowNonFinite: true }).cast("int32")).toThrow(/element 1 .* is -Infinity/);
    expect(() => tensor([3e9], { dtype: "float64" }).cast("int32")).toThrow(/is 3000000000/);
    expect(tensor([2147483647.9], { dtype: "float64" }).cast("int32").item()).toBe(2147483647);
    const back = int([16777217, -5]).cast("float64");
    expect(back.dtype).toBe("float64");
    expect(back.toArray()).toEqual([16777217, -5]);
    expect(int([16777217]).cast("float32").item()).toBe(16777216); // float32 rounds above 2²⁴
    expect(int([1]).cast("int32").dtype).toBe("int32");
  });

  it("reshape, squeeze, unsqueeze and flatten relabel int32 tensors", () => {
    const i = int([[1, 2, 3]]);
    expect(i.reshape([3, 1]).dtype).toBe("int32");
    expect(i.squeeze().toArray()).toEqual([1, 2, 3]);
    expect(i.unsqueeze(0).shape).toEqual([1, 1, 3]);
    expect(i.flatten().dtype).toBe("int32");
  });

  it("index take, embedding, indexAdd and nn.Embedding (as float index tensors and arrays still do)", () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    const idx = int([
      [2, 0],
      [2, 2],
    ]);
    const y = take(w, idx);
    expect(y.toArray()).toEqual([
      [
        [5, 6],
        [1, 2],
      ],
      [
        [5, 6],
        [5, 6],
      ],
    ]);
    y.sum().backward();
    expect(w.grad!.toArray()).toEqual([
      [1, 1],
      [0, 0],
      [3, 3],
    ]);
    expect(take(w, tensor([2, 0])).toArray()).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(take(w, [2, 0]).toArray()).toEqual([
      [5, 6],
      [1, 2],
    ]);
    expect(embedding(int([1, 1]), w).toArray()).toEqual([
      [3, 4],
      [3, 4],
    ]);
    expect(indexAdd(tensor([1, 2, 3]), int([0, 2, 0]), 0, 3).toArray()).toEqual([4, 0, 2]);
    const emb = new nn.Embedding(4, 2, { seed: 0 });
    expect(emb.forward(int([[3, 0]])).shape).toEqual([1, 2, 2]);
    const logits = tensor(
      [
        [2, 0, 0],
        [0, 0, 2],
      ],
      { dtype: "float64" },
    );
    const ce = nn.crossEntropy(logits, int([0, 2]));
    expect(ce.item()).toBeCloseTo(nn.crossEntropy(logits, [0, 2]).item(), 14);
    expect(() => nn.crossEntropy(logits, int([0, 3]))).toThrow(/target 1 is 3, not a class index/);
    expect(() => take(w, int([3]))).toThrow(/take: index 3 .* out of range for an axis of length 3/);
    // argmax's indices feed straight into take
    const x = tensor([
      [0.1, 0.9, 0.3],
      [0.8, 0.1, 0.2],
    ]);
    const best = argmax(x, 1);
    expect(take(tensor([10, 20, 30]), best).toArray()).toEqual([20, 10]);
  });

  it("never enter a graph: converted with cast they are constants in pictures and explain()", () => {
    const w = tensor([0.5, 2], { requiresGrad: true, name: "w" });
    const counts = int([3, -1]).named("n");
    const y = w.mul(counts.cast("float32")).sum();
    y.backward();
    expect(w.grad!.toArray()).toEqual([3, -1]);
    // int32 tensors never require grad, so no node records one: the graph holds floats only
    const g = captureGraph(y).model;
    expect(g.nodes.map((n) => n.dtype)).not.toContain("int32");
    expect(g.nodes.some((n) => n.op === "mul")).toBe(true);
    expect(toDot(y)).not.toContain("int32");
    expect(explain(y).text).toContain("∂");
  });

  it("round-trip through safetensors as I32", () => {
    const i = int([
      [1, -2, 3],
      [2147483647, -2147483648, 0],
    ]);
    const bytes = encodeSafetensors({ i, f: tensor([1.5]) });
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))));
    expect(JSON.parse(header).i.dtype).toBe("I32");
    const back = decodeSafetensors(bytes).tensors["i"]!;
    expect(back.dtype).toBe("int32");
    expect(back.data).toBeInstanceOf(Int32Array);
    expect(back.toArray()).toEqual(i.toArray());
  });

  it("are refused by every float op with a DTypeError naming the op, the tensor and the cast to write", () => {
    const plain = new Set(["reshape", "squeeze", "unsqueeze", "flatten", "cast"]);
    const refused: string[] = [];
    const accepted: string[] = [];
    for (const row of opTable) {
      const p = drawPoint(row);
      for (let k = 0; k < row.inputs.length; k++) {
        const xs = p.data.map((d, j) =>
          j === k
            ? tensor(d.map(Math.round), { shape: p.shapes[j]!, dtype: "int32" })
            : tensor(d, { shape: p.shapes[j]!, dtype: "float64" }),
        );
        let error: unknown = null;
        try {
          row.f(...xs);
        } catch (e) {
          error = e;
        }
        if (error === null) {
          accepted.push(row.name);
          continue;
        }
        // a row that builds its own constants in its input's dtype (batchNorm's running statistics) stops there
        if ((error as Error).message.startsWith("tensor: element")) continue;
        expect(error, row.name).toBeInstanceOf(DTypeError);
        expect((error as Error).message, row.name).toMatch(/int32/);
        expect((error as Error).message, row.name).toMatch(/cast\("float32"\)|cast\("float64"\)/);
        refused.push(row.name);
      }
    }
    // only the rows that merely relabel or convert take int32
    const plainRows = opTable.filter((r) => r.covers.every((c) => plain.has(c)) && r.inputs.length === 1).map((r) => r.name);
    expect(accepted.sort()).toEqual(plainRows.sort());
    expect(refused.length).toBeGreaterThan(100);
  });

  it("name the op and the fix in the message of a float op", () => {
    const i = int([1, 2]);
    expect(() => i.exp()).toThrow(
      /^exp: tensor#\d+ \[2\] int32 holds int32 indices, but exp computes in floats \(float32 or float64\)\. Convert it first with x\.cast\("float32"\)/,
    );
    expect(() => tensor([1, 2]).add(i)).toThrow(/add: .* int32 holds int32 indices/);
    expect(() => i.mul(2)).toThrow(/mul: .* int32/);
    expect(() => i.sum()).toThrow(/sum: .* int32/);
    expect(() => i.cumsum(0)).toThrow(/cumsum: .* int32/);
    expect(() => argmax(i)).toThrow(/argmax: .* int32/);
  });
});
