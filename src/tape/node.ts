/** @file The graph node a computed tensor keeps: which primitive made it, from which inputs, with which attributes. */
import type { Tensor } from "../tensor/tensor.js";
import type { OpName } from "../ops/primitive-names.js";
import type { Primitive } from "../ops/primitive.js";
import type { SavedVersions } from "./saved.js";

/** How a non-leaf tensor was computed. `attrs` are the primitive's static arguments (axes, perm, flags). */
export interface GraphNode {
  readonly op: OpName;
  readonly inputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, unknown>>;
  /** The `namedScope` path the op ran in ("" for none), used to group nodes in pictures. */
  readonly scope: string;
  /** The versions of the operands its derivative reads, checked by backward (null: it reads none). */
  saved?: SavedVersions | null;
  /** The record of an op made with `defineOp` (built-in primitives are found by name). */
  readonly custom?: Primitive;
}
