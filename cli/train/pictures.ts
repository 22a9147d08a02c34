/** @file The pictures `chainrule train --out DIR` writes: loss/accuracy curves, and a decision boundary or a regression fit. */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { data, noGrad, tensor, writeFileAtomic, type nn } from "../../src/index.js";
import { renderChartSvg } from "../charts.js";
import { boundaryChart, fitChart, historyChart, type BoundaryCell, type BoundaryPoint } from "./charts.js";
import { argmaxRows, type EpochRecord, type Prepared } from "./loop.js";

/** Grid cells per side of the decision-boundary picture. */
const GRID = 160;

function columnRange(parts: data.Dataset[], j: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const ds of parts) {
    const d = ds.x.shape[1]!;
    for (let i = j; i < ds.x.size; i += d) {
      lo = Math.min(lo, ds.x.data[i]!);
      hi = Math.max(hi, ds.x.data[i]!);
    }
  }
  const pad = 0.08 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

/** Runs `model` on raw (unstandardised) inputs under the run's statistics. */
function predictRaw(model: nn.Module, rawX: Float64Array, width: number, stats: data.Standardization) {
  const x = data.applyStandardization(tensor(rawX, { shape: [rawX.length / width, width], dtype: "float32" }), stats);
  model.eval();
  return noGrad(() => model.forward(x));
}

/**
 * The predicted class over a grid covering the data, merged into horizontal runs of equal class.
 * @example
 * const cells = boundaryCells(model, p); // a few hundred rects instead of 160×160
 */
export function boundaryCells(
  model: nn.Module,
  p: Prepared,
  grid = GRID,
): { cells: BoundaryCell[]; domain: { x: [number, number]; y: [number, number] } } {
  const parts = [p.raw.train, p.raw.test];
  const [x0, x1] = columnRange(parts, 0);
  const [y0, y1] = columnRange(parts, 1);
  const dx = (x1 - x0) / grid;
  const dy = (y1 - y0) / grid;
  const pts = new Float64Array(grid * grid * 2);
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      pts[2 * (r * grid + c)] = x0 + (c + 0.5) * dx;
      pts[2 * (r * grid + c) + 1] = y0 + (r + 0.5) * dy;
    }
  }
  const cls = argmaxRows(predictRaw(model, pts, 2, p.stats));
  const cells: BoundaryCell[] = [];
  for (let r = 0; r < grid; r++) {
    let start = 0;
    for (let c = 1; c <= grid; c++) {
      if (c === grid || cls[r * grid + c] !== cls[r * grid + start]) {
        // each rect reaches half a cell into its right and upper neighbours (drawn later, so they cover it): no anti-aliased seams
        const x2 = x0 + Math.min(c + 0.5, grid) * dx;
        const y2 = y0 + Math.min(r + 1.5, grid) * dy;
        cells.push({ x: x0 + start * dx, x2, y: y0 + r * dy, y2, cls: p.dataset.classes[cls[r * grid + start]!]! });
        start = c;
      }
    }
  }
  return { cells, domain: { x: [x0, x1], y: [y0, y1] } };
}

function samplePoints(p: Prepared): BoundaryPoint[] {
  const out: BoundaryPoint[] = [];
  for (const [split, ds] of [
    ["train", p.raw.train],
    ["test", p.raw.test],
  ] as const) {
    for (let i = 0; i < ds.x.shape[0]!; i++) {
      out.push({ x1: ds.x.data[2 * i]!, x2: ds.x.data[2 * i + 1]!, cls: p.dataset.classes[ds.y.data[i]!]!, split });
    }
  }
  return out;
}

function fitData(model: nn.Module, p: Prepared) {
  const points = (["train", "test"] as const).flatMap((split) => {
    const ds = p.raw[split];
    return Array.from({ length: ds.x.shape[0]! }, (_, i) => ({ x: ds.x.data[i]!, y: ds.y.data[i]!, split }));
  });
  const [lo, hi] = columnRange([p.raw.train, p.raw.test], 0);
  const xs = Float64Array.from({ length: 200 }, (_, i) => lo + ((hi - lo) * i) / 199);
  const pred = predictRaw(model, xs, 1, p.stats).data;
  return { points, curve: Array.from(xs, (x, i) => ({ x, y: pred[i]! })) };
}

/** The title line of every picture: dataset, network and result. */
export interface PictureCaption {
  title: string;
  subtitle: string;
}

/**
 * Writes `training.svg` (curves), and `decision-boundary.svg` for 2-feature classification or `fit.svg` for 1-feature
 * regression; returns the paths written.
 * @example
 * const files = await writePictures("out", model, p, history, { title: "moons", subtitle: "MLP 2→16→16→2" });
 */
export async function writePictures(
  dir: string,
  model: nn.Module,
  p: Prepared,
  history: EpochRecord[],
  caption: PictureCaption,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, svg: string) => {
    const path = join(dir, name);
    await writeFileAtomic(path, svg);
    files.push(path);
  };
  const classification = p.dataset.task === "classification";
  if (history.length > 0) await write("training.svg", await renderChartSvg(historyChart(history, { ...caption, classification })));
  const features = p.dataset.featureNames.length;
  if (classification && features === 2) {
    const { cells, domain } = boundaryCells(model, p);
    const spec = boundaryChart(cells, samplePoints(p), {
      classes: p.dataset.classes,
      title: `${caption.title}: decision boundary`,
      subtitle: caption.subtitle,
      xTitle: p.dataset.featureNames[0]!,
      yTitle: p.dataset.featureNames[1]!,
      domain,
    });
    await write("decision-boundary.svg", await renderChartSvg(spec));
  } else if (!classification && features === 1) {
    const { points, curve } = fitData(model, p);
    await write(
      "fit.svg",
      await renderChartSvg(
        fitChart(points, curve, { title: `${caption.title}: fit`, subtitle: caption.subtitle, xTitle: p.dataset.featureNames[0]! }),
      ),
    );
  }
  return files;
}
