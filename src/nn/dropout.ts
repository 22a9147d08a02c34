/** @file Dropout (inverted): zeroes each input with probability p while training and scales the rest by 1/(1−p). */
import { ValueError } from "../errors.js";
import { mul } from "../ops/binary.js";
import { allocate } from "../tensor/dtype.js";
import { checkSeed, Rng, rngFor } from "../tensor/random.js";
import { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/**
 * Inverted dropout: in training mode y = x·m/(1−p) with m ~ Bernoulli(1−p) drawn per element, so the
 * expected output equals the input; in eval mode y = x. With `seed`, the masks come from the layer's
 * own generator (the same sequence of masks every run); without it, from the global one.
 * @example
 * const d = new Dropout(0.5, { seed: 0 });
 * d.forward(ones([4])).toArray(); // e.g. [2, 0, 2, 2]
 * d.eval().forward(ones([4])).toArray(); // [1, 1, 1, 1]
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Rng | undefined;

  constructor(p = 0.5, opts: { seed?: number } = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be in [0, 1], got ${p}.`);
    this.p = p;
    this.rng = opts.seed !== undefined ? new Rng(checkSeed(opts.seed, "Dropout")) : undefined;
  }

  protected override extraRepr(): string {
    return `p=${this.p}`;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    return this.scoped(() => {
      const rng = this.rng ?? rngFor(undefined);
      const mask = allocate(x.dtype, x.size);
      const keep = 1 - this.p;
      const scale = keep > 0 ? 1 / keep : 0;
      for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < keep ? scale : 0;
      return mul(x, new Tensor(mask, x.shape.slice()));
    });
  }
}
