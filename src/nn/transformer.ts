/** @file TransformerBlock: a pre-norm block x + attn(ln1(x)), then x + mlp(ln2(x)). */
import { ValueError } from "../errors.js";
import { reshape } from "../ops/movement.js";
import { add } from "../ops/binary.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { GELU, ReLU } from "./activations.js";
import { MultiheadAttention } from "./attention.js";
import { Dropout } from "./dropout.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";
import { LayerNorm } from "./norm.js";
import { Sequential } from "./sequential.js";

/** Options of `TransformerBlock`. */
export interface TransformerBlockOptions {
  /** Hidden width of the MLP as a multiple of d (default 4). */
  mlpRatio?: number;
  /** Dropout on the output of each branch before it is added back (default 0). */
  dropout?: number;
  /** The MLP's activation: "relu" (default, PyTorch's TransformerEncoderLayer; a fused kernel here) or "gelu". */
  activation?: "relu" | "gelu";
  /** Causal self-attention (default false). */
  causal?: boolean;
  /** Seed of the initial weights (default: the global generator). */
  seed?: number;
  /** float32 (default) or float64. */
  dtype?: DType;
}

/**
 * A pre-norm transformer block on x [batch, length, d]: x + dropout(attn(ln1(x))), then
 * x + dropout(mlp(ln2(x))) with mlp = Linear(d, r·d) → activation → Linear(r·d, d). Children (and
 * so parameter names): `ln1`, `attn` (MultiheadAttention), `ln2`, `mlp` (`mlp.0`, `mlp.2`), `drop`.
 * @example
 * const block = new TransformerBlock(16, 4, { causal: true, seed: 0 });
 * block.forward(randn([2, 5, 16])).shape; // [2, 5, 16]
 */
export class TransformerBlock extends Module {
  readonly ln1: LayerNorm;
  readonly attn: MultiheadAttention;
  readonly ln2: LayerNorm;
  readonly mlp: Sequential;
  readonly drop: Dropout;

  constructor(
    readonly d: number,
    readonly heads: number,
    opts: TransformerBlockOptions = {},
  ) {
    super();
    const ratio = opts.mlpRatio ?? 4;
    const hidden = Math.round(ratio * d);
    if (!(ratio > 0) || hidden < 1) throw new ValueError(`TransformerBlock: mlpRatio must be positive, got ${ratio}.`);
    const activation = opts.activation ?? "relu";
    if (activation !== "relu" && activation !== "gelu") {
      throw new ValueError(`TransformerBlock: activation must be "relu" or "gelu", got ${String(activation)}.`);
    }
    const seed = opts.seed;
    const at = (k: number) => (seed === undefined ? undefined : seed + k);
    const dtype = opts.dtype;
    this.ln1 = this.registerModule("ln1", new LayerNorm(d, { dtype }));
    this.attn = this.registerModule("attn", new MultiheadAttention(d, heads, { causal: opts.causal, seed: at(0), dtype }));
    this.ln2 = this.registerModule("ln2", new LayerNorm(d, { dtype }));
    this.mlp = this.registerModule(
      "mlp",
      new Sequential(
        new Linear(d, hidden, { seed: at(1), dtype }),
        activation === "relu" ? new ReLU() : new GELU(),
        new Linear(hidden, d, { seed: at(2), dtype }),
      ),
    );
    this.drop = this.registerModule("drop", new Dropout(opts.dropout ?? 0, { seed: at(3) }));
  }

  /** x + attn(ln1(x)), then + mlp(ln2(x)). */
  forward(x: Tensor): Tensor {
    return this.scoped(() => {
      const h = add(x, this.drop.forward(this.attn.forward(this.ln1.forward(x))));
      // the MLP runs on rows [batch·length, d], where Linear and ReLU fuse into one kernel
      const rows = reshape(this.ln2.forward(h), [h.size / this.d, this.d]);
      return add(h, this.drop.forward(reshape(this.mlp.forward(rows), h.shape)));
    });
  }
}
