/** @file Version checks on what an op saved for backward: a saved input or output that changed since the forward pass makes backward refuse (PyTorch's rule). */
import { contentHash, type Storage } from "../backends/storage.js";
import { GradientError } from "../errors.js";
import type { OpName, PrimitiveName } from "../ops/primitive-names.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * What a graph node recorded of its operands (inputs in order, then the output): their storages'
 * versions, and for storages handed out through `Tensor.data`, a content hash (-1 where none).
 * A replaced storage (`t.data = array`) starts one version above the one it replaces, so versions alone tell.
 */
export interface SavedVersions {
  readonly versions: readonly number[];
  readonly hashes: readonly number[] | null;
}

/**
 * Primitives whose derivative never reads an operand's values (only shapes and attributes):
 * `g ↦ ±g`, sums, and movements. Changing their operands after the forward pass is harmless.
 */
const VALUE_FREE: ReadonlySet<OpName> = new Set<PrimitiveName>([
  "neg",
  "add",
  "sub",
  "sum",
  "reshape",
  "transpose",
  "expand",
  "slice",
  "pad",
  "concat",
  "cast",
]);

/** What saveVersions records when every operand is at version 0 and none was handed out: version 0 for each (any count of operands). */
const UNWRITTEN: SavedVersions = Object.freeze({ versions: Object.freeze([]), hashes: null });

/**
 * Records the versions of the operands `op`'s derivative reads (all inputs and the output's storage), or
 * null when it reads none. A handed-out storage (user code may write its array) also gets a hash.
 * @example
 * node.saved = saveVersions("mul", [a, b], out.store);
 */
export function saveVersions(op: OpName, inputs: readonly Tensor[], out: Storage): SavedVersions | null {
  if (VALUE_FREE.has(op)) return null;
  const n = inputs.length;
  // the common case (nothing written or handed out yet, as for every intermediate) shares one record
  let plain = true;
  for (let i = 0; i <= n; i++) {
    const s = i < n ? inputs[i]!.store : out;
    s.saved = true;
    if (s.version !== 0 || s.exposed) plain = false;
  }
  if (plain) return UNWRITTEN;
  const versions: number[] = new Array(n + 1);
  let hashes: number[] | null = null;
  for (let i = 0; i <= n; i++) {
    const s = i < n ? inputs[i]!.store : out;
    versions[i] = s.version;
    if (s.exposed) {
      hashes ??= new Array<number>(n + 1).fill(-1);
      hashes[i] = contentHash(s.payload);
    }
  }
  return { versions, hashes };
}

/**
 * Throws a GradientError when an operand `t`'s node saved has changed since: a write through the
 * backend (optimizer step, loading weights), an assignment to `.data`, or (for arrays handed out
 * through `.data`) a change of content.
 * @example
 * checkSaved(y); // before y's node applies its derivative rule
 */
export function checkSaved(t: Tensor): void {
  const node = t.node;
  const saved = node?.saved;
  if (!node || !saved) return;
  const n = node.inputs.length;
  for (let i = 0; i <= n; i++) {
    const x = i < n ? node.inputs[i]! : t;
    const s = x.store;
    const was = saved === UNWRITTEN ? 0 : saved.versions[i]!;
    let changed: string | null = null;
    if (s.version !== was) {
      changed = `version ${was} → ${s.version}: an optimizer step, a load, or an assignment to .data`;
    } else if (s.exposed) {
      // handed out after the save: the hash taken then stands for the saved values (no version since)
      const own = saved.hashes?.[i] ?? -1;
      const hash = own >= 0 ? own : s.exposedHash;
      if (hash !== contentHash(s.payload)) changed = "its values were written through .data";
    }
    if (changed === null) continue;
    const role = i < n ? `input ${i}` : "output";
    throw new GradientError(
      `backward: ${x.describe()}, saved by "${node.op}" (its ${role}) for the gradient, was modified after the forward pass (${changed}). ` +
        `Call backward() before modifying it (e.g. before opt.step()), or compute from a copy (x.detach().mul(1)) if you need to change it.`,
    );
  }
}
