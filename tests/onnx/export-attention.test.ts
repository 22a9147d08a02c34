/** @file exportOnnx of MultiheadAttention, TransformerBlock and the positional embeddings: ONNX Runtime gives chainrule's outputs on 100 random inputs. */
import { describe, expect, it } from "vitest";
import { ExportError, expand, exportOnnx, nn, randn, type Tensor } from "../../src/index.js";
import { CharTransformer } from "../../cli/train/words-model.js";
import { WordsLogits } from "../../cli/train/words-onnx.js";
import { assertClose } from "../helpers/close.js";
import { attributesOf, F32, opTypes, randomIndices, randomizeNorms, reference, roundTrip } from "../helpers/onnx-round-trip.js";
import { runOnnx } from "../helpers/onnx-runtime.js";

/** A batch-1 example and 100 random inputs of the per-sample shape `shape`. */
function inputs(shape: number[], seed = 1): [Tensor, Tensor] {
  return [randn([1, ...shape], { seed: 99 }), randn([100, ...shape], { seed })];
}

/** Random in_proj and out_proj biases (PyTorch initialises them to zero, which would hide a wrong bias). */
function randomBiases(model: nn.Module, seed: number): void {
  const state = model.stateDict();
  for (const [name, t] of Object.entries(state)) {
    if (/(in_proj_bias|out_proj\.bias)$/.test(name)) state[name] = randn(t.shape.slice(), { seed: seed++, dtype: t.dtype }).mul(0.3);
  }
  model.loadStateDict(state);
}

describe("MultiheadAttention → MatMul, Slice, Reshape, Transpose, Softmax", () => {
  const cases: [string, nn.MultiheadAttention, number[]][] = [
    ["16 wide, 4 heads", new nn.MultiheadAttention(16, 4, { seed: 0 }), [5, 16]],
    ["16 wide, 4 heads, causal", new nn.MultiheadAttention(16, 4, { causal: true, seed: 1 }), [7, 16]],
    ["12 wide, 1 head, causal, no bias", new nn.MultiheadAttention(12, 1, { causal: true, bias: false, seed: 2 }), [6, 12]],
    ["8 wide, 8 heads of 1, length 1", new nn.MultiheadAttention(8, 8, { seed: 3 }), [1, 8]],
  ];
  for (const [name, m, shape] of cases) {
    it(name, async () => {
      if (m.inProjBias) randomBiases(m, 10);
      const [example, x] = inputs(shape);
      const { bytes, decoded } = await roundTrip(m, example, x.mul(2));
      expect(decoded.graph.outputs[0]!.shape).toEqual(["batch", ...shape]);
      expect(opTypes(bytes).filter((op) => op === "Softmax")).toHaveLength(1);
      expect(attributesOf(decoded, "Softmax")).toEqual({ axis: -1 });
      const mask = decoded.graph.initializers.find((t) => t.name.startsWith("const_causal"));
      expect(mask?.dims).toEqual(m.causal ? [shape[0], shape[0]] : undefined);
    });
  }

  it("the causal mask is −1e9 above the diagonal and 0 on and below it", async () => {
    const { decodeOnnx, initializerValues } = await import("../helpers/onnx-runtime.js");
    const d = decodeOnnx(exportOnnx(new nn.MultiheadAttention(4, 2, { causal: true, seed: 0 }), randn([1, 3, 4])));
    const mask = d.graph.initializers.find((t) => t.name === "const_causal_3")!;
    expect(initializerValues(mask)).toEqual([0, -1e9, -1e9, 0, 0, -1e9, 0, 0, 0].map(Math.fround));
  });

  it("a different sequence length fails in ONNX Runtime, naming the input's axis", async () => {
    const bytes = exportOnnx(new nn.MultiheadAttention(8, 2, { causal: true, seed: 0 }), randn([1, 5, 8]));
    await expect(runOnnx(bytes, randn([2, 6, 8]))).rejects.toThrow(/invalid dimensions for input: input.*index: 1 Got: 6 Expected: 5/s);
  });

  it("an input without a batch axis is refused with a fix", () => {
    const m = new nn.MultiheadAttention(8, 2, { seed: 0 });
    expect(() => exportOnnx(m, randn([5, 8]), { dynamicBatch: false })).toThrow(ExportError);
    expect(() => exportOnnx(m, randn([5, 8]), { dynamicBatch: false })).toThrow(
      /\(MultiheadAttention\) exports inputs \[batch, length, 8\].*got \[5, 8\]; pass an example with a batch axis/,
    );
  });

  it("cross-attention (a custom module calling forward(query, key, value)) fails naming the module", () => {
    class CrossAttention extends nn.Module {
      readonly attn = this.registerModule("attn", new nn.MultiheadAttention(8, 2, { seed: 0 }));
      readonly memory = this.registerParameter("memory", randn([1, 3, 8]));
      forward(x: Tensor): Tensor {
        const kv = expand(this.memory, [x.shape[0]!, 3, 8]);
        return this.attn.forward(x, kv, kv);
      }
    }
    const model = new nn.Sequential(new nn.LayerNorm(8), new CrossAttention());
    expect(() => exportOnnx(model, randn([1, 4, 8]))).toThrow(ExportError);
    expect(() => exportOnnx(model, randn([1, 4, 8]))).toThrow(/module "1" \(CrossAttention\) has no ONNX form/);
  });
});

describe("positional embeddings → Slice + Add", () => {
  it("PositionalEmbedding shorter than maxLen slices its weight", async () => {
    const m = new nn.PositionalEmbedding(10, 6, { seed: 0 });
    const [example, x] = inputs([4, 6]);
    const { bytes, decoded } = await roundTrip(m, example, x);
    expect(opTypes(bytes)).toEqual(["Slice", "Add"]);
    expect(decoded.graph.nodes[0]!.inputs[0]).toBe("weight");
  });

  it("PositionalEmbedding at maxLen adds the whole weight", async () => {
    const [example, x] = inputs([5, 3]);
    const { bytes } = await roundTrip(new nn.PositionalEmbedding(5, 3, { seed: 1 }), example, x);
    expect(opTypes(bytes)).toEqual(["Add"]);
  });

  it("SinusoidalPositionalEmbedding adds its first rows as a constant", async () => {
    const [example, x] = inputs([7, 8]);
    const { bytes, decoded } = await roundTrip(new nn.SinusoidalPositionalEmbedding(32, 8), example, x);
    expect(opTypes(bytes)).toEqual(["Add"]);
    expect(decoded.graph.initializers.map((t) => [t.name, t.dims])).toEqual([["const_positions_7x8", [7, 8]]]);
  });
});

describe("TransformerBlock and the words language model", () => {
  for (const activation of ["relu", "gelu"] as const) {
    it(`TransformerBlock (causal, ${activation}, dropout as identity)`, async () => {
      const block = new nn.TransformerBlock(16, 4, { causal: true, activation, dropout: 0.1, seed: 4 });
      randomizeNorms(block, 1);
      randomBiases(block, 20);
      const [example, x] = inputs([6, 16], 2);
      const { decoded } = await roundTrip(block, example, x);
      expect(decoded.graph.nodes.filter((n) => n.opType === "LayerNormalization")).toHaveLength(2);
    });
  }

  it("TransformerBlock at opset 13 (LayerNorm as ReduceMean…, GELU as Erf)", async () => {
    const block = new nn.TransformerBlock(8, 2, { activation: "gelu", seed: 5 });
    randomizeNorms(block, 2);
    const [example, x] = inputs([4, 8], 3);
    const { bytes } = await roundTrip(block, example, x, { opset: 13 });
    expect(opTypes(bytes)).toContain("ReduceMean");
  });

  it("Embedding + PositionalEmbedding + 2 causal blocks + LayerNorm + Linear (the words model) end to end", async () => {
    const model = new CharTransformer({ dim: 16, heads: 4, blocks: 2, context: 11, mlpRatio: 4, seed: 0 });
    randomizeNorms(model, 3);
    randomBiases(model, 30);
    const lm = new WordsLogits(model);
    const { decoded } = await roundTrip(lm, randomIndices([1, 11], 27, 0), randomIndices([100, 11], 27, 1), { int64: true, indices: true });
    expect(decoded.graph.outputs[0]!.shape).toEqual(["batch", 11, 27]);
    expect(decoded.graph.initializers.map((t) => t.name)).toContain("blocks.1.attn.in_proj_weight");
    // the hidden states alone: CharTransformer itself (its head unused), at a shorter length
    const bytes = exportOnnx(model, randomIndices([1, 6], 27, 2), { indices: true });
    const x = randomIndices([100, 6], 27, 3);
    const got = await runOnnx(bytes, { data: BigInt64Array.from(x.data, (v) => BigInt(v)), shape: x.shape });
    const want = reference(model, x);
    expect(got.dims).toEqual([100, 6, 16]);
    assertClose(got.data, want.data, F32, "CharTransformer hidden states in ONNX Runtime");
  });
});
