/** @file A small tensor value as LaTeX: a number, a row vector or a matrix in brackets, elided when large. */
import type { Tensor } from "../tensor/tensor.js";
import { fmtNumber } from "../tensor/format.js";

const num = (x: number): string => fmtNumber(x).replace(/e([+-]?\d+)$/, (_, e: string) => `\\times 10^{${Number(e)}}`);

/**
 * The values of `t` as LaTeX: `0.25`, a bracketed vector or matrix (first rows and columns when large).
 * @example
 * valueLatex(tensor([1, 2])); // "\\begin{bmatrix}1 & 2\\end{bmatrix}"
 */
export function valueLatex(t: Tensor, maxRows = 4, maxCols = 4): string {
  const d = t.data;
  if (t.shape.length === 0 || d.length === 1) return num(d[0]!);
  const rows = t.shape.length === 1 ? 1 : t.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const cols = t.shape[t.shape.length - 1]!;
  const pick = (n: number, max: number): (number | null)[] => {
    if (n <= max) return Array.from({ length: n }, (_, i) => i);
    const h = Math.floor(max / 2);
    return [...Array.from({ length: h }, (_, i) => i), null, ...Array.from({ length: h }, (_, i) => n - h + i)];
  };
  const rs = pick(rows, maxRows);
  const cs = pick(cols, maxCols);
  const body = rs
    .map((r) =>
      cs.map((c) => (r === null ? (c === null ? "\\ddots" : "\\vdots") : c === null ? "\\cdots" : num(d[r * cols + c]!))).join(" & "),
    )
    .join(" \\\\ ");
  return `\\begin{bmatrix}${body}\\end{bmatrix}`;
}
