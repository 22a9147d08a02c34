/** @file MultiheadAttention, TransformerBlock and positional embeddings: names, initialisation, causality, gradients, errors. */
import { describe, expect, it } from "vitest";
import { gradcheck, nn, randn, ShapeError, ValueError, zeros } from "../../src/index.js";

describe("nn.MultiheadAttention", () => {
  it("has PyTorch's parameter names, shapes and initialisation", () => {
    const mha = new nn.MultiheadAttention(16, 4, { seed: 0 });
    const shapes = Object.fromEntries(mha.namedParameters().map(([n, p]) => [n, p.shape]));
    expect(shapes).toEqual({ in_proj_weight: [48, 16], in_proj_bias: [48], "out_proj.weight": [16, 16], "out_proj.bias": [16] });
    // Xavier-uniform bound √(6/(16+48)); out_proj U(±1/√16); biases zero
    const w = Array.from(mha.inProjWeight.data);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 64));
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * Math.sqrt(6 / 64));
    expect(Math.max(...Array.from(mha.outProj.weight.data, Math.abs))).toBeLessThanOrEqual(0.25);
    expect(mha.inProjBias!.data.every((x) => x === 0) && mha.outProj.bias!.data.every((x) => x === 0)).toBe(true);
    expect(new nn.MultiheadAttention(8, 2, { bias: false }).namedParameters().map(([n]) => n)).toEqual([
      "in_proj_weight",
      "out_proj.weight",
    ]);
    expect(String(mha)).toMatch(/MultiheadAttention\(16, heads=4/);
  });

  it("causal: an output never depends on later positions", () => {
    const mha = new nn.MultiheadAttention(8, 2, { causal: true, seed: 1, dtype: "float64" });
    const x = randn([1, 5, 8], { seed: 2, dtype: "float64", requiresGrad: true });
    mha.forward(x).slice(null, 2).sum().backward();
    const g = x.grad!.toArray() as number[][][];
    for (let t = 3; t < 5; t++) expect(g[0]![t]!.every((v) => v === 0)).toBe(true);
    expect(g[0]![2]!.some((v) => v !== 0)).toBe(true);
  });

  it("takes unbatched [length, E] input, and names what does not fit", () => {
    const mha = new nn.MultiheadAttention(8, 2, { seed: 3 });
    expect(mha.forward(zeros([5, 8])).shape).toEqual([5, 8]);
    expect(() => mha.forward(zeros([2, 5, 6]))).toThrow(ShapeError);
    expect(() => mha.forward(zeros([2, 5, 6]))).toThrow(/query \[2, 5, 6\] must be \[batch, length, 8\]/);
    expect(() => mha.forward(zeros([2, 5, 8]), zeros([2, 4, 8]), zeros([2, 3, 8]))).toThrow(/need the same length/);
    expect(() => new nn.MultiheadAttention(10, 4)).toThrow(ValueError);
    expect(() => new nn.MultiheadAttention(10, 4)).toThrow(/divides embedDim 10.*e\.g\. 1, 2/);
  });
});

describe("nn.TransformerBlock", () => {
  it("names its parts like PyTorch modules and keeps the shape", () => {
    const block = new nn.TransformerBlock(8, 2, { causal: true, seed: 0 });
    expect(block.namedParameters().map(([n]) => n)).toEqual([
      "ln1.weight",
      "ln1.bias",
      "attn.in_proj_weight",
      "attn.in_proj_bias",
      "attn.out_proj.weight",
      "attn.out_proj.bias",
      "ln2.weight",
      "ln2.bias",
      "mlp.0.weight",
      "mlp.0.bias",
      "mlp.2.weight",
      "mlp.2.bias",
    ]);
    expect(block.mlp.at(0).namedParameters()[0]![1].shape).toEqual([32, 8]);
    expect(block.forward(randn([3, 4, 8], { seed: 1 })).shape).toEqual([3, 4, 8]);
    expect(String(new nn.TransformerBlock(8, 2, { activation: "gelu", mlpRatio: 2 }).mlp)).toMatch(/Linear\(8 → 16\)[\s\S]*GELU/);
  });

  it("passes gradcheck through the whole block (float64, GELU, causal)", () => {
    const block = new nn.TransformerBlock(4, 2, { causal: true, activation: "gelu", mlpRatio: 2, seed: 2, dtype: "float64" });
    const x = randn([2, 3, 4], { seed: 3, dtype: "float64" });
    expect(gradcheck((x) => block.forward(x), [x]).ok).toBe(true);
  });

  it("dropout is active only in training mode", () => {
    const block = new nn.TransformerBlock(8, 2, { dropout: 0.5, seed: 4 });
    const x = randn([2, 3, 8], { seed: 5 });
    expect(block.forward(x).data).not.toEqual(block.forward(x).data);
    block.eval();
    expect(block.forward(x).data).toEqual(block.forward(x).data);
    expect(() => new nn.TransformerBlock(8, 2, { activation: "tanh" as "relu" })).toThrow(/activation must be "relu" or "gelu"/);
  });
});

describe("positional embeddings", () => {
  it("PositionalEmbedding adds weight[0:length] and learns it", () => {
    const pe = new nn.PositionalEmbedding(6, 4, { seed: 0 });
    expect(pe.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([["weight", [6, 4]]]);
    const y = pe.forward(zeros([2, 3, 4]));
    expect(Array.from(y.data.slice(0, 12))).toEqual(Array.from(pe.weight.data.slice(0, 12)));
    y.sum().backward();
    expect(Array.from(pe.weight.grad!.data)).toEqual([...new Array(12).fill(2), ...new Array(12).fill(0)]);
    expect(() => pe.forward(zeros([1, 7, 4]))).toThrow(/length ≤ 6/);
  });

  it("sinusoidal positions follow sin/cos of p/10000^(2i/d) and have no parameters", () => {
    const P = nn.sinusoidalPositions(3, 4, "float64").toArray() as number[][];
    expect(P[2]).toEqual([Math.sin(2), Math.cos(2), Math.sin(2 / 100), Math.cos(2 / 100)]);
    const sin = new nn.SinusoidalPositionalEmbedding(8, 4);
    expect(sin.numParameters()).toBe(0);
    expect(Object.keys(sin.stateDict())).toEqual([]);
    expect(sin.forward(zeros([2, 3, 4], { dtype: "float64" })).dtype).toBe("float64");
  });
});
