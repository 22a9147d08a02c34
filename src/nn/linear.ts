/** @file Linear: y = x Wᵀ + b with W shaped [out, in] like PyTorch, as one fused product with its bias (drawn as a matmul and an add). */
import { ShapeError, ValueError } from "../errors.js";
import { linear } from "../ops/linear.js";
import type { DType } from "../tensor/dtype.js";
import { checkSeed, Rng } from "../tensor/random.js";
import { fmtShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { resolveInit, torchDefault, type InitName, type Initializer } from "./init.js";
import { Module } from "./module.js";

/** Options of `Linear`. */
export interface LinearOptions {
  /** Add a learned bias b (default true). */
  bias?: boolean;
  /** Weight initialiser (default "torchDefault": U(−1/√in, 1/√in), PyTorch's nn.Linear default). */
  init?: InitName | Initializer;
  /** Bias initialiser: "torchDefault" (same bound as the weight) when `init` is "torchDefault", else "zeros". */
  biasInit?: InitName | Initializer;
  /** Seed: the weight then the bias are drawn from one generator seeded with it (default: the global generator). */
  seed?: number;
  /** A generator to draw from (used by MLP so that consecutive layers continue one stream). */
  rng?: Rng;
  /** float32 (default) or float64. */
  dtype?: DType;
}

/**
 * A fully connected layer: y = x Wᵀ + b, with `weight` shaped [outFeatures, inFeatures] and `bias`
 * [outFeatures]. Accepts x shaped [inFeatures] or [..., inFeatures]. For a batch [batch, inFeatures]
 * and a layer with a bias the forward is one fused `linear` kernel: the product with Wᵀ read in place
 * (no copy) and the bias added as each piece of y is written; pictures still show it as a matmul and
 * an add. Other inputs run a matmul (then an add).
 * @example
 * const fc = new Linear(3, 2, { seed: 0 });
 * fc.forward(randn([5, 3])).shape; // [5, 2]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** W, shaped [outFeatures, inFeatures]. */
  readonly weight: Tensor;
  /** b, shaped [outFeatures], or null without bias. */
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    for (const [k, v] of [
      ["inFeatures", inFeatures],
      ["outFeatures", outFeatures],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`Linear: ${k} must be a positive integer, got ${v}.`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const rng = opts.rng ?? (opts.seed !== undefined ? new Rng(checkSeed(opts.seed, "Linear")) : undefined);
    const common = { rng, dtype: opts.dtype };
    const init = opts.init ?? "torchDefault";
    const weightInit = resolveInit(init, "Linear");
    this.weight = this.registerParameter("weight", weightInit([outFeatures, inFeatures], common));
    if (opts.bias ?? true) {
      const bInit = opts.biasInit ?? (weightInit === torchDefault ? "torchDefault" : "zeros");
      const f = resolveInit(bInit, "Linear");
      const b = f === torchDefault ? torchDefault([outFeatures], { ...common, fanIn: inFeatures }) : f([outFeatures], common);
      this.bias = this.registerParameter("bias", b);
    } else {
      this.bias = null;
    }
  }

  protected override extraRepr(): string {
    return `${this.inFeatures} → ${this.outFeatures}${this.bias ? "" : ", bias=false"}`;
  }

  /**
   * y = x Wᵀ + b.
   * @example
   * new Linear(2, 1, { seed: 0 }).forward(tensor([[1, 2]])).shape; // [1, 1]
   */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    return this.scoped(() => linear(x, this.weight, this.bias));
  }

  /**
   * ReLU(x Wᵀ + b) in one fused kernel: what `Sequential` runs for this layer followed by a plain
   * `ReLU` module, whose scope (`reluScope`) the relu is drawn in. Same values and gradients as
   * `relu.forward(this.forward(x))`.
   * @internal
   * @example
   * fc.forwardRelu(x, "layers/1:ReLU");
   */
  forwardRelu(x: Tensor, reluScope: string): Tensor {
    this.checkInput(x);
    return this.scoped(() => linear(x, this.weight, this.bias, { activation: "relu", activationScope: reluScope }));
  }

  private checkInput(x: Tensor): void {
    const last = x.shape[x.shape.length - 1];
    if (x.ndim === 0 || last !== this.inFeatures) {
      throw new ShapeError(
        `Linear(${this.inFeatures}→${this.outFeatures}): input ${fmtShape(x.shape)} has ${x.ndim === 0 ? "no axes" : `${last} features in its last axis`}, expected ${this.inFeatures}. ` +
          `Reshape the input to [batch, ${this.inFeatures}] or build the layer with inFeatures = ${last ?? 1}.`,
      );
    }
  }
}
