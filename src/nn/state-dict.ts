/** @file A module's state dict: its parameters and buffers by dotted name, collected, and loaded back (all checked first). */
import { writeStorage } from "../backends/storage.js";
import { ShapeError, ValueError } from "../errors.js";
import { namedRecord, own } from "../io/records.js";
import { fmtShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Module } from "./module.js";

/** A module's own parameters and buffers by key (the module keeps them private; it hands them over). */
type OwnState = (m: Module) => readonly [ReadonlyMap<string, Tensor>, ReadonlyMap<string, Tensor>];

/**
 * The parameters and buffers of `modules` (`[path, module]` pairs, as `namedModules()` gives them) as a
 * name → tensor record without a prototype; a tensor shared by two modules appears once.
 * @example
 * collectState(model.namedModules(), (m) => [m.params, m.buffers]); // inside Module: stateDict()
 */
export function collectState(modules: readonly [string, Module][], ownState: OwnState): Record<string, Tensor> {
  // PyTorch's order: each module's parameters, then its buffers, then its children's
  const out = namedRecord<Tensor>();
  const seen = new Set<Tensor>();
  for (const [path, m] of modules) {
    const pre = path ? `${path}.` : "";
    const [params, buffers] = ownState(m);
    for (const [k, p] of params) {
      if (seen.has(p)) continue;
      seen.add(p);
      out[pre + k] = p;
    }
    for (const [k, b] of buffers) out[pre + k] = b;
  }
  return out;
}

/**
 * Copies `state` into the parameters and buffers of `module`, in place, after checking every name,
 * shape and dtype (and, when `strict`, that the record has no other names): a failed load changes nothing.
 * @example
 * loadState(other, model.stateDict(), {}); // what other.loadStateDict(model.stateDict()) does
 */
export function loadState(module: Module, state: Record<string, Tensor>, opts: { strict?: boolean }): void {
  const named = Object.entries(module.stateDict());
  const buffers = new Set(module.namedBuffers().map(([n]) => n));
  for (const [n, p] of named) {
    const src = own(state, n);
    if (!src)
      throw new ValueError(
        `loadStateDict: no value for ${buffers.has(n) ? "buffer" : "parameter"} "${n}" ${fmtShape(p.shape)}; the record has: ${Object.keys(state).join(", ") || "nothing"}.`,
      );
    if (src.shape.length !== p.shape.length || src.shape.some((d, i) => d !== p.shape[i])) {
      throw new ShapeError(
        `loadStateDict: "${n}" is ${fmtShape(src.shape)} in the record but ${fmtShape(p.shape)} in the model; build the model with the sizes it was saved with.`,
      );
    }
    if (src.dtype !== p.dtype) {
      throw new ValueError(
        `loadStateDict: "${n}" is ${src.dtype} in the record but ${p.dtype} in the model; cast it first (x.cast("${p.dtype}")).`,
      );
    }
  }
  if (opts.strict ?? true) {
    const known = new Set(named.map(([n]) => n));
    const extra = Object.keys(state).filter((k) => !known.has(k));
    if (extra.length > 0) {
      throw new ValueError(
        `loadStateDict: the record has names the model lacks: ${extra.join(", ")}. Pass { strict: false } to ignore them.`,
      );
    }
  }
  for (const [n, p] of named) {
    writeStorage(p.store, state[n]!.storage);
  }
}
