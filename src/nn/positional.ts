/** @file Positional embeddings: a learned table (PositionalEmbedding) and fixed sines (SinusoidalPositionalEmbedding). */
import { ShapeError, ValueError } from "../errors.js";
import { add } from "../ops/binary.js";
import { slice } from "../ops/slice-concat.js";
import { allocate, DEFAULT_DTYPE, type DType } from "../tensor/dtype.js";
import { checkSeed, Rng, rngFor } from "../tensor/random.js";
import { fmtShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

function checkSizes(op: string, maxLen: number, d: number): void {
  for (const [k, v] of [
    ["maxLen", maxLen],
    ["d", d],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${k} must be a positive integer, got ${v}.`);
  }
}

function positions(op: string, x: Tensor, maxLen: number, d: number): number {
  const L = x.shape[x.ndim - 2];
  if (x.ndim < 2 || x.shape[x.ndim - 1] !== d || L! > maxLen) {
    throw new ShapeError(
      `${op}(${maxLen}, ${d}): input ${fmtShape(x.shape)} must be [..., length, ${d}] with length ≤ ${maxLen}; build it with a larger maxLen for longer inputs.`,
    );
  }
  return L!;
}

/**
 * A learned position vector per position, added to x [..., length, d]: `weight` [maxLen, d] drawn
 * from N(0, 1) like nn.Embedding; positions 0..length−1 are used.
 * @example
 * new PositionalEmbedding(16, 8, { seed: 0 }).forward(zeros([2, 5, 8])).shape; // [2, 5, 8]
 */
export class PositionalEmbedding extends Module {
  readonly weight: Tensor;

  constructor(
    readonly maxLen: number,
    readonly d: number,
    opts: { seed?: number; dtype?: DType } = {},
  ) {
    super();
    checkSizes("PositionalEmbedding", maxLen, d);
    const data = allocate(opts.dtype ?? DEFAULT_DTYPE, maxLen * d);
    const rng = opts.seed !== undefined ? new Rng(checkSeed(opts.seed, "PositionalEmbedding")) : rngFor(undefined);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    this.weight = this.registerParameter("weight", new Tensor(data, [maxLen, d], true));
  }

  protected override extraRepr(): string {
    return `${this.maxLen}, ${this.d}`;
  }

  /** x + weight[0:length]. */
  forward(x: Tensor): Tensor {
    const L = positions("PositionalEmbedding", x, this.maxLen, this.d);
    return this.scoped(() => add(x, L === this.maxLen ? this.weight : slice(this.weight, { stop: L })));
  }
}

/**
 * The fixed sinusoidal positions of "Attention Is All You Need": P[p, 2i] = sin(p / 10000^(2i/d)),
 * P[p, 2i+1] = cos(p / 10000^(2i/d)), shaped [maxLen, d]; no gradient.
 * @example
 * sinusoidalPositions(4, 2).toArray()[1]; // [sin 1, cos 1]
 */
export function sinusoidalPositions(maxLen: number, d: number, dtype: DType = DEFAULT_DTYPE): Tensor {
  checkSizes("sinusoidalPositions", maxLen, d);
  const data = allocate(dtype, maxLen * d);
  for (let p = 0; p < maxLen; p++) {
    for (let j = 0; j < d; j++) {
      const angle = p / Math.pow(10000, (2 * Math.floor(j / 2)) / d);
      data[p * d + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return new Tensor(data, [maxLen, d]);
}

/**
 * Adds the fixed `sinusoidalPositions(maxLen, d)` to x [..., length, d]; no parameters (nothing saved).
 * @example
 * new SinusoidalPositionalEmbedding(16, 8).forward(zeros([1, 3, 8])).shape; // [1, 3, 8]
 */
export class SinusoidalPositionalEmbedding extends Module {
  private readonly table: Tensor;

  constructor(
    readonly maxLen: number,
    readonly d: number,
    opts: { dtype?: DType } = {},
  ) {
    super();
    this.table = sinusoidalPositions(maxLen, d, opts.dtype);
    this.table.name = "positions";
  }

  protected override extraRepr(): string {
    return `${this.maxLen}, ${this.d}`;
  }

  /** x + P[0:length]. */
  forward(x: Tensor): Tensor {
    const L = positions("SinusoidalPositionalEmbedding", x, this.maxLen, this.d);
    const table = x.dtype === this.table.dtype ? this.table : this.table.cast(x.dtype);
    return this.scoped(() => add(x, L === this.maxLen ? table : slice(table, { stop: L })));
  }
}
