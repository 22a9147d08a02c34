/** @file Which typed arrays only chainrule can write (private until handed out through `Tensor.data`), so a backend may reuse its copies of them. */
import type { TypedArray } from "../tensor/dtype.js";

/** Arrays shorter than this are never tracked (copying them costs less than tracking them). */
export const ownershipTuning = { minLength: 1024 };

const privateArrays = new WeakSet<TypedArray>();
/**
 * Length of the shortest array ever marked private. Exposure and in-place writes skip arrays shorter
 * than this (never tracked, so never copied), not shorter than the current `minLength`: raising the
 * threshold after arrays were tracked must not leave them private with copies nobody drops.
 */
let shortestTracked = Infinity;

/** Backend copies of private arrays, keyed by the array; what a copy holds is the backend's business. */
export const backendCopies = new WeakMap<TypedArray, unknown>();

/**
 * Marks a freshly allocated array as private (chainrule holds the only reference).
 * @example
 * const a = new Float32Array(4096); markPrivate(a); isPrivate(a); // true
 */
export function markPrivate(a: TypedArray): void {
  if (a.length < ownershipTuning.minLength) return;
  privateArrays.add(a);
  if (a.length < shortestTracked) shortestTracked = a.length;
}

/**
 * Whether `a` is private: no code outside chainrule can have written it since its backend copy was made.
 * @example
 * isPrivate(new Float32Array(4096)); // false: not allocated by chainrule
 */
export function isPrivate(a: TypedArray): boolean {
  return privateArrays.has(a);
}

/**
 * Makes `a` public for good (someone outside may now write it whenever they like) and drops its copy.
 * @example
 * exposeArray(t.storage); // what the `Tensor.data` getter does
 */
export function exposeArray(a: TypedArray): void {
  if (a.length < shortestTracked) return;
  privateArrays.delete(a);
  backendCopies.delete(a);
}

/**
 * Drops the backend copy of `a` before chainrule writes into it in place (optimizers, loading weights).
 * @example
 * noteWritten(p.storage); for (let i = 0; i < n; i++) p.storage[i] -= lr * g[i];
 */
export function noteWritten(a: TypedArray): void {
  if (a.length >= shortestTracked) backendCopies.delete(a);
}
