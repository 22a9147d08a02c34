/** @file The device loop of `train --backend webgpu` (SwiftShader in CI): the digits CNN (conv, BatchNorm, max pool, AdamW, one cycle, shifts) trains as the CPU loop does. */
import { afterEach, describe, expect, it } from "vitest";
import { data, memory, optim, setBackend, tensor } from "../../src/index.js";
import { buildCnn, fitCnn, shiftImages } from "../../cli/train/cnn.js";
import { fitOnDevice, type HostData } from "../../cli/train/device-loop.js";
import type { TrainConfig } from "../../cli/train/loop.js";
import { TestRng } from "../helpers/test-rng.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";

const reason = await webgpuUnavailable();

/** n random 8×8 images of 3 classes, as host arrays. */
function images(n: number, seed: number): HostData {
  const rng = new TestRng(seed);
  const y = Float32Array.from({ length: n }, (_, i) => i % 3);
  const x = Float32Array.from({ length: n * 64 }, (_, i) => rng.uniform(0, 1) + (y[Math.floor(i / 64)]! === (i % 64) % 3 ? 0.5 : 0));
  return { task: "classification", x, shape: [1, 8, 8], y, n };
}

/** The same images as a Dataset of CPU tensors. */
function asDataset(h: HostData): data.Dataset {
  return {
    name: "tiny",
    x: tensor(Float32Array.from(h.x), { shape: [h.n, ...h.shape] }),
    y: tensor(Float32Array.from(h.y), { shape: [h.n] }),
    classes: ["a", "b", "c"],
    featureNames: [],
    task: "classification",
  };
}

const config: TrainConfig = {
  dataset: "tiny",
  layers: [],
  activation: "relu",
  optimizer: "adamw",
  lr: 5e-3,
  epochs: 2,
  batchSize: 8,
  seed: 3,
  testFraction: 0.2,
};

describe.skipIf(reason !== null)(`the webgpu device loop${reason ? ` (skipped: ${reason})` : ""}`, () => {
  afterEach(() => setBackend("js"));

  it("trains the CLI's CNN like fitCnn on js: same batches, shifts and schedule; 5 reads per epoch", { timeout: 180_000 }, async () => {
    const [train, test] = [images(16, 1), images(8, 2)];
    await setBackend("js");
    const ref = fitCnn(buildCnn(3, config.seed), asDataset(train), asDataset(test), config);
    await setBackend("webgpu");
    const model = buildCnn(3, config.seed);
    const opt = new optim.AdamW(model.parameters(), { lr: config.lr, weightDecay: 1e-4 });
    const sched = new optim.OneCycleLR(opt, { maxLr: config.lr, totalSteps: config.epochs * 2 });
    const reads = memory().webgpu!.reads;
    const gpu = await fitOnDevice(model, train, test, config, { opt, afterStep: () => sched.step(), augment: shiftImages });
    expect(memory().webgpu!.reads - reads).toBe(config.epochs * 5);
    expect(gpu.history).toHaveLength(2);
    gpu.history.forEach((h, i) => {
      const r = ref[i]!;
      expect(h.trainLoss).toBeCloseTo(r.trainLoss, 3);
      expect(h.testLoss).toBeCloseTo(r.testLoss, 3);
      expect(h.trainAccuracy).toBe(r.trainAccuracy);
      expect(h.testAccuracy).toBe(r.testAccuracy);
    });
    expect(gpu.final.test.loss).toBe(gpu.history[1]!.testLoss);
  });
});
