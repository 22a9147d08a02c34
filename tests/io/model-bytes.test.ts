/** @file modelToBytes / modelFromBytes (saving models in a page) and the browser build's file functions, which name them. */
import { describe, expect, it } from "vitest";
import { ChainruleError, decodeSafetensors, FormatError, modelFromBytes, modelToBytes, nn, optim, randn, tensor } from "../../src/index.js";
import { atomicWrite, readBytes } from "../../src/io/no-files.js";

const x = randn([6, 3], { seed: 1 });
const y = tensor([0, 1, 2, 0, 1, 2]);

function train(model: nn.Module, opt: optim.Optimizer, n: number): void {
  for (let i = 0; i < n; i++) {
    opt.zeroGrad();
    nn.crossEntropy(model.forward(x), y).backward();
    opt.step();
  }
}

describe("modelToBytes / modelFromBytes", () => {
  it("round-trips parameters and optimizer state through bytes, so training resumes exactly", () => {
    const a = new nn.MLP([3, 8, 3], { seed: 0 });
    const optA = new optim.Adam(a.parameters(), { lr: 0.01 });
    train(a, optA, 3);
    const bytes = modelToBytes(a, optA, { epoch: "3" });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Object.keys(decodeSafetensors(bytes).tensors)).toContain("layers.0.weight");
    train(a, optA, 3);

    const b = new nn.MLP([3, 8, 3], { seed: 99 });
    const optB = new optim.Adam(b.parameters(), { lr: 0.5 });
    expect(modelFromBytes(bytes, b, optB)).toEqual({ epoch: "3" });
    expect(optB.lr).toBe(0.01);
    train(b, optB, 3);
    b.parameters().forEach((p, i) => expect(p.data).toEqual(a.parameters()[i]!.data));
  });

  it("rejects bytes of another model with a FormatError naming the tensor, and changes nothing", () => {
    const bytes = modelToBytes(new nn.MLP([3, 4, 3], { seed: 0 }));
    const other = new nn.MLP([3, 5, 3], { seed: 1 });
    const before = other.parameters().map((p) => Array.from(p.data));
    expect(() => modelFromBytes(bytes, other)).toThrow(FormatError);
    expect(() => modelFromBytes(bytes, other)).toThrow(/layers\.0\.weight/);
    other.parameters().forEach((p, i) => expect(Array.from(p.data)).toEqual(before[i]));
  });
});

describe("the browser build's file functions", () => {
  it("throw a ChainruleError that names the path and the byte-level functions to use", async () => {
    await expect(atomicWrite("m.safetensors", [])).rejects.toThrow(ChainruleError);
    await expect(atomicWrite("m.safetensors", [])).rejects.toThrow(
      /saveOnnx\("m\.safetensors"\): files by path need Node.*modelToBytes.*exportOnnx/,
    );
    await expect(readBytes("m.safetensors")).rejects.toThrow(/loadModel\/loadSafetensors\("m\.safetensors"\).*modelFromBytes/);
  });
});
