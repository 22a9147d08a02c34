/** @file MultiheadAttention: PyTorch's nn.MultiheadAttention (batch_first) with its parameter names and initialisation. */
import { ShapeError, ValueError } from "../errors.js";
import { scaledDotProductAttention } from "../ops/attention.js";
import { linear } from "../ops/linear.js";
import { reshape, transpose } from "../ops/movement.js";
import { slice } from "../ops/slice-concat.js";
import type { DType } from "../tensor/dtype.js";
import { checkSeed, Rng } from "../tensor/random.js";
import { fmtShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { glorotUniform, zerosInit } from "./init.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";

/** Options of `MultiheadAttention`. */
export interface MultiheadAttentionOptions {
  /** Learned biases `in_proj_bias` and `out_proj.bias` (default true). */
  bias?: boolean;
  /** Each position attends to itself and earlier ones only (default false). */
  causal?: boolean;
  /** Seed of the initial weights (default: the global generator). */
  seed?: number;
  /** float32 (default) or float64. */
  dtype?: DType;
}

/**
 * Multi-head attention over inputs shaped [batch, length, embedDim] (or [length, embedDim]), as
 * torch.nn.MultiheadAttention with batch_first=True: q, k, v = x·Wᵢᵀ + bᵢ with W = `in_proj_weight`
 * [3E, E] (rows q, k, v) and b = `in_proj_bias` [3E], split into `numHeads` heads of E/numHeads,
 * scaled dot-product attention per head, heads joined and projected by `out_proj` (a Linear E → E).
 * Initialised like PyTorch: `in_proj_weight` Xavier-uniform, biases zero, `out_proj.weight` U(±1/√E).
 * `forward(x)` is self-attention; `forward(query, key, value)` attends from query to key/value.
 * No dropout on the attention weights.
 * @example
 * const mha = new MultiheadAttention(16, 4, { causal: true, seed: 0 });
 * mha.forward(randn([2, 5, 16])).shape; // [2, 5, 16]
 */
export class MultiheadAttention extends Module {
  readonly headDim: number;
  readonly causal: boolean;
  /** [3·embedDim, embedDim]: the query, key and value projections stacked. */
  readonly inProjWeight: Tensor;
  /** [3·embedDim], or null without bias. */
  readonly inProjBias: Tensor | null;
  readonly outProj: Linear;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    opts: MultiheadAttentionOptions = {},
  ) {
    super();
    if (!Number.isInteger(embedDim) || embedDim < 1)
      throw new ValueError(`MultiheadAttention: embedDim must be a positive integer, got ${embedDim}.`);
    if (!Number.isInteger(numHeads) || numHeads < 1 || embedDim % numHeads !== 0) {
      throw new ValueError(
        `MultiheadAttention: numHeads must be a positive integer that divides embedDim ${embedDim}, got ${numHeads}; e.g. ${[1, 2, 4, 8].filter((h) => embedDim % h === 0).join(", ")}.`,
      );
    }
    this.headDim = embedDim / numHeads;
    this.causal = opts.causal ?? false;
    const rng = opts.seed !== undefined ? new Rng(checkSeed(opts.seed, "MultiheadAttention")) : undefined;
    const common = { rng, dtype: opts.dtype };
    const bias = opts.bias ?? true;
    this.inProjWeight = this.registerParameter("in_proj_weight", glorotUniform([3 * embedDim, embedDim], common));
    this.inProjBias = bias ? this.registerParameter("in_proj_bias", zerosInit([3 * embedDim], common)) : null;
    this.outProj = this.registerModule(
      "out_proj",
      new Linear(embedDim, embedDim, { bias, biasInit: "zeros", rng: common.rng, dtype: opts.dtype }),
    );
  }

  protected override extraRepr(): string {
    return `${this.embedDim}, heads=${this.numHeads}${this.causal ? ", causal" : ""}${this.inProjBias ? "" : ", bias=false"}`;
  }

  /**
   * Self-attention `forward(x)`, or attention from `query` to `key`/`value` (same batch and embedDim; key and value the same length).
   * @example
   * mha.forward(x).shape; // x.shape
   */
  forward(query: Tensor, key: Tensor = query, value: Tensor = key): Tensor {
    const E = this.embedDim;
    for (const [name, t] of [
      ["query", query],
      ["key", key],
      ["value", value],
    ] as const) {
      if ((t.ndim !== 2 && t.ndim !== 3) || t.shape[t.ndim - 1] !== E || t.ndim !== query.ndim) {
        throw new ShapeError(
          `MultiheadAttention(${E}, ${this.numHeads}): ${name} ${fmtShape(t.shape)} must be [batch, length, ${E}] or [length, ${E}] like the query ${fmtShape(query.shape)}.`,
        );
      }
    }
    if (
      key.shape[key.ndim - 2] !== value.shape[value.ndim - 2] ||
      (query.ndim === 3 && (key.shape[0] !== query.shape[0] || value.shape[0] !== query.shape[0]))
    ) {
      throw new ShapeError(
        `MultiheadAttention(${E}, ${this.numHeads}): key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} need the same length, and the batch of the query ${fmtShape(query.shape)}.`,
      );
    }
    return this.scoped(() => {
      const batched = query.ndim === 3;
      const B = batched ? query.shape[0]! : 1;
      const [L, S] = [query.shape[query.ndim - 2]!, key.shape[key.ndim - 2]!];
      const rows = (t: Tensor, n: number) => reshape(t, [B * n, E]);
      // q, k and v each project with their rows of in_proj_weight, then split into heads [B, H, n, d/H]
      // by one transpose, so all heads run as one batched attention
      const q = this.project(rows(query, L), 0, B, L);
      const k = this.project(rows(key, S), 1, B, S);
      const v = this.project(rows(value, S), 2, B, S);
      const heads = scaledDotProductAttention(q, k, v, { causal: this.causal });
      const joined = this.numHeads === 1 ? reshape(heads, [B * L, E]) : reshape(transpose(heads, [0, 2, 1, 3]), [B * L, E]);
      return reshape(this.outProj.forward(joined), batched ? [B, L, E] : [L, E]);
    });
  }

  /** x·Wᵀ + b with the rows of in_proj_weight (and in_proj_bias) of projection `which` (0 q, 1 k, 2 v), as heads [B, H, n, E/H]. */
  private project(x: Tensor, which: number, B: number, n: number): Tensor {
    const range = { start: which * this.embedDim, stop: (which + 1) * this.embedDim };
    const p = linear(x, slice(this.inProjWeight, range), this.inProjBias ? slice(this.inProjBias, range) : null);
    if (this.numHeads === 1) return reshape(p, [B, 1, n, this.headDim]);
    return transpose(reshape(p, [B, n, this.numHeads, this.headDim]), [0, 2, 1, 3]);
  }
}
