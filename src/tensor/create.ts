/** @file Creating tensors: from data, filled, ranges, identity and seeded random draws. */
import type { Backend } from "../backends/kernels.js";
import { backend } from "../backends/registry.js";
import { ShapeError, ValueError } from "../errors.js";
import { allocate, checkAnyDType, checkDType, DEFAULT_DTYPE, type DType, type TypedArray } from "./dtype.js";
import { rngFor } from "./random.js";
import { checkShape, fmtShape, sizeOf } from "./shape.js";
import type { NestedArray } from "./nest.js";
import { Tensor } from "./tensor.js";
import { checkName } from "./tensor-checks.js";

/** Options shared by the creation functions. */
export interface CreateOptions {
  /** "float32" (default), "float64", or "int32" for index tensors (whole numbers; never requires grad). */
  dtype?: DType;
  requiresGrad?: boolean;
  /** A name for graphs, equations and errors. */
  name?: string;
}

/** Options of `tensor()`. */
export interface TensorOptions extends CreateOptions {
  /** The shape, needed when `data` is a flat typed array (defaults to its length). */
  shape?: number[];
  /** Accept NaN and ±Infinity in the input (rejected by default, so they cannot sneak in). */
  allowNonFinite?: boolean;
}

function finish(data: TypedArray, shape: number[], opts: CreateOptions | undefined, op: string): Tensor {
  const t = new Tensor(data, shape, opts?.requiresGrad ?? false);
  if (opts?.name !== undefined) t.name = checkName(opts.name, op);
  return t;
}

/** The NaN-refused-at-creation rule for one value a creator fills in or counts from; `fix` says what to do instead. */
function checkValue(value: unknown, what: string, op: string, fix: string, allowNonFinite = false): number {
  if (typeof value !== "number") throw new ValueError(`${op}: ${what} is ${JSON.stringify(value)}, not a number.`);
  if (!allowNonFinite && !Number.isFinite(value)) {
    throw new ValueError(
      `${op}: ${what} is ${value}; chainrule rejects NaN and ±Infinity at creation so they cannot silently poison gradients. ${fix}`,
    );
  }
  return value;
}

const ENDS = "start and stop must be finite (an infinite end makes every value NaN or ±Infinity).";

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

/** The int32 range: index tensors hold whole numbers in it. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Checks every value is a whole number in the int32 range (an int32 tensor never rounds silently). */
function checkInt32Values(data: ArrayLike<number>, op: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new ValueError(
        `${op}: element ${i} is ${v}, which int32 cannot hold (whole numbers in ${INT32_MIN}..${INT32_MAX}); round it first (Math.round, Math.trunc), or make a float tensor and .cast("int32") it (truncates toward zero).`,
      );
    }
  }
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

/** Options of `full()`. */
export interface FullOptions extends CreateOptions {
  /** Accept a fill value of NaN or ±Infinity (e.g. a −∞ mask), refused by default like in `tensor()`. */
  allowNonFinite?: boolean;
}

/**
 * A tensor of the given shape filled with `value`. NaN and ±Infinity are refused unless `allowNonFinite`.
 * @example
 * full([2, 2], 7).toArray(); // [[7, 7], [7, 7]]
 * full([2], -Infinity, { allowNonFinite: true }).toArray(); // [-Infinity, -Infinity]
 */
export function full(shape: number[], value: number, opts?: FullOptions): Tensor {
  return filled(
    shape,
    checkValue(
      value,
      "the fill value",
      "full",
      "Pass { allowNonFinite: true } if you mean it (e.g. a -Infinity mask).",
      opts?.allowNonFinite,
    ),
    opts,
    "full",
  );
}

function filled(shape: number[], value: number, opts: CreateOptions | undefined, op: string, floatOnly = false): Tensor {
  const s = checkShape(shape, op);
  const dtype = (floatOnly ? checkDType : checkAnyDType)(opts?.dtype ?? DEFAULT_DTYPE, op);
  if (dtype === "int32") checkInt32Values([value], op);
  const data = allocate(dtype, sizeOf(s));
  if (value !== 0) data.fill(value);
  return finish(data, s, opts, op);
}

/**
 * A tensor of zeros.
 * @example
 * zeros([2, 3]).shape; // [2, 3]
 */
export function zeros(shape: number[], opts?: CreateOptions): Tensor {
  return filled(shape, 0, opts, "zeros");
}

/**
 * A tensor of ones.
 * @example
 * ones([3]).toArray(); // [1, 1, 1]
 */
export function ones(shape: number[], opts?: CreateOptions): Tensor {
  return filled(shape, 1, opts, "ones");
}

/**
 * The n×n identity matrix.
 * @example
 * eye(2).toArray(); // [[1, 0], [0, 1]]
 */
export function eye(n: number, opts?: CreateOptions): Tensor {
  const t = filled([n, n], 0, opts, "eye");
  for (let i = 0; i < n; i++) t.storage[i * n + i] = 1;
  return t;
}

/**
 * Evenly spaced values in [start, stop) with `step` (one argument: [0, start)).
 * @example
 * arange(4).toArray(); // [0, 1, 2, 3]
 * arange(1, 2, 0.5).toArray(); // [1, 1.5]
 */
export function arange(start: number, stop?: number, step = 1, opts?: CreateOptions): Tensor {
  const [lo, hi] =
    stop === undefined
      ? [0, checkValue(start, "stop", "arange", ENDS)]
      : [checkValue(start, "start", "arange", ENDS), checkValue(stop, "stop", "arange", ENDS)];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a finite non-zero number, got ${step}.`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const t = filled([n], 0, opts, "arange");
  if (t.dtype === "int32" && (!Number.isInteger(lo) || !Number.isInteger(step))) {
    throw new ValueError(
      `arange: an int32 range needs a whole start and step, got start ${lo} and step ${step}; use a float dtype, or whole numbers.`,
    );
  }
  if (t.dtype === "int32" && n > 0) checkInt32Values([lo, lo + (n - 1) * step], "arange");
  for (let i = 0; i < n; i++) t.storage[i] = lo + i * step;
  return t;
}

/**
 * `n` evenly spaced values from `start` to `stop`, both included.
 * @example
 * linspace(0, 1, 3).toArray(); // [0, 0.5, 1]
 */
export function linspace(start: number, stop: number, n: number, opts?: CreateOptions): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`linspace: n must be a non-negative integer, got ${n}.`);
  checkValue(start, "start", "linspace", ENDS);
  checkValue(stop, "stop", "linspace", ENDS);
  const t = filled([n], 0, opts, "linspace", true);
  for (let i = 0; i < n; i++) t.storage[i] = n === 1 ? start : start + ((stop - start) * i) / (n - 1);
  return t;
}

/** Options of the random creation functions. */
export interface RandomOptions extends CreateOptions {
  /** Seed for a reproducible draw (same numbers on every machine). Without it the global generator is used (see manualSeed). */
  seed?: number;
}

/**
 * Standard normal draws.
 * @example
 * randn([2, 3], { seed: 0 }); // the same numbers on every machine
 */
export function randn(shape: number[], opts?: RandomOptions): Tensor {
  const rng = rngFor(opts?.seed, "randn");
  const t = filled(shape, 0, opts, "randn", true);
  for (let i = 0; i < t.storage.length; i++) t.storage[i] = rng.normal();
  return t;
}

/**
 * Uniform draws in [0, 1).
 * @example
 * rand([3], { seed: 1 }).toArray();
 */
export function rand(shape: number[], opts?: RandomOptions): Tensor {
  const rng = rngFor(opts?.seed, "rand");
  const t = filled(shape, 0, opts, "rand", true);
  for (let i = 0; i < t.storage.length; i++) t.storage[i] = rng.uniform();
  return t;
}

/**
 * Zeros shaped and typed like `t`.
 * @example
 * zerosLike(tensor([1, 2])).toArray(); // [0, 0]
 */
export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape.slice(), { dtype: t.dtype });
}

/**
 * Ones shaped and typed like `t`.
 * @example
 * onesLike(tensor([1, 2])).toArray(); // [1, 1]
 */
export function onesLike(t: Tensor): Tensor {
  return ones(t.shape.slice(), { dtype: t.dtype });
}

/** Per backend (a constant lives on the backend selected when it was made) and dtype. */
const constants = new WeakMap<Backend, Record<DType, Map<number, Tensor>>>();

/**
 * A 0-d constant of the given dtype (internal: plain-number operands such as the 2 in `x.mul(2)`).
 * Constants are cached per backend and dtype and never written to, so repeated ops allocate nothing for them.
 */
export function scalar(value: number, dtype: DType): Tensor {
  const b = backend();
  let byType = constants.get(b);
  if (!byType) constants.set(b, (byType = { float32: new Map(), float64: new Map(), int32: new Map() }));
  const cache = byType[dtype];
  // a Map treats −0 and 0 as one key, so −0 is never cached (x·(−0) and x·0 differ in sign)
  const negZero = Object.is(value, -0);
  let t = negZero ? undefined : cache.get(value);
  if (t === undefined) {
    const data = allocate(dtype, 1);
    data[0] = value;
    t = new Tensor(data, []);
    if (cache.size < 4096 && !negZero) cache.set(value, t);
  }
  return t;
}
