/** @file safetensors files: atomic saves, interrupted writes, corrupt files, model and optimizer round trips. */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FormatError,
  loadModel,
  loadSafetensors,
  nn,
  optim,
  randn,
  saveModel,
  saveSafetensors,
  tensor,
  zeros,
  type Tensor,
} from "../../src/index.js";
import { atomicWrite } from "../../src/io/node-files.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-io-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const x = randn([6, 3], { seed: 2 });
const y = [0, 1, 2, 1, 0, 2];
function train(model: nn.Module, opt: optim.Optimizer, n: number): void {
  for (let i = 0; i < n; i++) {
    opt.zeroGrad();
    nn.crossEntropy(model.forward(x), y).backward();
    opt.step();
  }
}

/** The saved MLP's layers plus one parameter the file does not have. */
class WithExtra extends nn.Module {
  layers = this.registerModule("layers", new nn.MLP([3, 4, 2]).layers);
  extra = this.registerParameter("extra", zeros([1], { requiresGrad: true }));
  forward(t: Tensor): Tensor {
    return this.layers.forward(t);
  }
}

/** A tensor whose data cannot be read: saving it throws after the header and earlier tensors are written. */
function exploding(): Tensor {
  const t = tensor([1, 2, 3]);
  Object.defineProperty(t, "data", {
    get() {
      throw new Error("disk on fire");
    },
  });
  return t;
}

describe("safetensors files", () => {
  it("saves and loads, bit for bit", async () => {
    const path = join(dir, "a.safetensors");
    const w = randn([3, 4], { seed: 1, dtype: "float64" });
    await saveSafetensors(path, { w }, { epoch: "1" });
    const file = await loadSafetensors(path);
    expect(file.tensors["w"]!.data).toEqual(w.data);
    expect(file.metadata).toEqual({ epoch: "1" });
    expect((await loadSafetensors(await readFile(path))).tensors["w"]!.data).toEqual(w.data);
  });

  it("an interrupted save leaves the previous file intact and no temporary file behind", async () => {
    const path = join(dir, "b.safetensors");
    await saveSafetensors(path, { w: tensor([1, 2]) });
    const before = await readFile(path);
    await expect(saveSafetensors(path, { first: randn([1000], { seed: 0 }), second: exploding() })).rejects.toThrow("disk on fire");
    expect(await readFile(path)).toEqual(before);
    await expect(
      atomicWrite(
        path,
        (function* () {
          yield new Uint8Array(100).fill(7);
          throw new Error("crash mid-write");
        })(),
      ),
    ).rejects.toThrow("crash mid-write");
    expect(await readFile(path)).toEqual(before);
    expect((await readdir(dir)).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("a truncated file names the file in the FormatError", async () => {
    const path = join(dir, "c.safetensors");
    await saveSafetensors(path, { w: tensor([1, 2, 3]) });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 2));
    await expect(loadSafetensors(path)).rejects.toThrow(FormatError);
    await expect(loadSafetensors(path)).rejects.toThrow(/c\.safetensors: decodeSafetensors: tensor "w": truncated file/);
  });
});

describe("saveModel / loadModel", () => {
  it("resumes training exactly: parameters and optimizer state round-trip", async () => {
    const path = join(dir, "model.safetensors");
    const a = new nn.MLP([3, 8, 3], { seed: 0 });
    const optA = new optim.Adam(a.parameters(), { lr: 0.01, amsgrad: true });
    train(a, optA, 3);
    await saveModel(path, a, optA, { epoch: "3" });
    train(a, optA, 3);

    const b = new nn.MLP([3, 8, 3], { seed: 123 });
    const optB = new optim.Adam(b.parameters(), { lr: 0.5 });
    expect(await loadModel(path, b, optB)).toEqual({ epoch: "3" });
    expect(optB.lr).toBe(0.01);
    expect(optB.amsgrad).toBe(true);
    train(b, optB, 3);
    b.parameters().forEach((p, i) => expect(p.data).toEqual(a.parameters()[i]!.data));
  });

  it("writes parameter names other tools understand, and the optimizer's buffers beside them", async () => {
    const path = join(dir, "names.safetensors");
    const m = new nn.MLP([3, 2, 3], { seed: 0 });
    const opt = new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
    train(m, opt, 1);
    await saveModel(path, m, opt);
    const file = await loadSafetensors(path);
    expect(Object.keys(file.tensors)).toEqual([
      "layers.0.weight",
      "layers.0.bias",
      "layers.2.weight",
      "layers.2.bias",
      "optimizer/layers.0.weight/momentumBuffer",
      "optimizer/layers.0.bias/momentumBuffer",
      "optimizer/layers.2.weight/momentumBuffer",
      "optimizer/layers.2.bias/momentumBuffer",
    ]);
    expect(JSON.parse(file.metadata["chainrule.optimizer"]!)).toMatchObject({ type: "SGD", hyper: { lr: 0.1, momentum: 0.9 } });
  });

  describe("a failed load says what is wrong and leaves model and optimizer unchanged", () => {
    const saved = join(tmpdir(), `chainrule-io-failed-${process.pid}.safetensors`);
    beforeAll(async () => {
      const m = new nn.MLP([3, 4, 2], { seed: 0 });
      const opt = new optim.Adam(m.parameters());
      train(new nn.Sequential(m, new nn.Linear(2, 3, { seed: 1 })), opt, 1);
      await saveModel(saved, m, opt);
    });
    afterAll(async () => {
      await rm(saved, { force: true });
    });

    const cases: [string, () => [nn.Module, optim.Optimizer | undefined], RegExp, ((path: string) => Promise<string>)?][] = [
      [
        "a shape that does not match",
        () => [new nn.MLP([3, 5, 2]), undefined],
        /tensor "layers.0.weight" has shape \[4, 3\] in the file but \[5, 3\] in the model/,
      ],
      [
        "a dtype that does not match",
        () => [new nn.MLP([3, 4, 2], { dtype: "float64" }), undefined],
        /tensor "layers.0.weight" has dtype F32 in the file but the model's is F64/,
      ],
      [
        "a tensor the file lacks",
        () => [new WithExtra(), undefined],
        /tensor "extra" is missing from the file \(the model has it as \[1\] F32\)/,
      ],
      [
        "names from another model",
        () => [new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU()), undefined],
        /tensor "0.weight" is missing from the file/,
      ],
      [
        "an optimizer of another type",
        () => {
          const m = new nn.MLP([3, 4, 2]);
          return [m, new optim.SGD(m.parameters(), { lr: 0.1 })];
        },
        /the optimizer state does not fit: the state was saved by Adam, not SGD/,
      ],
      [
        "a truncated file",
        () => {
          const m = new nn.MLP([3, 4, 2]);
          return [m, new optim.Adam(m.parameters())];
        },
        /truncated file/,
        async (p) => {
          const bytes = await readFile(p);
          const cut = join(dir, "cut.safetensors");
          await writeFile(cut, bytes.subarray(0, bytes.length - 10));
          return cut;
        },
      ],
    ];
    for (const [what, make, message, mangle] of cases) {
      it(what, async () => {
        const [m, opt] = make();
        if (opt) train(new nn.Sequential(m, new nn.Linear(2, 3, { seed: 2 })), opt, 1);
        const params = m.parameters().map((p) => p.dataSync());
        const state = opt?.stateDict();
        const path = mangle ? await mangle(saved) : saved;
        const err = await loadModel(path, m, opt).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(FormatError);
        expect((err as Error).message).toMatch(message);
        expect(m.parameters().map((p) => p.dataSync())).toEqual(params);
        if (opt) expect(opt.stateDict()).toEqual(state);
      });
    }

    it("a file without optimizer state, when an optimizer is given", async () => {
      const path = join(dir, "no-opt.safetensors");
      const m = new nn.MLP([3, 4, 2], { seed: 0 });
      await saveModel(path, m);
      const opt = new optim.Adam(m.parameters());
      await expect(loadModel(path, m, opt)).rejects.toThrow(/no optimizer state/);
    });

    it("unknown tensors are an error unless strict is off", async () => {
      const path = join(dir, "extra.safetensors");
      const big = new nn.Sequential(new nn.Linear(3, 4, { seed: 0 }), new nn.Linear(4, 2, { seed: 0 }));
      await saveModel(path, big);
      const small = new nn.Sequential(new nn.Linear(3, 4, { seed: 5 }));
      await expect(loadModel(path, small)).rejects.toThrow(/the file has tensors the model lacks: "1.weight", "1.bias"/);
      await loadModel(path, small, undefined, { strict: false });
      expect(small.parameters()[0]!.data).toEqual(big.parameters()[0]!.data);
    });
  });
});
