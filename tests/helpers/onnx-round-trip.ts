/** @file Test helper: export a model, check its decoded graph and initializer names, and compare ONNX Runtime with chainrule on a batch. */
import { expect } from "vitest";
import { exportOnnx, nn, noGrad, Rng, tensor, type ExportOnnxOptions, type Tensor } from "../../src/index.js";
import { checkGraph } from "../../src/onnx/check.js";
import { assertClose } from "./close.js";
import { decodeOnnx, initializerValues, runOnnx, type DecodedModel } from "./onnx-runtime.js";

export const F32 = { rtol: 1e-5, atol: 1e-5 };

/** chainrule's output in eval mode (the mode is restored). */
export function reference(model: nn.Module, x: Tensor): Tensor {
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => model.forward(x));
  } finally {
    model.train(was);
  }
}

/**
 * Gives every BatchNorm and LayerNorm of the model random statistics and affine weights around their
 * trained scale (weight ≈ 1 ± 0.3, bias and mean ≈ ±0.3, variance in 0.5..1.5), so a test sees
 * non-trivial normalisation; other layers keep their (fan-in scaled) initialisation.
 * @example
 * randomizeNorms(model, 3);
 */
export function randomizeNorms(model: nn.Module, seed: number): void {
  const rng = new Rng(seed);
  const draw: Record<string, () => number> = {
    weight: () => 1 + 0.3 * rng.normal(),
    bias: () => 0.3 * rng.normal(),
    running_mean: () => 0.3 * rng.normal(),
    running_var: () => 0.5 + rng.uniform(),
  };
  for (const [, m] of model.namedModules()) {
    if (!(m instanceof nn.BatchNorm1d || m instanceof nn.BatchNorm2d || m instanceof nn.LayerNorm)) continue;
    const state: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(m.stateDict())) {
      state[name] = tensor(Array.from({ length: t.size }, draw[name]!), { shape: t.shape.slice(), dtype: t.dtype });
    }
    m.loadStateDict(state);
  }
}

/**
 * Random whole numbers in 0..n−1 of `shape`, as a float32 tensor (what chainrule's Embedding reads).
 * @example
 * randomIndices([100, 7], 20, 1);
 */
export function randomIndices(shape: number[], n: number, seed: number): Tensor {
  const rng = new Rng(seed);
  return tensor(
    Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.int(n)),
    { shape },
  );
}

/**
 * Exports `model` with `example` (batch 1), checks the decoded graph (well formed, input [batch, …],
 * initializers named and valued as the stateDict), then runs `input` (100 rows) in ONNX Runtime
 * and compares with chainrule within 1e-5. `int64` feeds the input as int64 indices.
 * @example
 * await roundTrip(new nn.Conv2d(3, 4, 3), randn([1, 3, 8, 8]), randn([100, 3, 8, 8]));
 */
export async function roundTrip(
  model: nn.Module,
  example: Tensor,
  input: Tensor,
  opts: ExportOnnxOptions & { int64?: boolean } = {},
): Promise<{ bytes: Uint8Array; decoded: DecodedModel }> {
  const bytes = exportOnnx(model, example, opts);
  const decoded = decodeOnnx(bytes);
  checkGraph(decoded.graph);
  expect(decoded.opsets).toEqual([{ domain: "", version: opts.opset ?? 17 }]);
  expect(decoded.graph.inputs).toHaveLength(1);
  expect(decoded.graph.inputs[0]!.shape).toEqual(["batch", ...example.shape.slice(1)]);
  expect(decoded.graph.inputs[0]!.elemType).toBe(opts.int64 ? 7 : 1);
  // the initializers that are not constants are exactly the model's parameters and buffers, by stateDict name
  const state = model.stateDict();
  const named = decoded.graph.initializers.filter((i) => !i.name.startsWith("const_"));
  expect(named.map((t) => t.name).sort()).toEqual(Object.keys(state).sort());
  for (const t of named) {
    expect(t.dims).toEqual(state[t.name]!.shape);
    assertClose(initializerValues(t), Array.from(state[t.name]!.data), { rtol: 1e-7, atol: 0 }, t.name);
  }
  const want = reference(model, input);
  const feed = opts.int64 ? { data: BigInt64Array.from(input.data, (v) => BigInt(v)), shape: input.shape } : input;
  const got = await runOnnx(bytes, feed);
  expect(got.dims).toEqual(want.shape);
  assertClose(got.data, want.data, F32, `${model.constructor.name} in ONNX Runtime`);
  return { bytes, decoded };
}

/**
 * The operator of each node, in order.
 * @example
 * opTypes(bytes); // ["Conv", "Relu"]
 */
export const opTypes = (bytes: Uint8Array): string[] => decodeOnnx(bytes).graph.nodes.map((n) => n.opType);

/**
 * The attributes of the first node with operator `op`, as a name → value record (ints as numbers).
 * @example
 * attributesOf(decoded, "Conv").group; // 2
 */
export function attributesOf(decoded: DecodedModel, op: string): Record<string, unknown> {
  const i = decoded.graph.nodes.findIndex((n) => n.opType === op);
  if (i < 0) throw new Error(`no ${op} node`);
  const out: Record<string, unknown> = {};
  for (const a of decoded.attributes[i]!) {
    const field = ({ 1: "f", 2: "i", 3: "s", 6: "floats", 7: "ints" } as Record<number, string>)[a.type as number]!;
    out[a.name as string] = a[field];
  }
  return out;
}
