/** @file `chainrule train --backend`: the MLP on wasm and on webgpu (SwiftShader in CI) learns as on js, reading the GPU only once per epoch. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { getBackend, memory } from "../../src/index.js";
import { runChainrule } from "../helpers/run-cli.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";

const reason = await webgpuUnavailable();

afterEach(() => vi.restoreAllMocks());

interface Report {
  history: { trainLoss: number; testLoss: number; testAccuracy: number | null }[];
  testAccuracy: number;
  backend?: string;
}

/** `chainrule train` on moons, 3 epochs, seed 0, on `backend` (none: the default). */
async function moons(...extra: string[]): Promise<Report> {
  const { stdout } = await runChainrule("train", "--dataset", "moons", "--epochs", "3", "--seed", "0", "--json", "--quiet", ...extra);
  return JSON.parse(stdout) as Report;
}

/** Per-epoch losses of two runs agree to float32 accuracy (kernels sum in other orders). */
function sameLosses(a: Report, b: Report): void {
  expect(a.history).toHaveLength(b.history.length);
  a.history.forEach((h, i) => {
    expect(h.trainLoss).toBeCloseTo(b.history[i]!.trainLoss, 4);
    expect(h.testLoss).toBeCloseTo(b.history[i]!.testLoss, 4);
  });
}

describe("chainrule train --backend", () => {
  it("wasm trains as js does and selects the previous backend again", async () => {
    const ref = await moons();
    const wasm = await moons("--backend", "wasm");
    sameLosses(wasm, ref);
    expect(getBackend()).toBe("js");
  });

  it("refuses unknown backends, and webgpu with flags that read the model synchronously", async () => {
    await expect(moons("--backend", "cuda")).rejects.toThrow(/--backend must be one of js, wasm, webgpu/);
    await expect(moons("--backend", "webgpu", "--save", "m.safetensors")).rejects.toThrow(/--save is not available with --backend webgpu/);
    await expect(runChainrule("train", "--dataset", "words", "--backend", "webgpu", "--quiet")).rejects.toThrow(
      /words transformer.*Drop --backend webgpu/,
    );
  });

  describe.skipIf(reason !== null)(`on webgpu${reason ? ` (skipped: ${reason})` : ""}`, () => {
    it("the MLP learns moons as on js, with one round of reads per epoch and none inside a step", { timeout: 120_000 }, async () => {
      const ref = await moons();
      await runChainrule("train", "--dataset", "moons", "--epochs", "0", "--backend", "webgpu", "--json", "--quiet");
      const before = memory().webgpu!;
      const gpu = await moons("--backend", "webgpu");
      const after = memory().webgpu!;
      sameLosses(gpu, ref);
      expect(gpu.testAccuracy).toBe(ref.testAccuracy);
      expect(gpu.backend).toMatch(/^webgpu \(/);
      // per epoch: the summed loss, then the loss and logits of the train and test parts (13 steps each)
      expect(after.reads - before.reads).toBe(3 * 5);
      expect(after.submits - before.submits).toBeLessThan(3 * 13);
      expect(getBackend()).toBe("js");
    });
  });
});
