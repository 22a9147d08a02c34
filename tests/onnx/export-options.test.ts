/** @file exportOnnx options and failures: dynamic batch, float64, opsets, standardisation, custom converters, errors, saveOnnx. */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ExportError,
  exportOnnx,
  nn,
  noGrad,
  ONNX_MAX_OPSET,
  ONNX_MIN_OPSET,
  randn,
  registerOnnxConverter,
  saveOnnx,
  tensor,
  type Tensor,
} from "../../src/index.js";
import { checkGraph } from "../../src/onnx/check.js";
import { assertClose } from "../helpers/close.js";
import { decodeOnnx, runOnnx } from "../helpers/onnx-runtime.js";

const F32 = { rtol: 1e-5, atol: 1e-5 };
const evalOut = (m: nn.Module, x: Tensor) => noGrad(() => m.eval().forward(x));

describe("dynamic batch", () => {
  it("a model exported with a batch of 1 runs batches of 100, 7 and 1; the batch axis is the symbol 'batch'", async () => {
    const model = new nn.MLP([5, 12, 3], { seed: 2, activation: "tanh" });
    const bytes = exportOnnx(model, randn([1, 5]));
    const g = decodeOnnx(bytes).graph;
    expect(g.inputs[0]!.shape).toEqual(["batch", 5]);
    expect(g.outputs[0]!.shape).toEqual(["batch", 3]);
    for (const n of [100, 7, 1]) {
      const x = randn([n, 5], { seed: n });
      const got = await runOnnx(bytes, x);
      expect(got.dims).toEqual([n, 3]);
      assertClose(got.data, evalOut(model, x).data, F32, `batch ${n}`);
    }
  });

  it("{ dynamicBatch: false } fixes every dimension; a 1-d example input needs it", async () => {
    const model = new nn.Linear(4, 2, { seed: 0 });
    const g = decodeOnnx(exportOnnx(model, randn([3, 4]), { dynamicBatch: false })).graph;
    expect(g.inputs[0]!.shape).toEqual([3, 4]);
    expect(() => exportOnnx(model, randn([4]))).toThrow(/dynamic batch needs an example input with a batch axis.*dynamicBatch: false/);
    const one = exportOnnx(model, randn([4]), { dynamicBatch: false });
    const x = randn([4], { seed: 5 });
    assertClose((await runOnnx(one, x)).data, evalOut(model, x).data, F32, "1-d input");
  });
});

describe("float64", () => {
  it("a float64 model exports as ONNX DOUBLE and matches chainrule to 1e-12", async () => {
    const f64 = { dtype: "float64" as const };
    const model = new nn.Sequential(
      new nn.Linear(3, 10, { seed: 1, ...f64 }),
      new nn.Tanh(),
      new nn.Linear(10, 10, { seed: 2, ...f64 }),
      new nn.ReLU(),
      new nn.Linear(10, 10, { seed: 3, ...f64 }),
      new nn.Sigmoid(),
      new nn.Linear(10, 2, { seed: 4, ...f64 }),
      new nn.LogSoftmax(),
    );
    const bytes = exportOnnx(model, randn([1, 3], f64));
    const g = decodeOnnx(bytes).graph;
    checkGraph(g);
    expect(g.inputs[0]!.elemType).toBe(11);
    expect(g.initializers.every((t) => t.dataType === 11 && t.rawData.length === t.dims.reduce((p, d) => p * d, 8))).toBe(true);
    const x = randn([100, 3], { seed: 4, dtype: "float64" });
    const got = await runOnnx(bytes, x);
    expect(got.type).toBe("float64");
    assertClose(got.data, evalOut(model, x).data, { rtol: 1e-12, atol: 1e-12 }, "float64");
  });

  it("{ dtype: 'float32' } exports a float64 model as FLOAT (for runtimes without double kernels, e.g. ONNX Runtime's Erf)", async () => {
    const model = new nn.MLP([3, 10, 2], { seed: 3, dtype: "float64", activation: "gelu" });
    const bytes = exportOnnx(model, randn([1, 3], { dtype: "float64" }), { dtype: "float32" });
    expect(decodeOnnx(bytes).graph.initializers.every((t) => t.dataType === 1)).toBe(true);
    const x = randn([100, 3], { seed: 4, dtype: "float64" });
    const got = await runOnnx(bytes, x.cast("float32"));
    assertClose(got.data, evalOut(model, x).data, { rtol: 1e-4, atol: 1e-5 }, "float64 model run in float32");
  });
});

describe("opsets", () => {
  it(`every opset from ${ONNX_MIN_OPSET} to ${ONNX_MAX_OPSET} loads in ONNX Runtime with the matching IR version`, async () => {
    const model = new nn.Sequential(new nn.Linear(3, 4, { seed: 1 }), new nn.GELU(), new nn.Linear(4, 2, { seed: 2 }), new nn.Softmax());
    const x = randn([100, 3], { seed: 6 });
    for (let opset = ONNX_MIN_OPSET; opset <= ONNX_MAX_OPSET; opset++) {
      const bytes = exportOnnx(model, randn([1, 3]), { opset });
      const d = decodeOnnx(bytes);
      expect(d.opsets[0]!.version).toBe(opset);
      expect(d.irVersion).toBe(opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10);
      expect(d.graph.nodes.some((n) => n.opType === "Gelu")).toBe(opset >= 20);
      assertClose((await runOnnx(bytes, x)).data, evalOut(model, x).data, F32, `opset ${opset}`);
    }
  });

  it("an opset out of range is an ExportError that lists the range", () => {
    for (const opset of [12, 23, 17.5]) {
      expect(() => exportOnnx(new nn.ReLU(), randn([1, 2]), { opset })).toThrow(ExportError);
      expect(() => exportOnnx(new nn.ReLU(), randn([1, 2]), { opset })).toThrow(/opsets 13 to 22/);
    }
  });
});

describe("unsupported modules", () => {
  class Square extends nn.Module {
    forward(x: Tensor): Tensor {
      return x.mul(x);
    }
  }

  it("a module with no ONNX form fails with its path and class, and the way to add one", () => {
    const model = new nn.MLP([2, 3, 1], { seed: 0 });
    const net = new nn.Sequential(new nn.Linear(2, 2, { seed: 1 }), new Square(), model);
    expect(() => exportOnnx(net, randn([1, 2]))).toThrow(ExportError);
    expect(() => exportOnnx(net, randn([1, 2]))).toThrow(/module "1" \(Square\) has no ONNX form.*registerOnnxConverter\(Square/);
  });

  it("a subclass of a supported layer is not exported as its parent", () => {
    class ScaledLinear extends nn.Linear {
      override forward(x: Tensor): Tensor {
        return super.forward(x).mul(2);
      }
    }
    const net = new nn.Sequential(new nn.ReLU(), new ScaledLinear(2, 2, { seed: 1 }));
    expect(() => exportOnnx(net, randn([1, 2]))).toThrow(/module "1" \(ScaledLinear\) has no ONNX form/);
  });

  it("a forward replaced on the instance is refused", () => {
    const relu = new nn.ReLU();
    relu.forward = (x: Tensor) => x;
    expect(() => exportOnnx(new nn.Sequential(relu), randn([1, 2]))).toThrow(/module "0" \(ReLU\) has its forward replaced/);
  });

  it("registerOnnxConverter teaches the exporter a new module class", async () => {
    class Cube extends nn.Module {
      forward(x: Tensor): Tensor {
        return x.mul(x).mul(x);
      }
    }
    registerOnnxConverter(Cube, (_m, x, ctx) => ({ name: ctx.node("Mul", [ctx.node("Mul", [x.name, x.name]), x.name]), shape: x.shape }));
    const model = new nn.Sequential(new nn.Linear(3, 4, { seed: 1 }), new Cube());
    const bytes = exportOnnx(model, randn([1, 3]));
    expect(decodeOnnx(bytes).graph.nodes.map((n) => n.name)).toEqual(["0/Gemm", "1/Mul", "1/Mul_1"]);
    const x = randn([100, 3], { seed: 2 });
    assertClose((await runOnnx(bytes, x)).data, evalOut(model, x).data, F32, "Cube");
  });

  it("a converter that emits an operator the opset lacks fails naming the module and the opset needed", () => {
    class Gelu20 extends nn.Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    registerOnnxConverter(Gelu20, (_m, x, ctx) => ({ name: ctx.node("Gelu", [x.name]), shape: x.shape }));
    expect(() => exportOnnx(new nn.Sequential(new Gelu20()), randn([1, 2]), { opset: 18 })).toThrow(
      /module "0" \(Gelu20\) needs the ONNX operator Gelu, which exists from opset 20.*opset 18/,
    );
  });

  it("a converter whose shapes disagree with the model is caught", () => {
    class Wrong extends nn.Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    registerOnnxConverter(Wrong, (_m, x, ctx) => ({ name: ctx.node("Relu", [x.name]), shape: [...x.shape, 1] }));
    expect(() => exportOnnx(new Wrong(), randn([1, 2]))).toThrow(/output would be \[batch, 2, 1\] but Wrong returns \[1, 2\]/);
  });

  it("a converter reading a value that does not exist is caught by the structural check", () => {
    class Dangling extends nn.Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    registerOnnxConverter(Dangling, (_m, x, ctx) => ({ name: ctx.node("Add", [x.name, "nowhere"]), shape: x.shape }));
    expect(() => exportOnnx(new Dangling(), randn([1, 2]))).toThrow(/reads "nowhere", which no graph input, initializer or earlier node/);
  });

  it("the input width must fit the first Linear", () => {
    expect(() => exportOnnx(new nn.MLP([3, 2]), randn([1, 4]))).toThrow(/Linear\(3→2\): input \[1, 4\]/);
  });
});

describe("standardize, names and metadata", () => {
  it("standardize puts (x − mean) / std in the graph, so the file takes raw features", async () => {
    const model = new nn.MLP([2, 8, 2], { seed: 5 });
    const stats = { mean: [1.5, -20], std: [0.5, 4] };
    const bytes = exportOnnx(model, randn([1, 2]), { standardize: stats, inputName: "features", outputName: "logits" });
    const d = decodeOnnx(bytes);
    expect(d.graph.nodes.slice(0, 2).map((n) => n.opType)).toEqual(["Sub", "Div"]);
    expect(d.graph.initializers.map((t) => t.name)).toContain("standardize.mean");
    const raw = randn([100, 2], { seed: 8 })
      .mul(tensor([0.5, 4]))
      .add(tensor([1.5, -20]));
    const standardized = raw.sub(tensor([1.5, -20])).div(tensor([0.5, 4]));
    const got = await runOnnx(bytes, raw, { input: "features", output: "logits" });
    assertClose(got.data, evalOut(model, standardized).data, F32, "standardized");
    expect(() => exportOnnx(model, randn([1, 2]), { standardize: { mean: [0], std: [1] } })).toThrow(
      /1 means and 1 stds but the input has 2/,
    );
    expect(() => exportOnnx(model, randn([1, 2]), { standardize: { mean: [0, 0], std: [1, 0] } })).toThrow(/positive finite stds/);
  });

  it("metadata and the graph name are stored", () => {
    const d = decodeOnnx(exportOnnx(new nn.Tanh(), randn([1, 2]), { metadata: { dataset: "moons" }, graphName: "net" }));
    expect(d.metadata).toEqual({ dataset: "moons" });
    expect(d.graph.name).toBe("net");
    expect(d.producerName).toBe("chainrule");
  });

  it("an input and output name that collide are refused", () => {
    expect(() => exportOnnx(new nn.Tanh(), randn([1, 2]), { outputName: "input" })).toThrow(
      /the name "input" \(the graph output\) is already used/,
    );
  });

  it("a parameter shared by two layers is one initializer", async () => {
    const a = new nn.Linear(3, 3, { seed: 1 });
    const b = new nn.Linear(3, 3, { seed: 2 });
    (b as { weight: Tensor }).weight = a.weight;
    const model = new nn.Sequential(a, new nn.Tanh(), b);
    const d = decodeOnnx(exportOnnx(model, randn([1, 3])));
    expect(d.graph.initializers.map((t) => t.name)).toEqual(["0.weight", "0.bias", "2.bias"]);
    expect(d.graph.nodes[2]!.inputs).toEqual(["1/Tanh_output", "0.weight", "2.bias"]);
  });
});

describe("saveOnnx", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "chainrule-onnx-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the bytes exportOnnx returns, atomically, leaving no temporary file", async () => {
    const model = new nn.MLP([2, 4, 2], { seed: 1 });
    const path = join(dir, "m.onnx");
    await writeFile(path, "old");
    await saveOnnx(path, model, randn([1, 2]), { opset: 18 });
    expect(new Uint8Array(await readFile(path))).toEqual(exportOnnx(model, randn([1, 2]), { opset: 18 }));
    expect(await readdir(dir)).toEqual(["m.onnx"]);
  });

  it("a failed export leaves the existing file untouched", async () => {
    const path = join(dir, "keep.onnx");
    await writeFile(path, "previous");
    await expect(saveOnnx(path, new nn.MLP([2, 1]), randn([1, 2]), { opset: 5 })).rejects.toThrow(ExportError);
    expect(await readFile(path, "utf8")).toBe("previous");
  });
});
