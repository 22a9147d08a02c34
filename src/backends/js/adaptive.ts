/** @file Reference RMSprop and Adagrad updates in place (PyTorch's torch.optim updates): float64 arithmetic, one rounding per stored value. */
import { noteWritten } from "../ownership.js";
import type { AdagradArgs, RmspropArgs } from "../kernels.js";

/**
 * RMSprop: d = sign·g + wd·p, s ← α·s + (1−α)·d², a = √s + ε (centered: ga ← α·ga + (1−α)·d, a = √(s − ga²) + ε),
 * then p ← p − lr·buf with buf ← μ·buf + d/a when there is a momentum buffer, else p ← p − lr·d/a.
 * @example
 * rmspropUpdateJs({ p, g, s, ga: null, buf: null, lr: 0.01, alpha: 0.99, eps: 1e-8, wd: 0, mu: 0, sign: 1 });
 */
export function rmspropUpdateJs(args: RmspropArgs): void {
  const { p, g, s, ga, buf, lr, alpha, eps, wd, mu, sign } = args;
  // written in place: any backend copy of p or its buffers goes stale
  for (const a of [p, s, ga, buf]) if (a) noteWritten(a);
  const n = p.length;
  for (let j = 0; j < n; j++) {
    const dj = sign * g[j]! + wd * p[j]!;
    const sj = alpha * s[j]! + (1 - alpha) * dj * dj;
    s[j] = sj;
    let a: number;
    if (ga) {
      const mj = alpha * ga[j]! + (1 - alpha) * dj;
      ga[j] = mj;
      a = Math.sqrt(sj - mj * mj) + eps;
    } else {
      a = Math.sqrt(sj) + eps;
    }
    if (buf) {
      const bj = mu * buf[j]! + dj / a;
      buf[j] = bj;
      p[j] = p[j]! - lr * bj;
    } else {
      p[j] = p[j]! - (lr * dj) / a;
    }
  }
}

/**
 * Adagrad: d = sign·g + wd·p, S ← S + d², p ← p − clr·d / (√S + ε).
 * @example
 * adagradUpdateJs({ p, g, sum, clr: 0.01, eps: 1e-10, wd: 0, sign: 1 });
 */
export function adagradUpdateJs(args: AdagradArgs): void {
  const { p, g, sum, clr, eps, wd, sign } = args;
  noteWritten(p);
  noteWritten(sum);
  const n = p.length;
  for (let j = 0; j < n; j++) {
    const dj = sign * g[j]! + wd * p[j]!;
    const sj = sum[j]! + dj * dj;
    sum[j] = sj;
    p[j] = p[j]! - (clr * dj) / (Math.sqrt(sj) + eps);
  }
}
