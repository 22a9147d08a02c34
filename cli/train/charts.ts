/** @file Vega-Lite specs for `chainrule train`: loss/accuracy curves, a 2-D decision boundary, a 1-D regression fit. */
import type { ChartSpec } from "../charts.js";
import type { EpochRecord } from "./loop.js";

/** Colours for classes, in index order (Tableau 10: distinct, colour-blind friendlier than category10). */
export const CLASS_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

const SPLIT_COLORS = { domain: ["train", "test"], range: ["#4e79a7", "#e15759"] };

/**
 * Loss (and accuracy, for classification) per epoch, train and test, side by side.
 * @example
 * const spec = historyChart(result.history, { title: "digits", subtitle: "MLP 64→64→10", classification: true });
 */
export function historyChart(history: EpochRecord[], opts: { title: string; subtitle?: string; classification: boolean }): ChartSpec {
  const rows = history.flatMap((h) => [
    { epoch: h.epoch, split: "train", loss: h.trainLoss, accuracy: h.trainAccuracy },
    { epoch: h.epoch, split: "test", loss: h.testLoss, accuracy: h.testAccuracy },
  ]);
  const panel = (field: "loss" | "accuracy", title: string, scale: object) => ({
    width: 320,
    height: 220,
    mark: { type: "line" as const, point: history.length <= 40, strokeWidth: 2 },
    encoding: {
      x: { field: "epoch", type: "quantitative" as const, title: "epoch", axis: { tickMinStep: 1 } },
      y: { field, type: "quantitative" as const, title, scale },
      color: { field: "split", type: "nominal" as const, title: null, scale: SPLIT_COLORS, sort: ["train", "test"] },
      tooltip: [{ field: "epoch" }, { field: "split" }, { field, format: ".4f" }],
    },
  });
  const panels = [panel("loss", opts.classification ? "cross-entropy loss" : "mean squared error", { type: "log" })];
  if (opts.classification) panels.push(panel("accuracy", "accuracy", { zero: false, domainMax: 1 }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${opts.title}: ${opts.classification ? "loss and accuracy" : "loss"} per epoch`, subtitle: opts.subtitle ?? "" },
    data: { values: rows },
    hconcat: panels,
    resolve: { scale: { color: "shared" } },
  } as ChartSpec;
}

/** A horizontal run of grid cells with the same predicted class. */
export interface BoundaryCell {
  x: number;
  x2: number;
  y: number;
  y2: number;
  cls: string;
}

/** One sample drawn on top of the regions. */
export interface BoundaryPoint {
  x1: number;
  x2: number;
  cls: string;
  split: "train" | "test";
}

/**
 * Predicted class regions as a heatmap (one rect per horizontal run of equal predictions) with the samples on top:
 * fill = true class, dark outline; test samples are diamonds.
 * @example
 * const spec = boundaryChart(cells, points, { classes: ["upper moon", "lower moon"], title: "moons", xTitle: "x1", yTitle: "x2" });
 */
export function boundaryChart(
  cells: BoundaryCell[],
  points: BoundaryPoint[],
  opts: {
    classes: string[];
    title: string;
    subtitle: string;
    xTitle: string;
    yTitle: string;
    domain: { x: [number, number]; y: [number, number] };
  },
): ChartSpec {
  const base = opts.classes.map((_, k) => CLASS_COLORS[k % CLASS_COLORS.length]!);
  const color = { domain: opts.classes, range: base };
  // regions: the class colour mixed with white, drawn opaque so neighbouring rects leave no seams
  const light = { domain: opts.classes, range: base.map((c) => lighten(c, 0.68)) };
  const x = { scale: { domain: opts.domain.x, nice: false, zero: false }, title: opts.xTitle };
  const y = { scale: { domain: opts.domain.y, nice: false, zero: false }, title: opts.yTitle };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: opts.title, subtitle: opts.subtitle },
    width: 440,
    height: 440,
    layer: [
      {
        data: { values: cells },
        mark: { type: "rect", strokeWidth: 0 },
        encoding: {
          x: { field: "x", type: "quantitative", ...x },
          x2: { field: "x2" },
          y: { field: "y", type: "quantitative", ...y },
          y2: { field: "y2" },
          fill: { field: "cls", type: "nominal", scale: light, legend: null },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 34, stroke: "#222", strokeWidth: 0.8, opacity: 0.95 },
        encoding: {
          x: { field: "x1", type: "quantitative", ...x },
          y: { field: "x2", type: "quantitative", ...y },
          color: { field: "cls", type: "nominal", scale: color, title: "class" },
          shape: { field: "split", type: "nominal", scale: { domain: ["train", "test"], range: ["circle", "diamond"] }, title: "sample" },
        },
      },
    ],
    resolve: { scale: { fill: "independent" } },
  } as ChartSpec;
}

/** Mixes a #rrggbb colour with white: t = 0 keeps it, t = 1 gives white. */
export function lighten(hex: string, t: number): string {
  const mix = (i: number) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - t) + 255 * t);
  return `#${[1, 3, 5].map((i) => mix(i).toString(16).padStart(2, "0")).join("")}`;
}

/**
 * A 1-D regression: the samples and the model's prediction curve.
 * @example
 * const spec = fitChart(points, curve, { title: "sine", xTitle: "x" });
 */
export function fitChart(
  points: { x: number; y: number; split: "train" | "test" }[],
  curve: { x: number; y: number }[],
  opts: { title: string; subtitle: string; xTitle: string },
): ChartSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: opts.title, subtitle: opts.subtitle },
    width: 480,
    height: 300,
    layer: [
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 28, stroke: "#222", strokeWidth: 0.5 },
        encoding: {
          x: { field: "x", type: "quantitative", title: opts.xTitle },
          y: { field: "y", type: "quantitative", title: "y" },
          color: { field: "split", type: "nominal", scale: SPLIT_COLORS, title: "sample" },
        },
      },
      {
        data: { values: curve },
        mark: { type: "line", color: "#222", strokeWidth: 2.5 },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
      },
    ],
  } as ChartSpec;
}
