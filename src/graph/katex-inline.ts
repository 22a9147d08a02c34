/** @file KaTeX for offline pages: equations rendered to HTML in Node, and KaTeX's CSS with its fonts inlined as data: URIs. */
import katex from "katex";

/** The fonts the equations use (Main, Math, AMS, Size1–4); the other KaTeX families fall back to system fonts. */
const FONTS = /^KaTeX_(Main|Math|AMS|Size[1-4])-/;

let css: string | null = null;

/**
 * KaTeX's stylesheet with the needed woff2 fonts embedded, so a page needs no network. Node only:
 * the files are read from the katex package (loaded lazily, so browsers can still import chainrule).
 * @example
 * const style = `<style>${await katexCss()}</style>`;
 */
export async function katexCss(): Promise<string> {
  if (css !== null) return css;
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const { dirname, join } = await import("node:path");
  const dist = dirname(createRequire(import.meta.url).resolve("katex"));
  const raw = readFileSync(join(dist, "katex.min.css"), "utf8");
  css = raw.replace(/@font-face\{[^}]*\}/g, (face) => {
    const m = /url\(fonts\/(KaTeX_[A-Za-z0-9_-]+)\.woff2\)/.exec(face);
    if (!m || !FONTS.test(m[1]!)) return "";
    const data = readFileSync(join(dist, "fonts", `${m[1]}.woff2`)).toString("base64");
    return face.replace(/src:[^}]*/, `src:url(data:font/woff2;base64,${data}) format("woff2")`);
  });
  return css;
}

/** Longest LaTeX rendered (KaTeX's time grows faster than the length, and its parser recurses per group). */
const TEX_LIMIT = 8_000;

/**
 * Renders LaTeX to HTML with KaTeX (errors shown in red in place, never thrown). Sources longer than
 * 8,000 characters, or that KaTeX fails on (even by overflowing its stack), are shown as clipped code.
 * @example
 * tex("\\frac{\\partial f}{\\partial r} = 2r", true);
 */
export function tex(latex: string, display = false): string {
  if (latex.length > TEX_LIMIT) return texError(latex, `too long to typeset (${latex.length} characters)`);
  try {
    return katex.renderToString(latex, { displayMode: display, throwOnError: false, output: "html", strict: "ignore" });
  } catch (e) {
    return texError(latex, e instanceof Error ? e.message : String(e));
  }
}

/** The source shown in place of an equation KaTeX could not render, in KaTeX's own error style. */
function texError(latex: string, why: string): string {
  const code = latex.length > 200 ? `${latex.slice(0, 200)}…` : latex;
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<code class="katex-error" title="${esc(why)}">${esc(code)}</code>`;
}
