/** @file Number formatting for tables: fixed significant digits, a real minus sign, exponents for tiny and huge values. */

/**
 * Formats `x` with `digits` significant digits; exponent notation below 1e-4 or from 1e6; "−" as minus.
 * @example
 * fmtNum(-0.045176659730912, 8); // "−0.045176660"
 * fmtNum(3.2e-12); // "3.20e−12"
 */
export function fmtNum(x: number, digits = 10): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  const s = a < 1e-4 || a >= 1e6 ? x.toExponential(Math.max(0, Math.min(digits, 4) - 1)) : x.toPrecision(digits);
  return s.replace(/-/g, "−");
}

/**
 * A short error figure: "0" or like "3.2e−12".
 * @example
 * fmtErr(3.2e-12); // "3.2e−12"
 */
export function fmtErr(x: number): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return String(x);
  return x.toExponential(1).replace(/-/g, "−");
}

/**
 * Milliseconds with three significant digits.
 * @example
 * fmtMs(0.01234); // "0.0123 ms"
 */
export function fmtMs(ms: number): string {
  return `${ms >= 100 ? ms.toFixed(0) : ms.toPrecision(3)} ms`;
}
