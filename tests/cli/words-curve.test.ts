/** @file Same curve as PyTorch: the words transformer trained in float32 from PyTorch's initial weights on the same batches (scripts/goldens/words-curve.py). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nn, optim, tensor } from "../../src/index.js";
import { CharTransformer, encodeWords, type WordsModelConfig } from "../../cli/train/words-model.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/words-curve.json", import.meta.url), "utf8")) as {
  config: WordsModelConfig;
  lr: number;
  weightDecay: number;
  params: Record<string, { shape: number[]; data: number[] }>;
  batches: string[][];
  losses: number[];
};

describe("the words transformer follows PyTorch's loss curve", () => {
  it("agrees at each of the 200 steps within 1e-3 relative (float32, AdamW)", { timeout: 120_000 }, () => {
    const model = new CharTransformer(fixture.config);
    model.loadStateDict(Object.fromEntries(Object.entries(fixture.params).map(([n, p]) => [n, tensor(p.data, { shape: p.shape })])));
    const opt = new optim.AdamW(model.parameters(), { lr: fixture.lr, weightDecay: fixture.weightDecay });
    const worst = { step: -1, rel: 0 };
    fixture.batches.forEach((words, step) => {
      const b = encodeWords(words);
      opt.zeroGrad();
      const loss = nn.crossEntropy(model.logitsAt(model.forward(b.x), b.rows), b.targets);
      loss.backward();
      opt.step();
      const rel = Math.abs(loss.item() - fixture.losses[step]!) / Math.abs(fixture.losses[step]!);
      if (rel > worst.rel) Object.assign(worst, { step, rel });
    });
    expect(fixture.losses).toHaveLength(200);
    expect(worst.rel, `worst at step ${worst.step}`).toBeLessThan(1e-3);
  });
});
