/** @file KaTeX rendering and LaTeX for numbers, vectors and matrices (KaTeX's CSS and fonts are bundled, so it works offline). */
import katex from "katex";

/**
 * LaTeX rendered to HTML (errors shown in place, never thrown).
 * @example
 * el.innerHTML = tex("\\frac{\\partial f}{\\partial r} = 2r", true);
 */
export function tex(latex: string, display = false): string {
  return katex.renderToString(latex, { displayMode: display, throwOnError: false, output: "html", strict: "ignore" });
}

/**
 * A number with 4 significant digits, as LaTeX (−0 shown as 0).
 * @example
 * num(0.123456); // "0.1235"
 */
export function num(v: number): string {
  if (Number.isNaN(v)) return "\\text{NaN}";
  if (!Number.isFinite(v)) return v > 0 ? "\\infty" : "-\\infty";
  if (v === 0) return "0";
  const s = Math.abs(v) >= 1e-4 && Math.abs(v) < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
  return s.replace(/e([+-]\d+)$/, (_, e: string) => `\\times 10^{${Number(e)}}`);
}

/**
 * Values as LaTeX: a scalar, a column vector, or a matrix, by shape.
 * @example
 * valueTex([1, 2, 3, 4], [2, 2]); // "\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}"
 */
export function valueTex(values: readonly number[], shape: readonly number[]): string {
  if (shape.length === 0) return num(values[0]!);
  const cols = shape.length === 1 ? 1 : shape[shape.length - 1]!;
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += cols)
    rows.push(
      values
        .slice(i, i + cols)
        .map(num)
        .join(" & "),
    );
  return `\\begin{bmatrix}${rows.join(" \\\\ ")}\\end{bmatrix}`;
}
