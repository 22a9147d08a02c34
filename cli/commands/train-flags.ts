/** @file The parsers of `chainrule train`'s flags: each turns a flag's text into its value or a commander error naming the flag. */
import { InvalidArgumentError } from "commander";

/**
 * A parser of an integer flag ≥ 1 (≥ 0 with `allowZero`).
 * @example
 * positiveInt("--epochs", true)("0"); // 0
 */
export function positiveInt(name: string, allowZero = false) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${allowZero ? 0 : 1}, got "${v}".`);
    return n;
  };
}

/**
 * Hidden layer sizes: "64,32", or "none" for no hidden layer.
 * @example
 * parseLayers("64,32"); // [64, 32]
 */
export function parseLayers(v: string): number[] {
  if (v.trim() === "" || v.trim() === "none") return [];
  return v.split(",").map((s) => {
    const n = Number(s.trim());
    if (!Number.isSafeInteger(n) || n < 1)
      throw new InvalidArgumentError(`--layers takes hidden sizes like "64,32" (or "none"), got "${v}".`);
    return n;
  });
}

/**
 * A positive learning rate.
 * @example
 * parseLr("3e-3"); // 0.003
 */
export function parseLr(v: string): number {
  const n = Number(v);
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError(`--lr must be a positive number such as 0.01 or 3e-3, got "${v}".`);
  return n;
}

/**
 * A share strictly between 0 and 1 (--test-fraction).
 * @example
 * parseFraction("0.2"); // 0.2
 */
export function parseFraction(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`--test-fraction must be between 0 and 1, got "${v}".`);
  return n;
}

/**
 * A dropout probability in [0, 1).
 * @example
 * parseDropout("0.1"); // 0.1
 */
export function parseDropout(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError(`--dropout must be at least 0 and below 1, such as 0.1, got "${v}".`);
  return n;
}

/**
 * A parser that accepts one of `choices`.
 * @example
 * oneOf("--model", ["mlp", "cnn"])("cnn"); // "cnn"
 */
export function oneOf<T extends string>(name: string, choices: readonly T[]) {
  return (v: string): T => {
    if ((choices as readonly string[]).includes(v)) return v as T;
    throw new InvalidArgumentError(`${name} must be one of ${choices.join(", ")}, got "${v}".`);
  };
}
