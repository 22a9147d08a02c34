/** @file Mini-batch iteration over (inputs, targets), shuffled with a seed or a caller's generator. */
import { ShapeError, ValueError } from "../errors.js";
import { Rng, rngFor } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { takeRows } from "./dataset.js";

/** Options of `batches`. */
export interface BatchOptions {
  /** Rows per batch; default 32. The last batch is smaller unless `dropLast`. */
  batchSize?: number;
  /** Visit the rows in a random order; default true. */
  shuffle?: boolean;
  /** Seed of the shuffle (a fresh generator), for a reproducible order. */
  seed?: number;
  /** A generator to draw the order from: pass the same one every epoch for a new, reproducible order each epoch. */
  rng?: Rng;
  /** Skip a final batch smaller than batchSize; default false. */
  dropLast?: boolean;
}

/** One mini-batch: rows of x and y, and which sample rows they are. */
export interface Batch {
  x: Tensor;
  y: Tensor;
  indices: number[];
}

/**
 * Yields mini-batches of matching rows of `x` and `y`. Without `seed` or `rng` the shuffle uses the global generator (`manualSeed`).
 * @example
 * const rng = new Rng(0);
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const { x, y } of batches(train.x, train.y, { batchSize: 32, rng })) {
 *     // forward, loss, backward, step
 *   }
 * }
 */
export function* batches(x: Tensor, y: Tensor, opts: BatchOptions = {}): Generator<Batch, void, undefined> {
  const batchSize = opts.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ValueError(`batches: batchSize must be a positive integer, got ${batchSize}.`);
  if (x.ndim < 1 || y.ndim < 1 || x.shape[0] !== y.shape[0]) {
    throw new ShapeError(`batches: x [${x.shape.join(", ")}] and y [${y.shape.join(", ")}] need the same number of rows (first axis).`);
  }
  const n = x.shape[0]!;
  const order = Array.from({ length: n }, (_, i) => i);
  if (opts.shuffle ?? true) (opts.rng ?? rngFor(opts.seed, "batches")).shuffle(order);
  for (let start = 0; start < n; start += batchSize) {
    const indices = order.slice(start, start + batchSize);
    if (opts.dropLast && indices.length < batchSize) return;
    yield { x: takeRows(x, indices), y: takeRows(y, indices), indices };
  }
}
