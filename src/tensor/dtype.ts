/** @file The dtypes (float32, float64, and int32 for indices) and their typed arrays. */
import { DTypeError, ValueError } from "../errors.js";
import { MAX_ELEMENTS } from "./shape.js";
import { markPrivate } from "../backends/ownership.js";

/** The element types chainrule computes in: the two floats, and int32 for index tensors (argmax, topk, take). */
export type DType = FloatDType | "int32";

/** The floating-point dtypes: every differentiable op computes in one of them. */
export type FloatDType = "float32" | "float64";

/** The typed array behind a tensor of each dtype (Int32Array for int32). */
export type TypedArray = Float32Array | Float64Array | Int32Array;

/**
 * The bytes one element of `dtype` takes.
 * @example
 * bytesOf("float64"); // 8
 */
export function bytesOf(dtype: DType): number {
  return dtype === "float64" ? 8 : 4;
}

/** A new `dtype` array of `size` elements over `buffer` (or zero-filled when no buffer is given). */
function arrayOf(dtype: DType, size: number, buffer?: ArrayBuffer): TypedArray {
  // one constructor per call site, so V8 allocates small arrays inline instead of through a generic call
  if (buffer) {
    if (dtype === "float32") return new Float32Array(buffer, 0, size);
    return dtype === "float64" ? new Float64Array(buffer, 0, size) : new Int32Array(buffer, 0, size);
  }
  if (dtype === "float32") return new Float32Array(size);
  return dtype === "float64" ? new Float64Array(size) : new Int32Array(size);
}

/** Default dtype of new tensors (float32, like PyTorch), unless the input is a Float64Array. */
export const DEFAULT_DTYPE: DType = "float32";

/**
 * Allocates a zero-filled typed array of `size` elements for `dtype`.
 * @example
 * allocate("float64", 3); // Float64Array [0, 0, 0]
 */
export function allocate(dtype: DType, size: number): TypedArray {
  let a: TypedArray;
  try {
    a = arrayOf(dtype, size);
  } catch (e) {
    throw allocationError(dtype, size, e);
  }
  markPrivate(a);
  return a;
}

/** What a failed allocation says: the size asked for, the limit, and what to do (ops check shapes first; this is the last guard). */
function allocationError(dtype: DType, size: number, e: unknown): unknown {
  if (!(e instanceof RangeError)) return e;
  const bytes = size * bytesOf(dtype);
  return new ValueError(
    `allocate: cannot allocate a ${dtype} tensor of ${size} elements (${bytes} bytes): ${e.message}. A tensor holds at most ${MAX_ELEMENTS} elements and must fit in memory; work in smaller pieces (batches, chunks of rows).`,
  );
}

/** Node's Buffer.allocUnsafeSlow (memory not zeroed first), where it exists. */
const allocUnsafeSlow = (globalThis as { Buffer?: { allocUnsafeSlow?(size: number): Uint8Array } }).Buffer?.allocUnsafeSlow;

/** Below this many elements zeroing costs less than the call that skips it. */
const UNINIT_MIN = 4096;

/**
 * Allocates an array for a kernel that writes every element of its output: in Node, large arrays
 * skip being zeroed first (`Buffer.allocUnsafeSlow`, its own unpooled ArrayBuffer), elsewhere this
 * is `allocate`. Never hand the array to anything that reads before writing.
 * @example
 * const out = allocateOutput("float32", 1 << 20); backend().unary.relu(x, out);
 */
export function allocateOutput(dtype: DType, size: number): TypedArray {
  if (size < UNINIT_MIN || !allocUnsafeSlow || size > MAX_ELEMENTS) return allocate(dtype, size);
  let bytes: Uint8Array;
  try {
    bytes = allocUnsafeSlow(size * bytesOf(dtype));
  } catch (e) {
    throw allocationError(dtype, size, e);
  }
  const a = arrayOf(dtype, size, bytes.buffer as ArrayBuffer);
  markPrivate(a);
  return a;
}

/**
 * Checks that `dtype` is a floating-point dtype, naming the caller in the error (random draws,
 * ranges of fractions: whatever computes in floats).
 * @example
 * checkDType("float16", "randn"); // throws DTypeError
 */
export function checkDType(dtype: unknown, op: string): FloatDType {
  if (dtype === "float32" || dtype === "float64") return dtype;
  const int = dtype === "int32" ? ` ${op} makes floating-point values only; make a float tensor and .cast("int32") it.` : "";
  throw new DTypeError(
    `${op}: unsupported dtype ${JSON.stringify(dtype)}.${int} Use "float32" (the default) or "float64" (for gradient checks).`,
  );
}

/**
 * Checks that `dtype` is one chainrule stores (a float, or int32 for indices), naming the caller.
 * @example
 * checkAnyDType("int32", "zeros"); // "int32"
 */
export function checkAnyDType(dtype: unknown, op: string): DType {
  if (dtype === "float32" || dtype === "float64" || dtype === "int32") return dtype;
  throw new DTypeError(
    `${op}: unsupported dtype ${JSON.stringify(dtype)}. Use "float32" (the default), "float64" (for gradient checks) or "int32" (indices).`,
  );
}

/**
 * The dtype of a typed array.
 * @example
 * dtypeOf(new Float64Array(2)); // "float64"
 */
export function dtypeOf(data: TypedArray): DType {
  return data instanceof Float64Array ? "float64" : data instanceof Int32Array ? "int32" : "float32";
}
