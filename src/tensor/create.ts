/** @file Creating filled tensors: full, zeros, ones, identity, ranges, seeded random draws and the *Like forms. */
import { ValueError } from "../errors.js";
import { allocate, checkAnyDType, checkDType, DEFAULT_DTYPE, type DType, type TypedArray } from "./dtype.js";
import { checkInt32Values } from "./int32-range.js";
import { rngFor } from "./random.js";
import { checkShape, sizeOf } from "./shape.js";
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

/**
 * The new tensor of `data`, with the `requiresGrad` and `name` of `opts` (`op` names the caller in errors).
 * @example
 * finish(new Float32Array([1, 2]), [2], { name: "x" }, "tensor").name; // "x"
 */
export function finish(data: TypedArray, shape: number[], opts: CreateOptions | undefined, op: string): Tensor {
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
