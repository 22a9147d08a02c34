/** @file Terminal styling: picocolors when stdout is a colour TTY (and --no-color is not given), plain text otherwise. */
import pc from "picocolors";

/** The styles the CLI uses; every function is the identity when colours are off. */
export interface Style {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  head(s: string): string;
  good(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
  accent(s: string): string;
  /** ✓ in green or ✗ in red. */
  mark(ok: boolean): string;
}

/**
 * Makes the styles: coloured when `color` is true, else when stdout is a TTY and picocolors allows
 * colour (NO_COLOR, FORCE_COLOR and the terminal are respected).
 * @example
 * const st = makeStyle(false); st.mark(true); // "✓"
 */
export function makeStyle(color?: boolean): Style {
  const on = color ?? (process.stdout.isTTY === true && pc.isColorSupported);
  const c = pc.createColors(on);
  return {
    enabled: on,
    bold: c.bold,
    dim: c.dim,
    head: (s) => c.bold(c.cyan(s)),
    good: c.green,
    bad: c.red,
    warn: c.yellow,
    accent: c.magenta,
    mark: (ok) => (ok ? c.green("✓") : c.red("✗")),
  };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The width of `s` in terminal columns: ANSI codes removed, combining marks (U+0300–U+036F, U+20D0–U+20FF) not counted.
 * @example
 * visibleWidth("\u001b[32m✓\u001b[39m"); // 1
 */
export function visibleWidth(s: string): number {
  let n = 0;
  for (const ch of s.replace(ANSI, "")) {
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x20d0 && cp <= 0x20ff)) continue;
    n++;
  }
  return n;
}

/**
 * Pads `s` to `width` columns (left or right aligned), counting visible characters only.
 * @example
 * pad("ab", 4, "right"); // "  ab"
 */
export function pad(s: string, width: number, align: "left" | "right" = "left"): string {
  const gap = " ".repeat(Math.max(0, width - visibleWidth(s)));
  return align === "right" ? gap + s : s + gap;
}
