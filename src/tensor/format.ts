/** @file Human-readable rendering of tensor values for toString(), graphs and the CLI. */
import type { Tensor } from "./tensor.js";
import { fmtShape } from "./shape.js";

/**
 * Formats one number compactly: up to 4 significant decimals, exponent form when very large or small.
 * @example
 * fmtNumber(0.333333); // "0.3333"
 */
export function fmtNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 1e-3 || ax >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/**
 * The values of a tensor as nested brackets, eliding the middle of long axes.
 * @example
 * formatValues(tensor([[1, 2], [3, 4]])); // "[[1, 2], [3, 4]]"
 */
export function formatValues(t: Tensor, maxPerAxis = 6): string {
  if (t.shape.length === 0) return fmtNumber(t.storage[0]!);
  const rec = (axis: number, offset: number): string => {
    const n = t.shape[axis]!;
    let stride = 1;
    for (let i = axis + 1; i < t.shape.length; i++) stride *= t.shape[i]!;
    const show = (i: number): string =>
      axis === t.shape.length - 1 ? fmtNumber(t.storage[offset + i]!) : rec(axis + 1, offset + i * stride);
    const parts: string[] = [];
    if (n <= maxPerAxis) for (let i = 0; i < n; i++) parts.push(show(i));
    else {
      const half = Math.floor(maxPerAxis / 2);
      for (let i = 0; i < half; i++) parts.push(show(i));
      parts.push("…");
      for (let i = n - half; i < n; i++) parts.push(show(i));
    }
    return `[${parts.join(", ")}]`;
  };
  return rec(0, 0);
}

/**
 * `tensor(values, shape=[..], dtype=..)`, plus the name and `requiresGrad` when set.
 * @example
 * formatTensor(tensor([1, 2])); // "tensor([1, 2], shape=[2], dtype=float32)"
 */
export function formatTensor(t: Tensor): string {
  const extras = [`shape=${fmtShape(t.shape)}`, `dtype=${t.dtype}`];
  if (t.name) extras.unshift(`name="${t.name}"`);
  if (t.requiresGrad) extras.push("requiresGrad=true");
  if (t.node) extras.push(`op=${t.node.op}`);
  // a backend that reads only asynchronously has no values to show here
  const values = t.store.backend.storage.readSync ? formatValues(t) : `<on "${t.store.backend.name}": await t.array()>`;
  return `tensor(${values}, ${extras.join(", ")})`;
}
