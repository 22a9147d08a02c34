/** @file Colours and fonts of the graph pictures, shared by DOT, Mermaid and the HTML viewer. */

/** The palette: parameters blue, inputs grey, ops amber, the output green, gradients red-orange. */
export const theme = {
  font: "Arial",
  parameter: { fill: "#dbeafe", stroke: "#1d4ed8", text: "#1e3a8a" },
  input: { fill: "#f3f4f6", stroke: "#6b7280", text: "#374151" },
  tensor: { fill: "#ffffff", stroke: "#9ca3af", text: "#111827" },
  output: { fill: "#dcfce7", stroke: "#15803d", text: "#14532d" },
  op: { fill: "#fef3c7", stroke: "#b45309", text: "#78350f" },
  module: { fill: "#ede9fe", stroke: "#6d28d9", text: "#4c1d95" },
  folded: { fill: "#fafafa", stroke: "#a3a3a3", text: "#525252" },
  value: "#374151",
  grad: "#c2410c",
  shape: "#6b7280",
  edge: "#6b7280",
  cluster: "#8b5cf6",
} as const;

/**
 * Escapes text for a Graphviz HTML-like label or an HTML page.
 * @example
 * esc("a < b"); // "a &lt; b"
 */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Shortens a text to `max` characters with an ellipsis. A bracketed list of values is cut after a whole
 * element (never inside a number), and an elision mark it already shows is not followed by a second one.
 * @example
 * clip("[0.8162, -0.6804, -0.7401, …, -0.2, 0.5]", 34); // "[0.8162, -0.6804, -0.7401, …"
 */
export function clip(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  let cut = chars.slice(0, max - 1).join("");
  if (s.startsWith("[")) {
    const at = cut.lastIndexOf(", ");
    if (at > 0) cut = cut.slice(0, at + 2);
    cut = cut.replace(/(…\]*, )+$/, "");
  }
  return `${cut}…`;
}

/**
 * A value text split into display lines: one line per matrix row (rows already elided), each clipped.
 * @example
 * valueLines("[[1, 2], [3, 4]]", 2); // ["[1, 2]", "[3, 4]"]
 */
export function valueLines(text: string, ndim: number, width = 34, maxRows = 4): string[] {
  if (ndim === 2 && text.startsWith("[[")) {
    const rows = text
      .slice(1, -1)
      .split(/(?<=\]), /)
      .map((row) => clip(row, width));
    if (rows.every((r) => !r.includes(","))) return [clip(text, width)];
    return rows.length <= maxRows ? rows : [...rows.slice(0, maxRows - 1), "…"];
  }
  return [clip(text, width)];
}
