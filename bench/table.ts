/** @file Prints benchmark results as a text table with chainrule's ratio to each peer. */

/** One workload's medians per peer. */
export interface WorkloadResult {
  name: string;
  unit: string;
  higherIsBetter: boolean;
  results: Record<string, number>;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/**
 * A table: one row per workload, one column per peer, each peer cell followed by chainrule's
 * advantage (×, above 1 means chainrule is better). `method` says how the numbers were taken.
 * @example
 * formatTable([{ name: "matmul-128", unit: "GFLOP/s", higherIsBetter: true, results: { chainrule: 40, "tfjs-cpu": 2 } }], "cpu");
 */
export function formatTable(rows: readonly WorkloadResult[], machine: string, method = "medians of interleaved rounds"): string {
  const peers = [...new Set(rows.flatMap((r) => Object.keys(r.results)))];
  const header = ["workload", "unit", ...peers.map((p) => (p === "chainrule" ? p : `${p} (×)`))];
  const body = rows.map((r) => {
    const mine = r.results["chainrule"] ?? NaN;
    return [
      r.name,
      `${r.unit} ${r.higherIsBetter ? "↑" : "↓"}`,
      ...peers.map((p) => {
        const v = r.results[p] ?? NaN;
        if (p === "chainrule") return fmt(v);
        const ratio = r.higherIsBetter ? mine / v : v / mine;
        return `${fmt(v)} (${fmt(ratio)}×)`;
      }),
    ];
  });
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    `chainrule benchmarks — ${machine}`,
    `${method}; (×) = chainrule's advantage over that peer (>1: chainrule faster)`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
  ].join("\n");
}
