/** @file The complexity chart: time against d on log-log axes, both methods measured, with their least-squares fits. */
import type { ChartSpec } from "../charts.js";
import { fitLabel, fitSizes, type ComplexityRow } from "./complexity-measure.js";

/** A fitted line log(ms) = slope·log(d) + intercept, from the rows with d ≥ minD. */
function fitLine(
  rows: readonly ComplexityRow[],
  key: "numericMs" | "analyticMs",
  slope: number,
  minD: number,
): { d: number; ms: number }[] {
  const sizes = new Set(
    fitSizes(
      rows.map((r) => r.d),
      minD,
    ),
  );
  const use = rows.filter((r) => sizes.has(r.d));
  const mx = use.reduce((s, r) => s + Math.log(r.d), 0) / use.length;
  const my = use.reduce((s, r) => s + Math.log(Math.max(r[key], 1e-9)), 0) / use.length;
  return use.map((r) => ({ d: r.d, ms: Math.exp(my + slope * (Math.log(r.d) - mx)) }));
}

/**
 * The Vega-Lite spec of the chart: measured times as points joined by lines, one colour per method,
 * and each method's fitted power law as a dashed line, with the slopes in the legend.
 * @example
 * const svg = await renderChartSvg(complexityChartSpec(rows, 4.0, 1.9, 16));
 */
export function complexityChartSpec(
  rows: readonly ComplexityRow[],
  numericSlope: number | null,
  analyticSlope: number | null,
  minD = 16,
): ChartSpec {
  const numLabel = `forward differences: d² + 1 forward passes${numericSlope === null ? "" : ` — slope ${numericSlope.toFixed(2)} (theory 4)`}`;
  const anLabel = `backprop: 1 forward + 1 backward pass${analyticSlope === null ? "" : ` — slope ${analyticSlope.toFixed(2)} (theory 2)`}`;
  const measured = rows.flatMap((r) => [
    { d: r.d, ms: r.numericMs, method: numLabel },
    { d: r.d, ms: r.analyticMs, method: anLabel },
  ]);
  const fitted = [
    ...(numericSlope === null ? [] : fitLine(rows, "numericMs", numericSlope, minD).map((p) => ({ ...p, method: numLabel }))),
    ...(analyticSlope === null ? [] : fitLine(rows, "analyticMs", analyticSlope, minD).map((p) => ({ ...p, method: anLabel }))),
  ];
  const ds = rows.map((r) => r.d);
  const color = {
    field: "method",
    type: "nominal",
    title: null,
    scale: { domain: [numLabel, anLabel], range: ["#d62728", "#1f77b4"] },
  } as const;
  const x = {
    field: "d",
    type: "quantitative",
    title: "d (W₁, W₂ ∈ ℝᵈˣᵈ)",
    scale: { type: "log", base: 2, nice: false },
    axis: { values: ds },
  } as const;
  const y = { field: "ms", type: "quantitative", title: "time to get ∂ℓ/∂W₁ (ms, log scale)", scale: { type: "log" } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: "∂ℓ/∂W₁ for ℓ = ½‖W₂ tanh(W₁x + b) − y‖²: forward differences vs backprop",
      subtitle: `measured (points) and least-squares fits of log(time) on log(d) ${fitLabel(ds, minD)} (dashed)`,
    },
    width: 560,
    height: 360,
    layer: [
      {
        data: { values: measured },
        mark: { type: "line", point: { filled: true, size: 60 }, strokeWidth: 2 },
        encoding: { x, y, color, tooltip: [{ field: "d" }, { field: "ms", format: ".3f" }] },
      },
      {
        data: { values: fitted },
        mark: { type: "line", strokeDash: [6, 4], strokeWidth: 1.5, opacity: 0.8 },
        encoding: { x, y, color },
      },
    ],
    config: { legend: { orient: "bottom", direction: "vertical", labelLimit: 0 } },
  } as ChartSpec;
}
