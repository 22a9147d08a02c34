/** @file exportOnnx: every exported model runs in ONNX Runtime with chainrule's outputs, and its graph is well formed. */
import { describe, expect, it } from "vitest";
import { exportOnnx, nn, noGrad, randn, type ExportOnnxOptions, type Tensor } from "../../src/index.js";
import { checkGraph } from "../../src/onnx/check.js";
import { assertClose } from "../helpers/close.js";
import { decodeOnnx, initializerValues, runOnnx } from "../helpers/onnx-runtime.js";

const F32 = { rtol: 1e-5, atol: 1e-5 };

/** chainrule's output in eval mode (the mode is restored). */
function reference(model: nn.Module, x: Tensor): Tensor {
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => model.forward(x));
  } finally {
    model.train(was);
  }
}

/** Exports `model` with a batch-1 example, checks the decoded graph, runs 100 random rows in ONNX Runtime against chainrule. */
async function roundTrip(model: nn.Module, features: number[], opts: ExportOnnxOptions & { scale?: number; seed?: number } = {}) {
  const dtype = opts.dtype ?? "float32";
  const example = randn([1, ...features], { seed: 99, dtype });
  const bytes = exportOnnx(model, example, opts);
  const decoded = decodeOnnx(bytes);
  checkGraph(decoded.graph);
  expect(decoded.opsets).toEqual([{ domain: "", version: opts.opset ?? 17 }]);
  expect(decoded.graph.inputs.map((v) => v.name)).toEqual(["input"]);
  expect(decoded.graph.outputs.map((v) => v.name)).toEqual(["output"]);
  expect(decoded.graph.inputs[0]!.shape).toEqual(["batch", ...features]);
  // every initializer that is a parameter has its stateDict name and shape
  const state = model.stateDict();
  for (const t of decoded.graph.initializers.filter((i) => !i.name.startsWith("const_"))) {
    expect(state[t.name], `initializer ${t.name} is a parameter`).toBeDefined();
    expect(t.dims).toEqual(state[t.name]!.shape);
    assertClose(initializerValues(t), Array.from(state[t.name]!.data), { rtol: 1e-7, atol: 0 }, t.name);
  }
  const x = randn([100, ...features], { seed: opts.seed ?? 1, dtype }).mul(opts.scale ?? 3);
  const want = reference(model, x);
  const got = await runOnnx(bytes, x);
  expect(got.dims).toEqual(want.shape);
  assertClose(got.data, want.data, F32, `${model.constructor.name} in ONNX Runtime`);
  return { bytes, decoded };
}

const opTypes = (bytes: Uint8Array) => decodeOnnx(bytes).graph.nodes.map((n) => n.opType);

describe("activation modules", () => {
  const cases: [string, nn.Module, string[]][] = [
    ["ReLU", new nn.ReLU(), ["Relu"]],
    ["ReLU with subgradient 1 (same values)", new nn.ReLU({ subgradient: 1 }), ["Relu"]],
    ["Tanh", new nn.Tanh(), ["Tanh"]],
    ["Sigmoid", new nn.Sigmoid(), ["Sigmoid"]],
    ["GELU (erf formula)", new nn.GELU(), ["Mul", "Mul", "Erf", "Add", "Mul"]],
    ["SiLU", new nn.SiLU(), ["Sigmoid", "Mul"]],
    ["Softplus", new nn.Softplus(), ["Softplus"]],
    ["LeakyReLU(0.2)", new nn.LeakyReLU(0.2), ["LeakyRelu"]],
    ["ELU(0.7)", new nn.ELU(0.7), ["Elu"]],
    ["Softmax", new nn.Softmax(), ["Softmax"]],
    ["Softmax over axis 1 of 3", new nn.Softmax(1), ["Softmax"]],
    ["LogSoftmax", new nn.LogSoftmax(-1), ["LogSoftmax"]],
    ["Identity", new nn.Identity(), ["Identity"]],
  ];
  for (const [name, module, ops] of cases) {
    it(`${name} matches chainrule on 100 random inputs`, async () => {
      const features = name.includes("axis 1") ? [4, 3] : [6];
      const { bytes } = await roundTrip(module, features);
      expect(opTypes(bytes)).toEqual(ops);
    });
  }

  it("large inputs (|x| up to ~200) stay finite and equal: Softplus, Sigmoid, Softmax, LogSoftmax, GELU, SiLU, ELU, Tanh", async () => {
    const modules = [
      new nn.Softplus(),
      new nn.Sigmoid(),
      new nn.Softmax(),
      new nn.LogSoftmax(),
      new nn.GELU(),
      new nn.SiLU(),
      new nn.ELU(),
      new nn.Tanh(),
    ];
    for (const m of modules) await roundTrip(m, [6], { scale: 60, seed: 3 });
  });

  it("GELU becomes the Gelu operator from opset 20", async () => {
    const { bytes } = await roundTrip(new nn.GELU(), [6], { opset: 20 });
    expect(opTypes(bytes)).toEqual(["Gelu"]);
  });

  it("Flatten turns [N, 2, 3] into [N, 6] before a Linear", async () => {
    const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(6, 2, { seed: 3 }));
    const { bytes } = await roundTrip(model, [2, 3]);
    expect(opTypes(bytes)).toEqual(["Flatten", "Gemm"]);
  });
});

describe("Linear, MLP, Sequential", () => {
  it("Linear with a bias is one Gemm with transB = 1, weights named as in the stateDict", async () => {
    const { decoded } = await roundTrip(new nn.Linear(5, 3, { seed: 1 }), [5]);
    expect(decoded.graph.nodes.map((n) => [n.opType, n.inputs])).toEqual([["Gemm", ["input", "weight", "bias"]]]);
    expect(decoded.attributes[0]).toEqual([expect.objectContaining({ name: "transB", i: 1, type: 2 })]);
    expect(decoded.graph.outputs[0]!.shape).toEqual(["batch", 3]);
  });

  it("Linear without a bias", async () => {
    const { decoded } = await roundTrip(new nn.Linear(5, 3, { seed: 2, bias: false }), [5]);
    expect(decoded.graph.nodes.map((n) => n.inputs)).toEqual([["input", "weight"]]);
  });

  it("Linear on a 3-d input uses MatMul with the transposed weight, then Add", async () => {
    const { bytes } = await roundTrip(new nn.Linear(4, 2, { seed: 5 }), [3, 4]);
    expect(opTypes(bytes)).toEqual(["Transpose", "MatMul", "Add"]);
  });

  for (const activation of ["relu", "tanh", "sigmoid", "gelu", "silu", "softplus", "leakyRelu", "elu"] as const) {
    it(`MLP [4, 16, 8, 3] with ${activation}`, async () => {
      const model = new nn.MLP([4, 16, 8, 3], { activation, seed: 7 });
      const { decoded } = await roundTrip(model, [4]);
      expect(decoded.graph.initializers.filter((t) => !t.name.startsWith("const_")).map((t) => t.name)).toEqual(
        Object.keys(model.stateDict()),
      );
    });
  }

  it("MLP with an output activation (sigmoid)", async () => {
    await roundTrip(new nn.MLP([3, 8, 4], { seed: 1, outputActivation: "sigmoid" }), [3]);
  });

  it("Sequential with Dropout: exported as the identity, and the model's training mode is left as it was", async () => {
    const model = new nn.Sequential(
      new nn.Linear(4, 8, { seed: 1 }),
      new nn.ReLU(),
      new nn.Dropout(0.5, { seed: 2 }),
      new nn.Linear(8, 2, { seed: 3 }),
      new nn.LogSoftmax(),
    );
    expect(model.training).toBe(true);
    const { bytes } = await roundTrip(model, [4]);
    expect(opTypes(bytes)).toEqual(["Gemm", "Relu", "Gemm", "LogSoftmax"]);
    expect(model.namedModules().every(([, m]) => m.training)).toBe(true);
  });

  it("MLP with dropout keeps the parameter names layers.0.weight, layers.3.weight, …", async () => {
    const model = new nn.MLP([3, 6, 6, 2], { seed: 4, dropout: 0.3 });
    const { decoded } = await roundTrip(model, [3]);
    expect(decoded.graph.initializers.map((t) => t.name)).toEqual([
      "layers.0.weight",
      "layers.0.bias",
      "layers.3.weight",
      "layers.3.bias",
      "layers.6.weight",
      "layers.6.bias",
    ]);
  });

  it("a model that returns its input unchanged still has a graph output named output", async () => {
    const { bytes } = await roundTrip(new nn.Sequential(new nn.Dropout(0.1)), [3]);
    expect(opTypes(bytes)).toEqual(["Identity"]);
  });
});
