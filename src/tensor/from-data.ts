/** @file Creating a tensor from data: a number, nested arrays or a typed array, checked (shape, int32 range, NaN). */
import { ShapeError, ValueError } from "../errors.js";
import { allocate, checkAnyDType, DEFAULT_DTYPE, type DType, type TypedArray } from "./dtype.js";
import { finish, type CreateOptions } from "./create.js";
import { checkInt32Values } from "./int32-range.js";
import type { NestedArray } from "./nest.js";
import { checkShape, fmtShape, sizeOf } from "./shape.js";
import type { Tensor } from "./tensor.js";

/** Options of `tensor()`. */
export interface TensorOptions extends CreateOptions {
  /** The shape, needed when `data` is a flat typed array (defaults to its length). */
  shape?: number[];
  /** Accept NaN and ±Infinity in the input (rejected by default, so they cannot sneak in). */
  allowNonFinite?: boolean;
}

function inferShape(data: unknown, op: string): number[] {
  const shape: number[] = [];
  let cur = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  if (shape.length > 0 && shape[shape.length - 1] !== 0 && typeof cur !== "number") {
    throw new ValueError(`${op}: expected numbers inside the nested arrays, found ${typeof cur} (${String(cur)}).`);
  }
  return shape;
}

function flatten(data: NestedArray, shape: number[], out: TypedArray, op: string): void {
  let k = 0;
  const rec = (v: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof v !== "number") throw new ValueError(`${op}: element at ${path || "[]"} is ${typeof v} (${String(v)}), not a number.`);
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) {
      throw new ShapeError(
        `${op}: ragged nested array: the row at ${path || "the top level"} has ${Array.isArray(v) ? v.length : "no"} entries where ${shape[axis]} were expected (shape ${fmtShape(shape)} inferred from the first rows). Make every row the same length.`,
      );
    }
    for (let i = 0; i < v.length; i++) rec(v[i], axis + 1, `${path}[${i}]`);
  };
  rec(data, 0, "");
}

/** The values in `dtype`: int32 only after checking they are whole numbers in range. */
function convertTo(dtype: DType, values: ArrayLike<number>, op: string): TypedArray {
  if (dtype === "int32") checkInt32Values(values, op);
  const out = allocate(dtype, values.length);
  out.set(values);
  return out;
}

function checkFinite(data: TypedArray, op: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new ValueError(
        `${op}: input element ${i} is ${data[i]}; chainrule rejects NaN and ±Infinity at creation so they cannot silently poison gradients. Clean the data, or pass { allowNonFinite: true } if you mean it (e.g. a -Infinity mask).`,
      );
    }
  }
}

/**
 * Creates a tensor from a number, nested arrays, or a typed array (`opts.shape` gives its shape).
 * Default dtype float32, except that a Float64Array stays float64. NaN/Infinity are rejected unless `allowNonFinite`.
 * @example
 * const W = tensor([[1, 2], [3, 4]], { requiresGrad: true, name: "W" });
 * const v = tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }); // float64
 */
export function tensor(data: number | NestedArray | TypedArray, opts?: TensorOptions): Tensor {
  const op = "tensor";
  let out: TypedArray;
  let shape: number[];
  if (data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array) {
    const dtype = checkAnyDType(opts?.dtype ?? dtypeOfArray(data), op);
    shape = opts?.shape ? checkShape(opts.shape, op) : [data.length];
    if (sizeOf(shape) !== data.length) {
      throw new ShapeError(`tensor: shape ${fmtShape(shape)} needs ${sizeOf(shape)} elements but the typed array has ${data.length}.`);
    }
    out = convertTo(dtype, data, op);
  } else if (typeof data === "number") {
    shape = [];
    out = convertTo(checkAnyDType(opts?.dtype ?? DEFAULT_DTYPE, op), [data], op);
  } else if (Array.isArray(data)) {
    shape = inferShape(data, op);
    const dtype = checkAnyDType(opts?.dtype ?? DEFAULT_DTYPE, op);
    // int32 values are checked whole before they are stored; floats go straight in
    const flat = allocate(dtype === "int32" ? "float64" : dtype, sizeOf(shape));
    flatten(data, shape, flat, op);
    out = dtype === "int32" ? convertTo(dtype, flat, op) : flat;
    if (opts?.shape) {
      const want = checkShape(opts.shape, op);
      if (sizeOf(want) !== out.length) {
        throw new ShapeError(`tensor: shape ${fmtShape(want)} needs ${sizeOf(want)} elements but the data has ${out.length}.`);
      }
      shape = want;
    }
  } else {
    throw new ValueError(
      `tensor: cannot make a tensor from ${typeof data}; pass a number, nested arrays of numbers, or a Float32Array/Float64Array/Int32Array.`,
    );
  }
  if (!opts?.allowNonFinite) checkFinite(out, op);
  return finish(out, shape, opts, op);
}

/** The dtype a typed array keeps by default. */
function dtypeOfArray(data: TypedArray): DType {
  return data instanceof Float64Array ? "float64" : data instanceof Int32Array ? "int32" : "float32";
}
