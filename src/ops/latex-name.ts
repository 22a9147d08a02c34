/** @file Turning tensor names such as "W₁", "x₄", "ℓ" or "layer1.weight" into LaTeX. */

const SUB: Record<string, string> = { "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9" };
const SUP: Record<string, string> = { "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
const GREEK: Record<string, string> = {
  α: "\\alpha",
  β: "\\beta",
  γ: "\\gamma",
  δ: "\\delta",
  ε: "\\varepsilon",
  η: "\\eta",
  θ: "\\theta",
  λ: "\\lambda",
  μ: "\\mu",
  σ: "\\sigma",
  τ: "\\tau",
  φ: "\\varphi",
  Φ: "\\Phi",
  ψ: "\\psi",
  ω: "\\omega",
  ℓ: "\\ell",
};

/** Escapes LaTeX special characters in plain text. */
export function escapeLatex(s: string): string {
  return s.replace(/[\\{}_^#$%&~]/g, (c) => (c === "\\" ? "\\backslash " : `\\${c}`));
}

/**
 * A tensor name as LaTeX: trailing subscript/superscript digits become `_{…}`/`^{(…)}`, Greek
 * letters become commands, one-letter names of vectors and matrices are bold, longer names upright.
 * @example
 * nameToLatex("W₁", true); // "\\mathbf{W}_{1}"
 */
export function nameToLatex(name: string, bold: boolean): string {
  let base = name;
  let sub = "";
  let sup = "";
  while (base.length > 1 && SUB[base[base.length - 1]!] !== undefined) {
    sub = SUB[base[base.length - 1]!]! + sub;
    base = base.slice(0, -1);
  }
  while (base.length > 1 && SUP[base[base.length - 1]!] !== undefined) {
    sup = SUP[base[base.length - 1]!]! + sup;
    base = base.slice(0, -1);
  }
  const m = /^([A-Za-z])_?(\d+)$/.exec(base);
  if (m && !sub) {
    base = m[1]!;
    sub = m[2]!;
  }
  let core: string;
  if (GREEK[base] !== undefined) core = GREEK[base]!;
  else if (/^[A-Za-z]$/.test(base)) core = bold ? `\\mathbf{${base}}` : base;
  else core = `\\mathrm{${escapeLatex(base)}}`;
  return core + (sub ? `_{${sub}}` : "") + (sup ? `^{(${sup})}` : "");
}

/**
 * A number as short text and LaTeX-safe text: "0.5", "−1", "1e-3".
 * @example
 * fmtConst(-1); // "−1"
 */
export function fmtConst(x: number): string {
  let s: string;
  if (Number.isInteger(x)) s = String(x);
  else if (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5) s = String(Number(x.toPrecision(4)));
  else s = x.toExponential(2);
  return s.replace("-", "−");
}
