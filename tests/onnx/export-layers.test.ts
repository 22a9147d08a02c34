/** @file exportOnnx of Conv1d/Conv2d, pooling, BatchNorm, LayerNorm and Embedding: ONNX Runtime gives chainrule's outputs on 100 random inputs. */
import { describe, expect, it } from "vitest";
import { ExportError, exportOnnx, nn, randn, registerOnnxConverter, type Tensor } from "../../src/index.js";
import { buildCnn } from "../../cli/train/cnn.js";
import { attributesOf, opTypes, randomIndices, randomizeNorms, roundTrip } from "../helpers/onnx-round-trip.js";

/** A batch-1 example and 100 random inputs of the per-sample shape `shape`. */
function inputs(shape: number[], seed = 1, scale = 1): [Tensor, Tensor] {
  return [randn([1, ...shape], { seed: 99 }), randn([100, ...shape], { seed }).mul(scale)];
}

describe("Conv2d and Conv1d → Conv", () => {
  const cases2d: [string, nn.Conv2d, number[]][] = [
    ["3×3, defaults", new nn.Conv2d(3, 4, 3, { seed: 0 }), [3, 8, 8]],
    ["3×3, padding 1, no bias", new nn.Conv2d(2, 5, 3, { seed: 1, padding: 1, bias: false }), [2, 7, 6]],
    [
      "[3, 2] kernel, stride [2, 1], padding [1, 0], dilation [1, 2], 2 groups",
      new nn.Conv2d(4, 6, [3, 2], { seed: 2, stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 }),
      [4, 9, 8],
    ],
    ["depthwise (groups = channels), stride 2", new nn.Conv2d(3, 3, 3, { seed: 3, stride: 2, padding: 1, groups: 3 }), [3, 9, 9]],
  ];
  for (const [name, m, shape] of cases2d) {
    it(`Conv2d ${name}`, async () => {
      const [example, x] = inputs(shape);
      const { bytes, decoded } = await roundTrip(m, example, x);
      expect(opTypes(bytes)).toEqual(["Conv"]);
      const k = m.kernel;
      expect(attributesOf(decoded, "Conv")).toEqual({
        kernel_shape: k,
        strides: m.stride,
        pads: [...m.padding, ...m.padding],
        dilations: m.dilation,
        group: m.groups,
      });
      expect(decoded.graph.nodes[0]!.inputs).toEqual(m.bias ? ["input", "weight", "bias"] : ["input", "weight"]);
    });
  }

  it("Conv2d's options are readable, normalised to [h, w]", () => {
    const c = new nn.Conv2d(4, 6, [3, 2], { stride: [2, 1], padding: 1, groups: 2 });
    expect([c.kernel, c.stride, c.padding, c.dilation, c.groups]).toEqual([[3, 2], [2, 1], [1, 1], [1, 1], 2]);
    const d = new nn.Conv1d(3, 6, 5, { stride: 2, dilation: 3, groups: 3 });
    expect([d.stride, d.padding, d.dilation, d.groups]).toEqual([2, 0, 3, 3]);
  });

  const cases1d: [string, nn.Conv1d, number[]][] = [
    ["k 3, defaults", new nn.Conv1d(3, 4, 3, { seed: 4 }), [3, 10]],
    [
      "k 3, stride 2, padding 1, dilation 2, no bias",
      new nn.Conv1d(2, 3, 3, { seed: 5, stride: 2, padding: 1, dilation: 2, bias: false }),
      [2, 11],
    ],
    ["k 2, 3 groups", new nn.Conv1d(3, 6, 2, { seed: 6, groups: 3 }), [3, 7]],
  ];
  for (const [name, m, shape] of cases1d) {
    it(`Conv1d ${name}`, async () => {
      const [example, x] = inputs(shape);
      const { decoded } = await roundTrip(m, example, x);
      expect(attributesOf(decoded, "Conv")).toEqual({
        kernel_shape: [m.kernelSize],
        strides: [m.stride],
        pads: [m.padding, m.padding],
        dilations: [m.dilation],
        group: m.groups,
      });
    });
  }
});

describe("MaxPool2d → MaxPool, AvgPool2d → AveragePool", () => {
  const cases: [string, nn.Module, number[]][] = [
    ["MaxPool2d(2)", new nn.MaxPool2d(2), [3, 8, 8]],
    ["MaxPool2d(3, stride 2, padding 1) on 7×9", new nn.MaxPool2d(3, { stride: 2, padding: 1 }), [2, 7, 9]],
    ["MaxPool2d([2, 3], stride [1, 2])", new nn.MaxPool2d([2, 3], { stride: [1, 2] }), [2, 5, 8]],
    ["AvgPool2d(2)", new nn.AvgPool2d(2), [3, 8, 8]],
    ["AvgPool2d(3, stride 2, padding 1): padding counts in the mean", new nn.AvgPool2d(3, { stride: 2, padding: 1 }), [2, 7, 9]],
    ["AvgPool2d([3, 2], stride 1, padding [1, 1]) on 5×5", new nn.AvgPool2d([3, 2], { stride: 1, padding: [1, 1] }), [1, 5, 5]],
  ];
  for (const [name, m, shape] of cases) {
    it(name, async () => {
      const [example, x] = inputs(shape, 2, 3);
      const { decoded } = await roundTrip(m, example, x);
      const op = m instanceof nn.MaxPool2d ? "MaxPool" : "AveragePool";
      const attrs = attributesOf(decoded, op);
      if (op === "AveragePool") expect(attrs.count_include_pad).toBe(1);
      else expect(attrs.count_include_pad).toBeUndefined();
    });
  }

  it("with padding, an all-ones image averages to 4/9 at a corner (the zeros count), in ONNX Runtime too", async () => {
    const m = new nn.AvgPool2d(3, { stride: 1, padding: 1 });
    const ones = (n: number) => randn([n, 1, 4, 4], { seed: 1 }).mul(0).add(1);
    await roundTrip(m, ones(1), ones(100));
    expect(m.forward(ones(1)).data[0]).toBeCloseTo(4 / 9, 6);
  });
});

describe("BatchNorm1d/2d → BatchNormalization (eval: running statistics)", () => {
  const cases: [string, nn.Module, number[]][] = [
    ["BatchNorm1d on [N, C]", new nn.BatchNorm1d(5), [5]],
    ["BatchNorm1d on [N, C, L]", new nn.BatchNorm1d(3, { eps: 1e-3 }), [3, 7]],
    ["BatchNorm2d", new nn.BatchNorm2d(4), [4, 5, 6]],
    ["BatchNorm2d without affine", new nn.BatchNorm2d(2, { affine: false }), [2, 3, 3]],
  ];
  for (const [name, m, shape] of cases) {
    it(name, async () => {
      randomizeNorms(m, 7);
      m.train(); // the export uses eval mode whatever the model's mode
      const [example, x] = inputs(shape, 3, 2);
      const { bytes, decoded } = await roundTrip(m, example, x);
      expect(opTypes(bytes)).toEqual(["BatchNormalization"]);
      const bn = decoded.graph.nodes[0]!;
      const affine = (m as nn.BatchNorm2d).weight !== null;
      expect(bn.inputs.slice(3)).toEqual(["running_mean", "running_var"]);
      if (affine) expect(bn.inputs.slice(1, 3)).toEqual(["weight", "bias"]);
      expect(attributesOf(decoded, "BatchNormalization").epsilon).toBeCloseTo((m as nn.BatchNorm2d).eps, 9);
      expect(m.training).toBe(true);
    });
  }
});

describe("LayerNorm → LayerNormalization (opset ≥ 17) or its formula (13–16)", () => {
  const decomposed = ["ReduceMean", "Sub", "Mul", "ReduceMean", "Add", "Sqrt", "Div"];
  const cases: [string, () => nn.LayerNorm, number[]][] = [
    ["over the last axis", () => new nn.LayerNorm(6), [6]],
    ["over the last two axes of [N, 4, 5]", () => new nn.LayerNorm([4, 5], { eps: 1e-3 }), [3, 4, 5]],
    ["without affine", () => new nn.LayerNorm(6, { elementwiseAffine: false }), [2, 6]],
  ];
  for (const opset of [13, 16, 17, 18, 22]) {
    for (const [name, make, shape] of cases) {
      it(`${name}, opset ${opset}`, async () => {
        const m = make();
        if (m.weight) randomizeNorms(m, 11);
        const [example, x] = inputs(shape, 4, 3);
        const { bytes } = await roundTrip(m, example, x, { opset });
        const affine = m.weight ? ["Mul", "Add"] : [];
        expect(opTypes(bytes)).toEqual(opset >= 17 ? ["LayerNormalization"] : [...decomposed, ...affine]);
      });
    }
  }
});

describe("opset forms", () => {
  it("an operator in a form a later opset changed is refused there (ReduceMean's axes attribute ends at 17)", () => {
    class MeanLast extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.mean(-1, true);
      }
    }
    registerOnnxConverter(MeanLast, (_m, x, ctx) => ({
      name: ctx.node("ReduceMean", [x.name], [{ name: "axes", kind: "ints", value: [-1] }]),
      shape: [...x.shape.slice(0, -1), 1],
    }));
    expect(() => exportOnnx(new MeanLast(), randn([1, 4]), { opset: 17 })).not.toThrow();
    expect(() => exportOnnx(new MeanLast(), randn([1, 4]), { opset: 18 })).toThrow(/ReduceMean in its form of opsets 13–17/);
  });
});

describe("Embedding → Gather, with an int64 graph input", () => {
  it("Embedding then Flatten and Linear: input int64 [batch, 7]", async () => {
    const model = new nn.Sequential(new nn.Embedding(20, 5, { seed: 1 }), new nn.Flatten(), new nn.Linear(35, 3, { seed: 2 }));
    const { bytes, decoded } = await roundTrip(model, randomIndices([1, 7], 20, 0), randomIndices([100, 7], 20, 1), { int64: true });
    expect(opTypes(bytes)).toEqual(["Gather", "Flatten", "Gemm"]);
    expect(decoded.graph.nodes[0]!.inputs).toEqual(["0.weight", "input"]);
    expect(attributesOf(decoded, "Gather")).toEqual({ axis: 0 });
  });

  it("an Embedding alone (after a Dropout) gives [batch, length, dim]", async () => {
    const model = new nn.Sequential(new nn.Dropout(0.2), new nn.Embedding(9, 4, { seed: 3 }), new nn.LayerNorm(4));
    const { decoded } = await roundTrip(model, randomIndices([1, 5], 9, 0), randomIndices([100, 5], 9, 2), { int64: true });
    expect(decoded.graph.outputs[0]!.shape).toEqual(["batch", 5, 4]);
  });

  it("a float64 Embedding exports as DOUBLE with int64 indices", async () => {
    const model = new nn.Embedding(6, 3, { seed: 4, dtype: "float64" });
    const bytes = exportOnnx(model, randomIndices([1, 2], 6, 0));
    const { decodeOnnx } = await import("../helpers/onnx-runtime.js");
    const d = decodeOnnx(bytes);
    expect([d.graph.inputs[0]!.elemType, d.graph.outputs[0]!.elemType, d.graph.initializers[0]!.dataType]).toEqual([7, 11, 11]);
  });

  it("an Embedding deeper in a custom module casts its float input to int64", async () => {
    class Lookup extends nn.Module {
      readonly emb = this.registerModule("emb", new nn.Embedding(8, 3, { seed: 5 }));
      forward(x: Tensor): Tensor {
        return this.emb.forward(x);
      }
    }
    registerOnnxConverter(Lookup, (m, x, ctx) => ctx.child("emb", m.emb, x));
    const { bytes } = await roundTrip(new Lookup(), randomIndices([1, 4], 8, 0), randomIndices([100, 4], 8, 3));
    expect(opTypes(bytes)).toEqual(["Cast", "Gather"]);
  });

  it("standardize with an Embedding is refused", () => {
    const model = new nn.Embedding(6, 3, { seed: 4 });
    expect(() => exportOnnx(model, randomIndices([1, 2], 6, 0), { standardize: { mean: [0, 0], std: [1, 1] } })).toThrow(
      /standardize cannot apply to the integer indices/,
    );
  });
});

describe("the CNN of `chainrule train --model cnn`", () => {
  it("exports end to end: Conv, BatchNormalization, Relu, …, MaxPool, Flatten, Gemm, names as its stateDict", async () => {
    const model = buildCnn(10, 0);
    randomizeNorms(model, 5);
    const [example, x] = inputs([1, 8, 8], 6);
    const { bytes, decoded } = await roundTrip(model, example, x.abs());
    expect(opTypes(bytes)).toEqual([
      "Conv",
      "BatchNormalization",
      "Relu",
      "Conv",
      "BatchNormalization",
      "Relu",
      "MaxPool",
      "Flatten",
      "Gemm",
    ]);
    expect(decoded.graph.initializers.map((t) => t.name)).toEqual(Object.keys(model.stateDict()));
    expect(decoded.graph.outputs[0]!.shape).toEqual(["batch", 10]);
  });

  it("a module with no ONNX form next to the new layers still fails naming it", () => {
    class Square extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.mul(x);
      }
    }
    const net = new nn.Sequential(new nn.Conv2d(1, 2, 3, { seed: 0 }), new nn.BatchNorm2d(2), new Square());
    expect(() => exportOnnx(net, randn([1, 1, 5, 5]))).toThrow(ExportError);
    expect(() => exportOnnx(net, randn([1, 1, 5, 5]))).toThrow(/module "2" \(Square\) has no ONNX form/);
  });
});
