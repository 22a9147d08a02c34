/** @file `chainrule train --model cnn`: the digits CNN learns, and flags it does not support are refused clearly. */
import { describe, expect, it, vi, afterEach } from "vitest";
import { runChainrule } from "../helpers/run-cli.js";

/** Runs `chainrule …args` in-process and returns what it wrote to stdout. */
async function chainrule(...args: string[]): Promise<string> {
  return (await runChainrule(...args)).stdout;
}

afterEach(() => vi.restoreAllMocks());

describe("chainrule train --model cnn", () => {
  it("reaches ≥ 0.97 test accuracy on digits in 3 epochs (seed 0)", { timeout: 300_000 }, async () => {
    const report = JSON.parse(
      await chainrule("train", "--dataset", "digits", "--model", "cnn", "--epochs", "3", "--seed", "0", "--json", "--quiet"),
    );
    expect(report.testAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(report.epochs).toBe(3);
    expect(report.model.description).toMatch(/^CNN/);
    expect(report.model.parameters).toBe(16 * 9 + 2 * 16 + 32 * 16 * 9 + 2 * 32 + 512 * 10 + 10);
  });

  it("refuses datasets without images and flags of the MLP", async () => {
    await expect(chainrule("train", "--dataset", "moons", "--model", "cnn", "--quiet")).rejects.toThrow(/only the digits dataset/);
    await expect(chainrule("train", "--dataset", "digits", "--model", "cnn", "--layers", "8", "--quiet")).rejects.toThrow(
      /--layers is not available with --model cnn/,
    );
  });
});
