/** @file The `chainrule train` command: flags, --json document, pictures, save and load. */
import { describe, it, expect, vi, afterEach } from "vitest";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChainrule } from "../helpers/run-cli.js";

const chainrule = runChainrule;

afterEach(() => vi.restoreAllMocks());

describe("chainrule train", () => {
  it("--json: moons reaches ≥ 0.97 test accuracy with a fixed seed, and the document has the promised keys", async () => {
    const { stdout } = await chainrule("train", "--dataset", "moons", "--epochs", "20", "--seed", "0", "--json", "--quiet");
    const report = JSON.parse(stdout);
    expect(report.testAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(report.epochs).toBe(20);
    expect(report.trainLoss).toBeGreaterThan(0);
    expect(report.trainLoss).toBeLessThan(0.1);
    expect(report.seconds).toBeGreaterThan(0);
    expect(report.history).toHaveLength(20);
    expect(report.history[19].testAccuracy).toBe(report.testAccuracy);
    expect(report.model).toEqual({ sizes: [2, 16, 16, 2], activation: "tanh", parameters: 2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2 });
    expect(report.samples).toEqual({ train: 400, test: 100 });
  });

  it("digits reaches ≥ 0.95 test accuracy with a fixed seed (5 epochs of the default network)", async () => {
    const { stdout } = await chainrule("train", "--dataset", "digits", "--epochs", "5", "--seed", "0", "--json", "--quiet");
    const report = JSON.parse(stdout);
    expect(report.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.samples).toEqual({ train: 1438, test: 359 });
    expect(report.model.sizes).toEqual([64, 64, 10]);
  });

  it("is reproducible: the same seed gives the same losses", async () => {
    const run = async () =>
      JSON.parse((await chainrule("train", "--dataset", "xor", "--epochs", "3", "--seed", "7", "--json", "--quiet")).stdout);
    const [a, b] = [await run(), await run()];
    expect(a.history.map((h: { testLoss: number }) => h.testLoss)).toEqual(b.history.map((h: { testLoss: number }) => h.testLoss));
  });

  it("takes --layers, --activation, --optimizer, --lr, --batch-size; regression has no accuracy", async () => {
    const { stdout } = await chainrule(
      "train",
      "--dataset",
      "sine",
      "--layers",
      "8",
      "--activation",
      "relu",
      "--optimizer",
      "sgd",
      "--lr",
      "0.05",
      "--batch-size",
      "16",
      "--epochs",
      "2",
      "--json",
      "--quiet",
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ task: "regression", optimizer: "sgd", lr: 0.05, batchSize: 16, testAccuracy: null });
    expect(report.model.sizes).toEqual([1, 8, 1]);
    expect(Number.isFinite(report.testLoss)).toBe(true);
  });

  it("prints plain per-epoch lines on a non-TTY stderr and a summary on stdout", async () => {
    const { stdout, stderr } = await chainrule("train", "--dataset", "iris", "--epochs", "3");
    expect(stderr.trim().split("\n")).toHaveLength(3);
    expect(stderr).toMatch(/^epoch 1\/3 {2}train loss \d\.\d{4} {2}acc \d\.\d{4} │ test loss/);
    expect(stdout).toMatch(/model {6}MLP 4 → 16 → 3 \(tanh\)/);
    expect(stdout).toMatch(/test {7}cross-entropy \d\.\d{4}, accuracy \d\.\d{4}/);
  });

  it("--out writes the loss/accuracy chart and the decision boundary (2-D) or the fit (1-D regression)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "chainrule-train-"));
    await chainrule("train", "--dataset", "circles", "--epochs", "2", "--out", dir, "--quiet");
    expect((await readdir(dir)).sort()).toEqual(["decision-boundary.svg", "training.svg"]);
    const boundary = await readFile(join(dir, "decision-boundary.svg"), "utf8");
    expect(boundary).toMatch(/^<svg/);
    expect(boundary).toContain("decision boundary");
    expect(boundary).toContain("outer");
    const curves = await readFile(join(dir, "training.svg"), "utf8");
    expect(curves).toContain("accuracy");
    const dir2 = await mkdtemp(join(tmpdir(), "chainrule-train-"));
    await chainrule("train", "--dataset", "sine", "--epochs", "1", "--out", dir2, "--quiet");
    expect((await readdir(dir2)).sort()).toEqual(["fit.svg", "training.svg"]);
  });

  it("--save then --load: the reloaded model gives the same results, keeps its architecture, and can train on", async () => {
    const dir = await mkdtemp(join(tmpdir(), "chainrule-train-"));
    const file = join(dir, "moons.safetensors");
    const first = JSON.parse(
      (await chainrule("train", "--dataset", "moons", "--layers", "8", "--epochs", "3", "--save", file, "--json", "--quiet")).stdout,
    );
    expect(first.savedTo).toBe(file);
    const again = JSON.parse((await chainrule("train", "--load", file, "--epochs", "0", "--json", "--quiet")).stdout);
    expect(again).toMatchObject({ dataset: "moons", epochs: 0, loadedFrom: file, model: { sizes: [2, 8, 2], activation: "tanh" } });
    expect(again.testLoss).toBeCloseTo(first.testLoss, 6);
    expect(again.testAccuracy).toBe(first.testAccuracy);
    const more = JSON.parse((await chainrule("train", "--load", file, "--epochs", "2", "--json", "--quiet")).stdout);
    expect(more.trainLoss).toBeLessThan(first.trainLoss);
    await expect(chainrule("train", "--load", file, "--dataset", "digits", "--quiet")).rejects.toThrow(
      /MLP 2→8→2 trained on moons; digits has 64 features/,
    );
    await expect(chainrule("train", "--load", file, "--layers", "16", "--quiet")).rejects.toThrow(
      /differs from the loaded model's hidden layers 8/,
    );
  });

  it("rejects bad flags with a message naming the flag", async () => {
    await expect(chainrule("train", "--layers", "64,x")).rejects.toThrow(/--layers takes hidden sizes/);
    await expect(chainrule("train", "--optimizer", "lbfgs")).rejects.toThrow(/--optimizer must be one of sgd, adam/);
    await expect(chainrule("train", "--lr", "-1")).rejects.toThrow(/--lr must be a positive number/);
    await expect(chainrule("train", "--dataset", "mnist", "--quiet")).rejects.toThrow(/unknown dataset "mnist"/);
  });
});
