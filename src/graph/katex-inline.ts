/** @file KaTeX for offline pages, loaded on first use: equations rendered to HTML, and KaTeX's CSS with its fonts inlined. */
import { ChainruleError } from "../errors.js";
import { importOptional } from "./optional-import.js";

/** Renders LaTeX to HTML (display mode when `display`); KaTeX errors show in red in place, never thrown; over-long sources show as code. */
export type Tex = (latex: string, display?: boolean) => string;

let loading: Promise<{ tex: Tex; version: string }> | null = null;

/** Longest LaTeX rendered (KaTeX's time grows faster than the length, and its parser recurses per group). */
const TEX_LIMIT = 8_000;

/** KaTeX, imported on first use so apps that never draw equations do not load it (bundlers split it off). */
function katex(): Promise<{ tex: Tex; version: string }> {
  loading ??= importOptional("katex", "toHTML typesets its equations with KaTeX", () => import("katex")).then(({ default: k }) => ({
    version: k.version,
    // Sources longer than 8,000 characters, or that KaTeX fails on (even by overflowing its stack), are shown as clipped code.
    tex: (latex: string, display = false) => {
      if (latex.length > TEX_LIMIT) return texError(latex, `too long to typeset (${latex.length} characters)`);
      try {
        return k.renderToString(latex, { displayMode: display, throwOnError: false, output: "html", strict: "ignore" });
      } catch (e) {
        return texError(latex, e instanceof Error ? e.message : String(e));
      }
    },
  }));
  loading.catch(() => (loading = null)); // not installed yet: a later call tries again
  return loading;
}

/** The source shown in place of an equation KaTeX could not render, in KaTeX's own error style. */
function texError(latex: string, why: string): string {
  const code = latex.length > 200 ? `${latex.slice(0, 200)}…` : latex;
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<code class="katex-error" title="${esc(why)}">${esc(code)}</code>`;
}

/**
 * The LaTeX-to-HTML renderer (KaTeX, loaded once).
 * @example
 * const tex = await loadTex();
 * tex("\\frac{\\partial f}{\\partial r} = 2r", true);
 */
export async function loadTex(): Promise<Tex> {
  return (await katex()).tex;
}

let css: string | null = null;

/**
 * KaTeX's stylesheet with the needed woff2 fonts embedded, so a page needs no network. It is generated
 * from the katex package at build time (scripts/build-katex-css.ts) and loaded on first use, so it works
 * the same in Node and in a browser bundle.
 * @example
 * const style = `<style>${await katexCss()}</style>`;
 */
export async function katexCss(): Promise<string> {
  if (css !== null) return css;
  const [{ KATEX_CSS, KATEX_CSS_VERSION }, { version }] = await Promise.all([import("./katex-css.generated.js"), katex()]);
  if (KATEX_CSS_VERSION !== version)
    throw new ChainruleError(
      `toHTML: the inlined KaTeX stylesheet is from katex ${KATEX_CSS_VERSION} but katex ${version} is installed; ` +
        `install katex@${KATEX_CSS_VERSION} (the version chainrule pins), or rebuild chainrule with npm run build.`,
    );
  css = KATEX_CSS;
  return css;
}
