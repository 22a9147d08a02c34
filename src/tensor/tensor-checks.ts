/** @file The Tensor's argument checks: the errors its constructor, setters and readers throw, each naming the fix. */
import { DTypeError, GradientError, ShapeError, ValueError } from "../errors.js";
import type { Storage } from "../backends/storage.js";
import { dtypeOf, type DType, type TypedArray } from "./dtype.js";
import { fmtShape, sameShape } from "./shape.js";
import type { Tensor } from "./tensor.js";

/**
 * Checks a tensor name is a string, naming the caller.
 * @example
 * checkName("W", "named"); // "W"
 */
export function checkName(name: unknown, op: string): string {
  if (typeof name === "string") return name;
  throw new ValueError(`${op}: a name must be a string, got ${typeof name} (${String(name)}); e.g. x.named("W").`);
}

/** The typed array each dtype is stored in. */
const ARRAY_NAMES: Readonly<Record<DType, string>> = { float32: "Float32Array", float64: "Float64Array", int32: "Int32Array" };

/**
 * Only float tensors take gradients: an int32 tensor holds indices, and no derivative exists in them.
 * @example
 * checkCanRequireGrad(tensor([1.5])); // passes; an int32 tensor throws
 */
export function checkCanRequireGrad(t: Tensor): void {
  if (t.dtype !== "int32") return;
  throw new GradientError(
    `requiresGrad: ${t.describe()} holds whole numbers (indices), which have no gradient; only float tensors can require grad. Use x.cast("float32") for a float copy that can.`,
  );
}

/**
 * The `requiresGrad` setter's check: only leaves stop requiring grad, and only float tensors start.
 * @example
 * checkRequiresGrad(x.mul(2), false); // throws: a computed tensor cannot stop requiring grad
 */
export function checkRequiresGrad(t: Tensor, value: boolean): void {
  if (t.node && !value) {
    throw new GradientError(
      `requiresGrad: ${t.describe()} was computed by "${t.node.op}"; only leaves can stop requiring grad. Use x.detach() for a copy outside the graph.`,
    );
  }
  if (value) checkCanRequireGrad(t);
}

/**
 * The constructor's check: a typed array whose length is the product of `shape` (non-negative integers).
 * @example
 * checkData(new Float32Array(6), [2, 3]); // passes; [2, 2] throws
 */
export function checkData(data: TypedArray, shape: number[]): void {
  if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array)) {
    throw new DTypeError(
      `Tensor: data must be a Float32Array, Float64Array or Int32Array, got ${(data as unknown)?.constructor?.name ?? typeof data}; use tensor(values) to convert.`,
    );
  }
  if (!Array.isArray(shape)) throw new ShapeError(`Tensor: the shape must be an array of sizes like [2, 3], got ${typeof shape}.`);
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`Tensor: invalid shape ${JSON.stringify(shape)}; a shape is an array of non-negative integers like [2, 3].`);
    }
    n *= d;
  }
  if (n !== data.length) {
    throw new ShapeError(
      `Tensor: shape ${fmtShape(shape)} needs ${n} elements but the data has ${data.length}; pass data of that length, or make the tensor with tensor(array, { shape }).`,
    );
  }
}

/**
 * Whether `data` is a storage handle (not a typed array or anything else a caller might pass).
 * @example
 * isStorageHandle(new Float32Array(2)); // false
 */
export function isStorageHandle(data: unknown): data is Storage {
  // no typed array has these properties, so no ArrayBuffer.isView is needed
  return typeof data === "object" && data !== null && "payload" in data && "backend" in data;
}

/**
 * The `data` setter's check: kernels size their operands by the tensor's dtype and shape, so another
 * dtype or length would be misread (the wasm backend copies such an array in by its own element size,
 * past the room asked).
 * @example
 * checkAssignedData(tensor([1, 2]), new Float32Array(3)); // throws: 2 elements, not 3
 */
export function checkAssignedData(t: Tensor, value: TypedArray): void {
  if (!(value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array) || dtypeOf(value) !== t.dtype) {
    throw new DTypeError(
      `data: ${t.describe()} cannot hold a ${value?.constructor?.name ?? typeof value}; assign a ${ARRAY_NAMES[t.dtype]}, or make a new tensor with tensor(array).`,
    );
  }
  if (value.length !== t.store.length) {
    throw new ShapeError(
      `data: ${t.describe()} has ${t.store.length} elements but the new array has ${value.length}; assign an array of the same length, or make a new tensor with tensor(array, { shape }).`,
    );
  }
}

/**
 * The `grad` setter's error for a value that is not a Tensor (the caller tests `instanceof Tensor`).
 * @example
 * throw notAGradient(w, [1, 2]); // "grad: the gradient of ... must be a Tensor or null, got an array; ..."
 */
export function notAGradient(t: Tensor, value: unknown): ValueError {
  return new ValueError(
    `grad: the gradient of ${t.describe()} must be a Tensor or null, got ${Array.isArray(value) ? "an array" : typeof value}; assign tensor(values) of shape ${fmtShape(t.shape)}.`,
  );
}

/**
 * The `grad` setter's check for a tensor: the gradient has the dtype and the shape of `t`.
 * @example
 * checkGradFits(tensor([1, 2]), tensor([1])); // throws: shape [1], not [2]
 */
export function checkGradFits(t: Tensor, value: Tensor): void {
  if (value.dtype !== t.dtype) {
    throw new DTypeError(
      `grad: ${t.describe()} cannot take a ${value.dtype} gradient (${value.describe()}); cast it with .cast("${t.dtype}").`,
    );
  }
  if (!sameShape(value.shape, t.shape)) {
    throw new ShapeError(`grad: the gradient of ${t.describe()} must have its shape ${fmtShape(t.shape)}, got ${value.describe()}.`);
  }
}

/**
 * `to`'s check: moving is not differentiable, so a computed tensor that requires grad cannot move.
 * @example
 * checkCanMove(w.mul(2), "js"); // throws when w requires grad
 */
export function checkCanMove(t: Tensor, backendName: string): void {
  if (t.node !== null && t.requiresGrad) {
    throw new GradientError(
      `to: ${t.describe()} was computed by "${t.node.op}" and requires grad; moving to "${backendName}" would cut it from the graph. Move the leaves (parameters, inputs) before computing, or move x.detach().`,
    );
  }
}

/**
 * `item`'s check: the tensor has exactly one element.
 * @example
 * checkOneElement(tensor([1, 2])); // throws: reduce first
 */
export function checkOneElement(t: Tensor): void {
  if (t.store.length !== 1) {
    throw new ValueError(
      `item: ${t.describe()} has ${t.store.length} elements; item() needs exactly one. Reduce first (x.sum(), x.mean()) or read all values with toArray().`,
    );
  }
}

/**
 * Throws when the tensor's backend reads only asynchronously, naming the call to use instead.
 * @example
 * checkSyncRead(t, "toArray", "await t.array()"); // throws on the webgpu backend
 */
export function checkSyncRead(t: Tensor, op: string, instead: string): void {
  if (t.store.backend.storage.readSync) return;
  throw new ValueError(
    `${op}: ${t.describe()} lives on the "${t.store.backend.name}" backend, which reads only asynchronously; use ${instead}.`,
  );
}
