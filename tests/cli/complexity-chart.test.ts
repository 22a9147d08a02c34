/** @file The Vega-Lite → SVG helper and the complexity chart spec: real SVG with both series and their slopes. */
import { describe, expect, it } from "vitest";
import { renderChartSvg } from "../../cli/charts.js";
import { complexityChartSpec } from "../../cli/commands/complexity-chart.js";

describe("renderChartSvg", () => {
  it("renders a Vega-Lite line chart to standalone SVG", async () => {
    const svg = await renderChartSvg({
      data: { values: [0, 1, 2].map((step) => ({ step, loss: 1 / (step + 1) })) },
      mark: "line",
      encoding: { x: { field: "step", type: "quantitative" }, y: { field: "loss", type: "quantitative" } },
    });
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("<path");
    expect(svg).toContain("loss");
  });
});

describe("complexityChartSpec", () => {
  it("draws both measured series, dashed fits and the slopes in the legend", async () => {
    const rows = [8, 16, 32].map((d) => ({
      d,
      numericMs: 1e-5 * d ** 4,
      analyticMs: 1e-4 * d ** 2,
      forwardPasses: d * d + 1,
      maxRelDiff: 1e-6,
    }));
    const svg = await renderChartSvg(complexityChartSpec(rows, 4, 2));
    expect(svg).toContain("slope 4.00 (theory 4)");
    expect(svg).toContain("slope 2.00 (theory 2)");
    expect(svg).toContain("stroke-dasharray");
  });
});
