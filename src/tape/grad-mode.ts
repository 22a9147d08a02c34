/** @file Whether operations record the graph: `noGrad`, `enableGrad`, and the anomaly (NaN) check switch. */

let enabled = true;
let anomaly = false;

/**
 * True while operations record the computation graph.
 * @example
 * isGradEnabled(); // true, except inside noGrad(...)
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` without recording the graph (for evaluation and parameter updates), and returns its result.
 * @example
 * const y = noGrad(() => w.mul(2)); y.requiresGrad; // false
 */
export function noGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/**
 * Runs `fn` with graph recording switched on, even inside `noGrad`.
 * @example
 * noGrad(() => enableGrad(() => w.mul(2))).requiresGrad; // true when w requires grad
 */
export function enableGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = true;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/**
 * Runs `fn` with a check after every operation (forward and backward): the first op that turns finite
 * inputs into NaN throws a `ValueError` naming the op and its input shapes. Slower; use it to debug.
 * @example
 * detectAnomaly(() => tensor([-1]).log()); // ok: log(-1) is NaN, so this throws and names "log"
 */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = anomaly;
  anomaly = true;
  try {
    return fn();
  } finally {
    anomaly = prev;
  }
}

/** True inside `detectAnomaly`. */
export function isAnomalyEnabled(): boolean {
  return anomaly;
}
