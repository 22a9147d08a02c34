/** @file Reference SGD update in place (PyTorch's torch.optim.SGD): float64 arithmetic, one rounding per stored value. */
import { noteWritten } from "../../tensor/ownership.js";
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
  if (!buf) {
    for (let j = 0; j < n; j++) p[j] = p[j]! - lr * (sign * g[j]! + wd * p[j]!);
  } else if (nesterov) {
    for (let j = 0; j < n; j++) {
      const d = sign * g[j]! + wd * p[j]!;
      const b = bm * buf[j]! + bk * d;
      buf[j] = b;
      p[j] = p[j]! - lr * (d + mu * b);
    }
  } else {
    for (let j = 0; j < n; j++) {
      const b = bm * buf[j]! + bk * (sign * g[j]! + wd * p[j]!);
      buf[j] = b;
      p[j] = p[j]! - lr * b;
    }
  }
}
