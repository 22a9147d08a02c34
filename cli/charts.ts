/** @file Charts for the CLI: a Vega-Lite spec compiled to Vega and rendered headless to SVG text. */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** A Vega-Lite specification (https://vega.github.io/vega-lite/docs/). */
export type ChartSpec = TopLevelSpec;

/** Defaults applied to every chart unless the spec sets its own `config`: a white background and readable fonts. */
const BASE_CONFIG = {
  background: "white",
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e6e6e6" },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: "#555" },
} as const;

/**
 * Renders a Vega-Lite chart to standalone SVG text (no browser, no canvas: Vega's "none" renderer).
 * Data must be inline (`data: { values: [...] }`); nothing is fetched. The spec's own `config` wins
 * over the defaults.
 * @example
 * const svg = await renderChartSvg({
 *   data: { values: [{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }] },
 *   mark: "line",
 *   encoding: { x: { field: "step", type: "quantitative" }, y: { field: "loss", type: "quantitative" } },
 * });
 * await writeFile("loss.svg", svg);
 */
export async function renderChartSvg(spec: ChartSpec): Promise<string> {
  const merged = { ...spec, config: { ...BASE_CONFIG, ...(spec.config ?? {}) } } as ChartSpec;
  const compiled = compile(merged).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
