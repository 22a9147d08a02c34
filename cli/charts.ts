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
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: "#555" },
} as const;

/** The spec's config over the defaults, one level deep (a spec's `legend: { orient }` keeps the default label sizes). */
function mergeConfig(base: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(own)) {
    const b = base[k];
    const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
    out[k] = isObj(b) && isObj(v) ? { ...b, ...v } : v;
  }
  return out;
}

/**
 * Renders a Vega-Lite chart to standalone SVG text (no browser, no canvas: Vega's "none" renderer).
 * Data must be inline (`data: { values: [...] }`); nothing is fetched. The spec's own `config` wins
 * over the defaults, key by key.
 * @example
 * const svg = await renderChartSvg({
 *   data: { values: [{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }] },
 *   mark: "line",
 *   encoding: { x: { field: "step", type: "quantitative" }, y: { field: "loss", type: "quantitative" } },
 * });
 * await writeFile("loss.svg", svg);
 */
export async function renderChartSvg(spec: ChartSpec): Promise<string> {
  const merged = { ...spec, config: mergeConfig(BASE_CONFIG, (spec.config ?? {}) as Record<string, unknown>) } as ChartSpec;
  const compiled = compile(merged).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
