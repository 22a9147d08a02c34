/** @file Cached 0-d constants: the plain-number operands of ops (the 2 in `x.mul(2)`), per backend and dtype. */
import type { Backend } from "../backends/kernels.js";
import { backend } from "../backends/registry.js";
import { allocate, type DType } from "./dtype.js";
import { Tensor } from "./tensor.js";

/** Per backend (a constant lives on the backend selected when it was made) and dtype. */
const constants = new WeakMap<Backend, Record<DType, Map<number, Tensor>>>();

/**
 * A 0-d constant of the given dtype (internal: plain-number operands such as the 2 in `x.mul(2)`).
 * Constants are cached per backend and dtype and never written to, so repeated ops allocate nothing for them.
 */
export function scalar(value: number, dtype: DType): Tensor {
  const b = backend();
  let byType = constants.get(b);
  if (!byType) constants.set(b, (byType = { float32: new Map(), float64: new Map(), int32: new Map() }));
  const cache = byType[dtype];
  // a Map treats −0 and 0 as one key, so −0 is never cached (x·(−0) and x·0 differ in sign)
  const negZero = Object.is(value, -0);
  let t = negZero ? undefined : cache.get(value);
  if (t === undefined) {
    const data = allocate(dtype, 1);
    data[0] = value;
    t = new Tensor(data, []);
    if (cache.size < 4096 && !negZero) cache.set(value, t);
  }
  return t;
}
