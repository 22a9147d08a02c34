/** @file Embedding: a learned table of vectors looked up by integer indices. */
import { ValueError } from "../errors.js";
import { embedding, type Indices } from "../ops/gather.js";
import { allocate, DEFAULT_DTYPE, type DType } from "../tensor/dtype.js";
import { Rng, rngFor } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/**
 * A lookup table `weight` [numEmbeddings, embeddingDim], drawn from N(0, 1) like PyTorch;
 * `forward(indices)` returns [...indices.shape, embeddingDim]. Indices are whole numbers in
 * 0..numEmbeddings−1, as an array or a tensor.
 * @example
 * new Embedding(10, 4, { seed: 0 }).forward([1, 5, 1]).shape; // [3, 4]
 */
export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    opts: { seed?: number; dtype?: DType } = {},
  ) {
    super();
    for (const [k, v] of [
      ["numEmbeddings", numEmbeddings],
      ["embeddingDim", embeddingDim],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`Embedding: ${k} must be a positive integer, got ${v}.`);
    }
    const data = allocate(opts.dtype ?? DEFAULT_DTYPE, numEmbeddings * embeddingDim);
    const rng = opts.seed !== undefined ? new Rng(opts.seed) : rngFor(undefined);
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    this.weight = this.registerParameter("weight", new Tensor(data, [numEmbeddings, embeddingDim], true));
  }

  protected override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}`;
  }

  /** Looks up the rows at `indices`. */
  forward(indices: Indices): Tensor {
    return this.scoped(() => embedding(indices, this.weight));
  }
}
