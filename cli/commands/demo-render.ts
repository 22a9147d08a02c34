/** @file The demo's terminal output: numbered sections, aligned tables, ✓/✗ marks, colours only on a TTY. */
import { fmtErr, fmtNum } from "../format/number.js";
import type { Style } from "../format/style.js";
import { renderTable } from "../format/table.js";
import type { DemoResult, DemoRow, DemoSection } from "./demo-types.js";

const INDENT = "      ";

function rowLabel(r: DemoRow): string {
  if (r.kind === "value") return r.label;
  const cut = r.label.indexOf(": ");
  return cut < 0 ? `‖${r.label}‖` : `${r.label.slice(0, cut + 2)}‖${r.label.slice(cut + 2)}‖`;
}

function sectionLines(s: DemoSection, st: Style): string[] {
  const lines = [`${st.head(s.id.padEnd(INDENT.length - 1))} ${st.bold(s.title)}`];
  for (const f of s.formulas) lines.push(INDENT + st.dim(f));
  if (s.graph) {
    lines.push("");
    for (const g of s.graph) lines.push(INDENT + g);
  }
  if (s.rows.length > 0) {
    lines.push("");
    const table = renderTable(
      [
        { header: "" },
        { header: "closed form", align: "right" },
        { header: "autodiff", align: "right" },
        { header: "numeric", align: "right" },
        { header: "|c − a|", align: "right" },
        { header: "|a − n|", align: "right" },
        { header: "" },
      ],
      s.rows.map((r) => [
        rowLabel(r),
        fmtNum(r.closedForm),
        fmtNum(r.autodiff),
        r.numeric === null ? "—" : fmtNum(r.numeric),
        fmtErr(r.closedVsAutodiff),
        r.autodiffVsNumeric === null ? "—" : fmtErr(r.autodiffVsNumeric),
        st.mark(r.agree),
      ]),
      INDENT,
      st.dim,
    );
    // keep each row's note right under it (table lines: header, rule, then one per row)
    lines.push(table[0]!, table[1]!);
    s.rows.forEach((r, i) => {
      lines.push(table[i + 2]!);
      if (r.note) lines.push(`${INDENT}  ${st.dim(`↳ ${r.note}`)}`);
    });
  }
  if (s.table) {
    lines.push("");
    const cols = s.table.headers.map((h, i) => ({ header: h, align: i === 0 ? ("left" as const) : ("right" as const) }));
    lines.push(...renderTable(cols, s.table.rows, INDENT, st.dim));
  }
  if (s.notes.length > 0) {
    lines.push("");
    for (const n of s.notes) lines.push(`${INDENT}${n.ok === undefined ? "•" : st.mark(n.ok)} ${n.text}`);
  }
  return lines;
}

/**
 * The whole walkthrough as terminal lines.
 * @example
 * console.log(renderDemo(runDemo(), makeStyle()).join("\n"));
 */
export function renderDemo(r: DemoResult, st: Style): string[] {
  const lines = [
    st.bold(r.title),
    st.dim("closed form: the worksheet's formula in plain arithmetic · autodiff: chainrule's reverse mode · numeric: central differences"),
    st.dim("(float64, eps 1e-6). ‖·‖ rows compare whole vectors/matrices: norms shown, |c − a| and |a − n| are entrywise maxima."),
  ];
  for (const s of r.sections) lines.push("", ...sectionLines(s, st));
  lines.push("");
  for (const f of r.files) lines.push(`${st.dim("wrote")} ${f}`);
  const bad = r.sections.filter((s) => !s.ok).map((s) => s.id);
  const rows = r.sections.reduce((n, s) => n + s.rows.length, 0);
  lines.push(
    bad.length === 0
      ? st.good(`✓ all ${r.sections.length} items agree: ${rows} quantities, closed form = autodiff = numeric`)
      : st.bad(`✗ disagreement in ${bad.join(", ")}`),
  );
  return lines;
}
