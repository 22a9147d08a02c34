/** @file Optimizer state read from a file or a state dict is validated like constructor options: bad hyperparameters are refused by name. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FormatError, loadModel, loadSafetensors, nn, optim, randn, saveModel, saveSafetensors, ValueError } from "../../src/index.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-optstate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const x = randn([4, 3], { seed: 1 });
function stepOnce(m: nn.Module, opt: optim.Optimizer): void {
  opt.zeroGrad();
  nn.crossEntropy(m.forward(x), [0, 1, 1, 0]).backward();
  opt.step();
}

type Edit = (meta: { hyper: Record<string, unknown>; steps: Record<string, unknown> }) => void;
const adamCases: [string, Edit, RegExp][] = [
  ["lr −5", (m) => (m.hyper["lr"] = -5), /lr must be a finite number ≥ 0 and ≤ 1000000, got -5/],
  ["lr 1e308", (m) => (m.hyper["lr"] = 1e308), /lr must be a finite number ≥ 0 and ≤ 1000000, got 1e\+308/],
  ['betas ["a"]', (m) => (m.hyper["betas"] = ["a"]), /betas must be a pair \[β₁, β₂\]/],
  ["betas [1.5, 2]", (m) => (m.hyper["betas"] = [1.5, 2]), /betas\[0\] must be in \[0, 1\), got 1\.5/],
  ["eps −1", (m) => (m.hyper["eps"] = -1), /eps must be a finite number ≥ 0, got -1/],
  ["a step count of 1e300", (m) => (m.steps["layers.0.weight"] = 1e300), /step 1e\+300 is not a non-negative integer/],
];

describe("optimizer state from a file is validated like the constructor's options", () => {
  for (const [what, edit, message] of adamCases) {
    it(`Adam state with ${what} is refused with a FormatError naming the field, and nothing changes`, async () => {
      const m = new nn.MLP([3, 4, 2], { seed: 0 });
      const opt = new optim.Adam(m.parameters(), { lr: 0.01 });
      stepOnce(m, opt);
      const good = join(dir, "good.safetensors");
      await saveModel(good, m, opt);
      const file = await loadSafetensors(good);
      const meta = JSON.parse(file.metadata["chainrule.optimizer"]!);
      edit(meta);
      const bad = join(dir, `bad-${what.replace(/\W+/g, "-")}.safetensors`);
      await saveSafetensors(bad, file.tensors, { ...file.metadata, "chainrule.optimizer": JSON.stringify(meta) });

      const m2 = new nn.MLP([3, 4, 2], { seed: 7 });
      const opt2 = new optim.Adam(m2.parameters(), { lr: 0.5 });
      const before = m2.parameters().map((p) => p.dataSync());
      const err = await loadModel(bad, m2, opt2).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FormatError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toContain(bad);
      expect(m2.parameters().map((p) => p.dataSync())).toEqual(before);
      expect(opt2.lr).toBe(0.5);
    });
  }

  it("loadStateDict refuses the same values with a ValueError, for every optimizer", () => {
    const m = new nn.MLP([3, 2], { seed: 0 });
    const bad: [optim.Optimizer, string, unknown, RegExp][] = [
      [
        new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 }),
        "momentum",
        -1,
        /SGD\.loadStateDict: hyperparameter momentum must be a finite number ≥ 0, got -1/,
      ],
      [new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true }), "momentum", 0, /Nesterov momentum needs momentum > 0/],
      [new optim.AdamW(m.parameters()), "weightDecay", Number.NaN, /weightDecay must be a finite number ≥ 0, got NaN/],
      [new optim.RMSprop(m.parameters()), "alpha", 1, /alpha must be in \[0, 1\), got 1/],
      [new optim.Adagrad(m.parameters()), "lrDecay", -0.5, /lrDecay must be a finite number ≥ 0, got -0.5/],
    ];
    for (const [opt, key, value, message] of bad) {
      const sd = opt.stateDict();
      sd.hyper[key] = value as number;
      expect(() => opt.loadStateDict(sd)).toThrow(ValueError);
      expect(() => opt.loadStateDict(sd)).toThrow(message);
    }
  });

  it("the constructors apply the same limits (one validator)", () => {
    const p = new nn.MLP([3, 2]).parameters();
    expect(() => new optim.SGD(p, { lr: 1e308 })).toThrow(/SGD: lr must be a finite number ≥ 0 and ≤ 1000000, got 1e\+308/);
    expect(() => new optim.Adam(p, { betas: [1.5, 2] })).toThrow(/Adam: betas\[0\] must be in \[0, 1\), got 1\.5/);
    expect(() => new optim.Adam(p, { eps: -1 })).toThrow(/Adam: eps must be a finite number ≥ 0, got -1/);
  });
});
