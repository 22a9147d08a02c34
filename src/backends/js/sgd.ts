/** @file Reference SGD update in place (PyTorch's torch.optim.SGD): float64 arithmetic, one rounding per stored value. */
import { noteWritten } from "../ownership.js";
import type { SgdArgs } from "../kernels.js";

/**
 * p ← p − lr·d with d = sign·g + wd·p, or through the momentum buffer (see `SgdArgs`).
 * @example
 * sgdUpdateJs({ p, g, buf: null, lr: 0.1, sign: 1, wd: 0, mu: 0, bm: 0, bk: 1, nesterov: false });
 */
export function sgdUpdateJs(args: SgdArgs): void {
  const { p, g, buf, lr, sign, wd, mu, bm, bk, nesterov } = args;
  const n = p.length;
  // written in place: any backend copy of p or the buffer goes stale
  noteWritten(p);
  if (buf) noteWritten(buf);
  // d = g when there is no weight decay and no maximizing: PyTorch adds wd·p only when wd ≠ 0
  // (so an infinite parameter is not turned into NaN by 0·∞), and the wasm kernel does the same
  const bare = wd === 0 && sign === 1;
  if (!buf) {
    if (bare) for (let j = 0; j < n; j++) p[j] = p[j]! - lr * g[j]!;
    else for (let j = 0; j < n; j++) p[j] = p[j]! - lr * (sign * g[j]! + wd * p[j]!);
  } else if (nesterov) {
    for (let j = 0; j < n; j++) {
      const d = bare ? g[j]! : sign * g[j]! + wd * p[j]!;
      const b = bm * buf[j]! + bk * d;
      buf[j] = b;
      p[j] = p[j]! - lr * (d + mu * b);
    }
  } else {
    for (let j = 0; j < n; j++) {
      const b = bm * buf[j]! + bk * (bare ? g[j]! : sign * g[j]! + wd * p[j]!);
      buf[j] = b;
      p[j] = p[j]! - lr * b;
    }
  }
}
