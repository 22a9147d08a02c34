/** @file `chainrule train --dataset words --model transformer` and `chainrule sample`: a small model learns, saves, and samples words. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runChainrule } from "../helpers/run-cli.js";

afterEach(() => vi.restoreAllMocks());

describe("chainrule train --dataset words --model transformer", () => {
  it("learns in 40 small steps, saves, and `sample` prints words from the file", { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "chainrule-words-"));
    const file = join(dir, "words.safetensors");
    try {
      const args = ["--dim", "16", "--heads", "2", "--blocks", "1", "--steps", "40", "--batch-size", "32", "--lr", "0.01"];
      const run = await runChainrule("train", "--dataset", "words", "--model", "transformer", ...args, "--save", file, "--json");
      const report = JSON.parse(run.stdout);
      expect(report.model).toMatchObject({ dim: 16, heads: 2, blocks: 1, context: 11 });
      expect(report.samples).toEqual({ train: 47044, dev: 5227 });
      expect(report.steps).toBe(40);
      // log 27 = 3.30 nats/char is a uniform guess; 40 steps already beat it clearly
      expect(report.devLoss).toBeLessThan(3.0);
      expect(report.history.at(-1)).toMatchObject({ step: 40, devLoss: report.devLoss });
      expect(run.stderr).toMatch(/step 40\/40 {2}train loss \d\.\d{4} │ dev loss \d\.\d{4}/);
      const sampled = await runChainrule("sample", "--load", file, "-n", "7", "--seed", "3", "--temperature", "0.8", "--json");
      const words = JSON.parse(sampled.stdout) as string[];
      expect(words).toHaveLength(7);
      for (const w of words) expect(w).toMatch(/^[a-z]{0,10}$/);
      const again = await runChainrule("sample", "--load", file, "-n", "7", "--seed", "3", "--temperature", "0.8");
      expect(again.stdout.trim().split("\n")).toEqual(words);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("--dropout trains with dropout in every block, is recorded, and samples in eval mode", { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "chainrule-words-"));
    const file = join(dir, "words.safetensors");
    try {
      const args = ["--dim", "16", "--heads", "2", "--blocks", "1", "--steps", "30", "--batch-size", "32", "--dropout", "0.2"];
      const run = await runChainrule("train", "--dataset", "words", "--model", "transformer", ...args, "--save", file, "--json");
      const report = JSON.parse(run.stdout);
      expect(report.model).toMatchObject({ dim: 16, dropout: 0.2 });
      expect(report.model.description).toMatch(/dropout 0\.2$/);
      expect(report.devLoss).toBeLessThan(3.0);
      const a = await runChainrule("sample", "--load", file, "-n", "5", "--seed", "1");
      const b = await runChainrule("sample", "--load", file, "-n", "5", "--seed", "1");
      expect(a.stdout).toBe(b.stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses other datasets, flags of the MLP and files of another kind", async () => {
    await expect(runChainrule("train", "--dataset", "words", "--dropout", "1", "--quiet")).rejects.toThrow(
      /--dropout must be at least 0 and below 1/,
    );
    await expect(runChainrule("train", "--dataset", "moons", "--dropout", "0.1", "--quiet")).rejects.toThrow(
      /--dropout applies to --model transformer only/,
    );
    await expect(runChainrule("train", "--dataset", "moons", "--model", "transformer", "--quiet")).rejects.toThrow(
      /language model of the words dataset/,
    );
    await expect(runChainrule("train", "--dataset", "words", "--epochs", "2", "--quiet")).rejects.toThrow(/--epochs is not available/);
    await expect(runChainrule("train", "--dataset", "words", "--dim", "30", "--heads", "4", "--quiet")).rejects.toThrow(
      /--heads 4 must divide --dim 30/,
    );
    const dir = await mkdtemp(join(tmpdir(), "chainrule-words-"));
    const file = join(dir, "moons.safetensors");
    try {
      await runChainrule("train", "--dataset", "moons", "--epochs", "1", "--save", file, "--quiet");
      await expect(runChainrule("sample", "--load", file)).rejects.toThrow(/has no "chainrule.words" metadata/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
