/** @file The training loop behind `chainrule train`: defaults per dataset and the accuracy they reach. */
import { describe, it, expect } from "vitest";
import { Writable } from "node:stream";
import { boundaryCells } from "../../cli/train/pictures.js";
import { argmaxRows, buildModel, evaluate, fit, prepare, type TrainConfig } from "../../cli/train/loop.js";
import { epochLine, makeProgress } from "../../cli/train/progress.js";
import { lighten } from "../../cli/train/charts.js";
import { tensor } from "../../src/index.js";

const config: TrainConfig = {
  dataset: "moons",
  layers: [8],
  activation: "tanh",
  optimizer: "adam",
  lr: 0.01,
  epochs: 2,
  batchSize: 32,
  seed: 0,
  testFraction: 0.2,
};

describe("train loop", () => {
  it("prepare: stratified split, inputs standardised on the train part, raw copies kept", () => {
    const p = prepare(config);
    expect(p.train.x.shape).toEqual([400, 2]);
    expect(p.test.x.shape).toEqual([100, 2]);
    const col0 = Array.from({ length: 400 }, (_, i) => p.train.x.data[2 * i]!);
    expect(col0.reduce((a, b) => a + b) / 400).toBeCloseTo(0, 5);
    expect(p.raw.train.x.data[0]! * 1).toBeCloseTo(p.train.x.data[0]! * p.stats.std[0]! + p.stats.mean[0]!, 4);
  });

  it("fit: one record per epoch, loss going down, the same numbers for the same seed", () => {
    const run = () => {
      const p = prepare(config);
      const model = buildModel(config, p.dataset);
      const before = evaluate(model, p.train).loss;
      return { before, history: fit(model, p, config) };
    };
    const a = run();
    const b = run();
    expect(a.history).toHaveLength(2);
    expect(a.history[1]!.trainLoss).toBeLessThan(a.before);
    expect(a.history.map((h) => h.testLoss)).toEqual(b.history.map((h) => h.testLoss));
  });

  it("fit stops with a clear message when the loss diverges", () => {
    const cfg: TrainConfig = { ...config, dataset: "sine", activation: "relu", optimizer: "sgd", lr: 100 };
    const p = prepare(cfg);
    expect(() => fit(buildModel(cfg, p.dataset), p, cfg)).toThrow(/lower --lr/);
  });

  it("argmaxRows picks the largest logit of each row", () => {
    expect(
      argmaxRows(
        tensor([
          [0, 2, 1],
          [5, -1, 4],
        ]),
      ),
    ).toEqual([1, 0]);
  });

  it("boundaryCells: runs of equal prediction tile every grid row without gaps", () => {
    const p = prepare(config);
    const model = buildModel(config, p.dataset);
    fit(model, p, { ...config, epochs: 10 });
    const grid = 40;
    const { cells, domain } = boundaryCells(model, p, grid);
    expect(cells.length).toBeGreaterThanOrEqual(grid);
    expect(cells.length).toBeLessThan(grid * grid);
    expect(new Set(cells.map((c) => c.cls))).toEqual(new Set(["upper moon", "lower moon"]));
    const rows = new Map<number, typeof cells>();
    for (const c of cells) rows.set(c.y, [...(rows.get(c.y) ?? []), c]);
    expect(rows.size).toBe(grid);
    for (const row of rows.values()) {
      expect(row[0]!.x).toBeCloseTo(domain.x[0], 9);
      expect(row[row.length - 1]!.x2).toBeCloseTo(domain.x[1], 9);
      for (let k = 1; k < row.length; k++) expect(row[k]!.x).toBeLessThan(row[k - 1]!.x2); // overlapping, no seams
    }
  });
});

describe("train progress", () => {
  const record = { epoch: 3, trainLoss: 0.12345, testLoss: 0.2, trainAccuracy: 0.9, testAccuracy: 0.875, seconds: 1.25 };

  it("formats one line per epoch", () => {
    expect(epochLine(record, 30)).toBe("epoch  3/30  train loss 0.1235  acc 0.9000 │ test loss 0.2000  acc 0.8750  1.3s");
    expect(epochLine({ ...record, trainAccuracy: null, testAccuracy: null }, 5)).toBe(
      "epoch 3/5  train loss 0.1235 │ test loss 0.2000  1.3s",
    );
  });

  it("writes plain lines to a non-TTY stream and nothing when quiet", () => {
    let text = "";
    const stream = new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    });
    const hooks = makeProgress({ stream, epochs: 30 });
    hooks.onBatch?.(3, 1, 10, 0.5, 0.8);
    hooks.onEpoch?.(record);
    hooks.stop();
    expect(text).toBe(`${epochLine(record, 30)}\n`);
    text = "";
    const quiet = makeProgress({ stream, epochs: 30, quiet: true });
    quiet.onEpoch?.(record);
    expect(text).toBe("");
  });

  it("lighten mixes a colour with white", () => {
    expect(lighten("#000000", 0.5)).toBe("#808080");
    expect(lighten("#4e79a7", 0)).toBe("#4e79a7");
    expect(lighten("#4e79a7", 1)).toBe("#ffffff");
  });
});
