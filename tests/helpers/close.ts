/** @file Closeness assertions with a message that says where and by how much two arrays differ. */

/** Tolerances: |actual − expected| ≤ atol + rtol·|expected|, elementwise. */
export interface Tol {
  rtol: number;
  atol: number;
}

/**
 * Throws unless every element of `actual` is close to `expected` (same length; NaN only matches NaN,
 * ±Infinity only itself). The message names `what`, the worst index and both values.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tol, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a) || !Number.isFinite(e) || !Number.isFinite(a)) {
      if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || a === e) continue;
      throw new Error(`${what}: element ${i} is ${a}, expected ${e}`);
    }
    const excess = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    const a = actual[worst]!;
    const e = expected[worst]!;
    throw new Error(
      `${what}: element ${worst} is ${a}, expected ${e} (|diff| ${Math.abs(a - e).toExponential(3)} > atol ${tol.atol} + rtol ${tol.rtol}·|expected|)`,
    );
  }
}

/** Throws unless every value is finite. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new Error(`${what}: element ${i} is ${values[i]}, expected a finite number`);
  }
}
