/** @file Aligned text tables for the terminal: column widths from the visible width of each cell. */
import { pad, visibleWidth } from "./style.js";

/** One column: its header and alignment. */
export interface Column {
  header: string;
  align?: "left" | "right";
}

/**
 * Renders rows under headers, each column padded to its widest cell (ANSI colours not counted),
 * columns separated by two spaces, with a rule under the header. `indent` prefixes every line.
 * @example
 * renderTable([{ header: "x" }, { header: "y", align: "right" }], [["a", "1"], ["bb", "22"]]);
 * // ["x    y", "──  ──", "a    1", "bb  22"]
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly string[][],
  indent = "",
  headerStyle: (s: string) => string = (s) => s,
): string[] {
  const widths = columns.map((c, i) => Math.max(visibleWidth(c.header), ...rows.map((r) => visibleWidth(r[i] ?? ""))));
  const line = (cells: readonly string[], style: (s: string) => string): string =>
    (indent + columns.map((c, i) => style(pad(cells[i] ?? "", widths[i]!, c.align ?? "left"))).join("  ")).trimEnd();
  return [
    line(
      columns.map((c) => c.header),
      headerStyle,
    ),
    indent + widths.map((w) => "─".repeat(w)).join("  "),
    ...rows.map((r) => line(r, (s) => s)),
  ];
}
