/** @file Making an op's result: records the graph node when gradients are needed, and runs the anomaly check. */
import { isAnomalyEnabled, isGradEnabled } from "../tape/grad-mode.js";
import { saveVersions } from "../tape/saved.js";
import { currentScope } from "../tape/scope.js";
import { DTypeError, ValueError } from "../errors.js";
import { backend } from "../backends/registry.js";
import type { UnaryGradKernelName } from "../backends/kernels.js";
import type { Storage } from "../backends/storage.js";
import { allocateOutput, type TypedArray } from "../tensor/dtype.js";
import { scalar } from "../tensor/scalar.js";
import { fmtShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import type { OpName } from "./primitive-names.js";

/** A tensor, or a plain number that takes the other operand's dtype. */
export type TensorLike = Tensor | number;

/**
 * Wraps the output of a kernel (or a storage shared with an input) as a tensor; when grad mode is on
 * and an input requires grad, the result records `{ op, inputs, attrs }` so backward can apply the
 * op's derivative rule, and the versions of the operands that rule reads (see tape/saved.ts).
 */
export function result(
  op: OpName,
  data: TypedArray | Storage,
  shape: number[],
  inputs: readonly Tensor[],
  attrs: Readonly<Record<string, unknown>> = NO_ATTRS,
): Tensor {
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.dtype === "int32" && !INT_OPS.has(op)) floatsOnly(op, inputs[i]!);
  let needsGrad = false;
  if (isGradEnabled()) {
    for (let i = 0; i < inputs.length; i++) {
      if (inputs[i]!.requiresGrad) {
        needsGrad = true;
        break;
      }
    }
  }
  // a kernel's output is a fresh float array sized by the op from checked shapes: it is wrapped in
  // its storage handle here, which skips the constructor's check of data made for users
  const store = data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array ? ownStorage(data) : data;
  const node = needsGrad ? { op, inputs, attrs, scope: currentScope(), saved: saveVersions(op, inputs, store) } : null;
  const t = new Tensor(store, shape, needsGrad, node);
  if (isAnomalyEnabled()) checkAnomaly(op, t, inputs);
  return t;
}

/** A kernel's fresh output array in a storage handle of the current backend (what `new Tensor(array)` makes, without re-checking it). */
function ownStorage(data: TypedArray): Storage {
  const b = backend();
  return b.storage.fromHost(b, data);
}

/**
 * A kernel's fresh output as a tensor outside the graph (masks, fused derivatives): `out` has the
 * size of `shape` by construction, so it skips the check the constructor runs on users' arrays.
 * @example
 * const mask = constOutput(out, x.shape.slice());
 */
export function constOutput(out: TypedArray, shape: number[]): Tensor {
  return new Tensor(ownStorage(out), shape);
}

const NO_ATTRS: Readonly<Record<string, unknown>> = Object.freeze({});

/** The recorded ops that take int32 tensors: a relabelling of the same values, and the conversion to floats. */
const INT_OPS: ReadonlySet<string> = new Set(["reshape", "cast"]);

/** The error of a float op given an int32 tensor: the op, the tensor, and the conversion to write. */
function floatsOnly(op: string, x: Tensor): never {
  throw new DTypeError(
    `${op}: ${x.describe()} holds int32 indices, but ${op} computes in floats (float32 or float64). Convert it first with x.cast("float32") (or "float64").`,
  );
}

function hasNaN(data: TypedArray): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) return true;
  return false;
}

function checkAnomaly(op: string, out: Tensor, inputs: readonly Tensor[]): void {
  if (!out.store.backend.storage.readSync) {
    throw new ValueError(
      `detectAnomaly: "${op}" ran on the "${out.backend}" backend, whose values can only be read asynchronously, so NaNs cannot be checked op by op. Debug on a CPU backend (await setBackend("js")).`,
    );
  }
  if (!hasNaN(out.storage) || inputs.some((x) => hasNaN(x.storage))) return;
  throw new ValueError(
    `detectAnomaly: "${op}" produced NaN from NaN-free inputs (${inputs.map((x) => x.describe()).join(", ")}) giving ${fmtShape(out.shape)}. ` +
      `Check its domain (log and sqrt of negatives, 0/0, inf-inf) or clamp the input.`,
  );
}

/**
 * Turns a plain number into a 0-d tensor of `like`'s dtype; checks that two tensors share a dtype.
 * chainrule never mixes float32 and float64 silently.
 */
export function asTensor(x: TensorLike, like: Tensor, op: string): Tensor {
  if (like.dtype === "int32") floatsOnly(op, like);
  if (typeof x === "number") return scalar(x, like.dtype);
  if (!(x instanceof Tensor)) {
    throw new ValueError(`${op}: expected a Tensor or a number, got ${x === null ? "null" : typeof x}.`);
  }
  if (x.dtype === "int32") floatsOnly(op, x);
  if (x.dtype !== like.dtype) {
    throw new DTypeError(
      `${op}: operands have different dtypes (${like.describe()} and ${x.describe()}). chainrule never converts silently; ` +
        `convert one explicitly, e.g. x.cast("${like.dtype}").`,
    );
  }
  return x;
}

/** Checks an operand of a float op is a float tensor (int32 tensors are refused with the cast to write). */
export function checkTensor(x: unknown, op: string): Tensor {
  const t = checkAnyTensor(x, op);
  if (t.dtype === "int32") floatsOnly(op, t);
  return t;
}

/** Checks the first operand of an op is a tensor of any dtype (reshape and cast take int32 too). */
export function checkAnyTensor(x: unknown, op: string): Tensor {
  if (x instanceof Tensor) return x;
  throw new ValueError(
    `${op}: expected a Tensor as the first operand, got ${x === null ? "null" : typeof x}. Wrap numbers with tensor(...).`,
  );
}

/** Runs a fused derivative kernel `g · f′(v)` (a constant: only used when no graph is recorded). */
export function unaryGradConst(kernel: UnaryGradKernelName, g: Tensor, v: Tensor): Tensor {
  const out = allocateOutput(g.dtype, g.storage.length);
  backend().unaryGrad[kernel](g.storage, v.storage, out);
  return constOutput(out, g.shape);
}
