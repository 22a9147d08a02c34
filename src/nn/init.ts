/** @file Weight initialisers (Glorot/Xavier, He/Kaiming, LeCun, PyTorch's Linear default, zeros), seeded and reproducible. */
import { ShapeError, ValueError } from "../errors.js";
import { checkDType, allocate, DEFAULT_DTYPE, type DType } from "../tensor/dtype.js";
import { rngFor, type Rng } from "../tensor/random.js";
import { fmtShape, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** Options of every initialiser. */
export interface InitOptions {
  /** Seed of a fresh generator: the same seed gives the same numbers on every machine. */
  seed?: number;
  /** A generator to draw from (takes precedence over `seed`); without either the global one (see manualSeed). */
  rng?: Rng;
  /** float32 (default) or float64. */
  dtype?: DType;
  /** Multiplies the standard deviation / bound (e.g. √2 for ReLU with Glorot). Default 1. */
  gain?: number;
  /** The result requires grad (default true: initialisers make parameters). */
  requiresGrad?: boolean;
}

/** The names accepted by `Linear`'s `init` option. */
export type InitName =
  | "glorotUniform"
  | "glorotNormal"
  | "xavierUniform"
  | "xavierNormal"
  | "heUniform"
  | "heNormal"
  | "kaimingUniform"
  | "kaimingNormal"
  | "lecunUniform"
  | "lecunNormal"
  | "torchDefault"
  | "zeros";

/** An initialiser: makes a tensor of `shape`. */
export type Initializer = (shape: number[], opts?: InitOptions) => Tensor;

/**
 * fanIn and fanOut of a weight shaped [out, in, ...receptive] (PyTorch's convention: a Linear weight is [out, in]).
 * A 1-d shape [n] has fanIn = fanOut = n.
 * @example
 * fans([256, 784]); // { fanIn: 784, fanOut: 256 }
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) throw new ShapeError(`init: a 0-d tensor has no fan-in or fan-out; give a shape like [out, in].`);
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

function make(shape: number[], opts: InitOptions | undefined, op: string, draw: (rng: Rng) => number): Tensor {
  const dtype = checkDType(opts?.dtype ?? DEFAULT_DTYPE, op);
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${op}: shape ${JSON.stringify(shape)} must be an array of non-negative integers.`);
  }
  const data = allocate(dtype, sizeOf(shape));
  const rng = opts?.rng ?? rngFor(opts?.seed, op);
  for (let i = 0; i < data.length; i++) data[i] = draw(rng);
  return new Tensor(data, shape.slice(), opts?.requiresGrad ?? true);
}

function gainOf(opts: InitOptions | undefined, op: string): number {
  const g = opts?.gain ?? 1;
  if (!Number.isFinite(g) || g <= 0) throw new ValueError(`${op}: gain must be a positive finite number, got ${g}.`);
  return g;
}

function uniform(shape: number[], bound: number, opts: InitOptions | undefined, op: string): Tensor {
  return make(shape, opts, op, (rng) => (2 * rng.uniform() - 1) * bound);
}

function normal(shape: number[], std: number, opts: InitOptions | undefined, op: string): Tensor {
  return make(shape, opts, op, (rng) => rng.normal() * std);
}

function positiveFan(n: number, shape: number[], op: string): number {
  if (n <= 0) throw new ShapeError(`${op}: shape ${fmtShape(shape)} has a zero fan; every axis must be at least 1.`);
  return n;
}

/**
 * Glorot/Xavier uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)). Keeps activation variance for tanh/sigmoid.
 * @example
 * glorotUniform([3, 2], { seed: 0 }).shape; // [3, 2]
 */
export function glorotUniform(shape: number[], opts?: InitOptions): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const a = gainOf(opts, "glorotUniform") * Math.sqrt(6 / positiveFan(fanIn + fanOut, shape, "glorotUniform"));
  return uniform(shape, a, opts, "glorotUniform");
}

/**
 * Glorot/Xavier normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)).
 * @example
 * glorotNormal([3, 2], { seed: 0 });
 */
export function glorotNormal(shape: number[], opts?: InitOptions): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const s = gainOf(opts, "glorotNormal") * Math.sqrt(2 / positiveFan(fanIn + fanOut, shape, "glorotNormal"));
  return normal(shape, s, opts, "glorotNormal");
}

/**
 * He/Kaiming uniform (fan-in mode, ReLU gain √2): U(−a, a) with a = gain·√(6 / fanIn).
 * @example
 * heUniform([256, 784], { seed: 1 });
 */
export function heUniform(shape: number[], opts?: InitOptions): Tensor {
  const a = gainOf(opts, "heUniform") * Math.sqrt(6 / positiveFan(fans(shape).fanIn, shape, "heUniform"));
  return uniform(shape, a, opts, "heUniform");
}

/**
 * He/Kaiming normal (fan-in mode, ReLU gain √2): N(0, σ²) with σ = gain·√(2 / fanIn).
 * @example
 * heNormal([256, 784], { seed: 1 });
 */
export function heNormal(shape: number[], opts?: InitOptions): Tensor {
  const s = gainOf(opts, "heNormal") * Math.sqrt(2 / positiveFan(fans(shape).fanIn, shape, "heNormal"));
  return normal(shape, s, opts, "heNormal");
}

/**
 * LeCun uniform: U(−a, a) with a = gain·√(3 / fanIn) (variance 1/fanIn; for SELU-style nets).
 * @example
 * lecunUniform([4, 4], { seed: 2 });
 */
export function lecunUniform(shape: number[], opts?: InitOptions): Tensor {
  const a = gainOf(opts, "lecunUniform") * Math.sqrt(3 / positiveFan(fans(shape).fanIn, shape, "lecunUniform"));
  return uniform(shape, a, opts, "lecunUniform");
}

/**
 * LeCun normal: N(0, σ²) with σ = gain·√(1 / fanIn).
 * @example
 * lecunNormal([4, 4], { seed: 2 });
 */
export function lecunNormal(shape: number[], opts?: InitOptions): Tensor {
  const s = gainOf(opts, "lecunNormal") * Math.sqrt(1 / positiveFan(fans(shape).fanIn, shape, "lecunNormal"));
  return normal(shape, s, opts, "lecunNormal");
}

/**
 * PyTorch's default for `nn.Linear` (kaiming_uniform with a = √5): U(−a, a) with a = gain / √fanIn.
 * For a bias pass `{ fanIn }` of its layer, since a bias shape [out] does not know it.
 * @example
 * torchDefault([2, 3], { seed: 0 }); // entries in (−1/√3, 1/√3)
 */
export function torchDefault(shape: number[], opts?: InitOptions & { fanIn?: number }): Tensor {
  const fanIn = opts?.fanIn ?? fans(shape).fanIn;
  const a = gainOf(opts, "torchDefault") / Math.sqrt(positiveFan(fanIn, shape, "torchDefault"));
  return uniform(shape, a, opts, "torchDefault");
}

/**
 * Zeros (the usual bias initialiser).
 * @example
 * zerosInit([3]).toArray(); // [0, 0, 0]
 */
export function zerosInit(shape: number[], opts?: InitOptions): Tensor {
  return make(shape, opts, "zeros", () => 0);
}

/** Xavier uniform is Glorot uniform (same paper, Glorot & Bengio 2010). */
export const xavierUniform = glorotUniform;
/** Xavier normal is Glorot normal. */
export const xavierNormal = glorotNormal;
/** Kaiming uniform is He uniform (He et al. 2015), fan-in mode with ReLU gain. */
export const kaimingUniform = heUniform;
/** Kaiming normal is He normal. */
export const kaimingNormal = heNormal;

/** The initialiser for each name (Xavier/Kaiming are aliases of Glorot/He). */
export const initializers: Record<InitName, Initializer> = {
  glorotUniform,
  glorotNormal,
  xavierUniform: glorotUniform,
  xavierNormal: glorotNormal,
  heUniform,
  heNormal,
  kaimingUniform: heUniform,
  kaimingNormal: heNormal,
  lecunUniform,
  lecunNormal,
  torchDefault,
  zeros: zerosInit,
};

/**
 * Looks up an initialiser by name (or passes a function through), with an error listing the names.
 * @example
 * resolveInit("heNormal")([2, 2], { seed: 0 });
 */
export function resolveInit(init: InitName | Initializer, op: string): Initializer {
  if (typeof init === "function") return init;
  const f = (initializers as Record<string, Initializer | undefined>)[init];
  if (!f)
    throw new ValueError(`${op}: unknown init ${JSON.stringify(init)}; use one of ${Object.keys(initializers).join(", ")} or a function.`);
  return f;
}
