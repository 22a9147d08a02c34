/** @file User text in pictures and equations made safe: names capped at 64 characters, control characters shown as \u escapes. */

/** The longest name drawn, in characters (code points); longer names keep their head and tail around "…". */
export const NAME_LIMIT = 64;

const HEAD = 44;

// C0 controls (newline included), DEL and C1 controls: never written raw into a picture or a terminal
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Shows control characters as `\u001b`-style escapes, so an ANSI code or a newline in a name cannot
 * restyle a terminal or break a line of Mermaid or DOT.
 * @example
 * escapeControl("a\u001b[31m"); // "a\\u001b[31m"
 */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A tensor name as pictures and equations show it: at most `NAME_LIMIT` characters (the first 44,
 * "…", the last 19, so `encoder.layers.11.weight`-style tails stay), control characters escaped.
 * @example
 * displayName("x".repeat(100)).length; // 64
 */
export function displayName(name: string): string {
  const chars = [...name];
  const short =
    chars.length <= NAME_LIMIT ? name : `${chars.slice(0, HEAD).join("")}…${chars.slice(chars.length - (NAME_LIMIT - HEAD - 1)).join("")}`;
  return escapeControl(short);
}
