/** @file MLP: Linear layers with an activation between them, named layers.0, layers.1, … like a PyTorch Sequential. */
import { ValueError } from "../errors.js";
import type { DType } from "../tensor/dtype.js";
import { Rng } from "../tensor/random.js";
import type { Tensor } from "../tensor/tensor.js";
import { activationLayer, type ActivationName } from "./activations.js";
import { Dropout } from "./dropout.js";
import type { InitName, Initializer } from "./init.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";
import { Sequential } from "./sequential.js";

/** Options of `MLP`. */
export interface MLPOptions {
  /** Activation after every hidden layer (default "relu"). */
  activation?: ActivationName;
  /** Activation after the last layer (default "identity": raw outputs/logits). */
  outputActivation?: ActivationName;
  /** Seed of the one generator that draws all layers in order (default: the global generator). */
  seed?: number;
  /** Weight initialiser; default "heUniform" after relu-like activations, "glorotUniform" after tanh/sigmoid/softplus/identity. */
  init?: InitName | Initializer;
  /** Bias initialiser (default "zeros"). */
  biasInit?: InitName | Initializer;
  /** Dropout probability after each hidden activation (default 0: none). */
  dropout?: number;
  dtype?: DType;
}

const HE_LIKE = new Set<ActivationName>(["relu", "leakyRelu", "gelu", "silu", "elu"]);

/**
 * A multilayer perceptron: for sizes [d₀, d₁, …, dₖ], Linear(d₀→d₁), activation, …, Linear(dₖ₋₁→dₖ).
 * Its parameters are `layers.0.weight`, `layers.0.bias`, `layers.2.weight`, … (activations take the odd slots).
 * @example
 * const net = new MLP([784, 256, 256, 10], { activation: "relu", seed: 0 });
 * net.forward(randn([32, 784])).shape; // [32, 10]
 */
export class MLP extends Module {
  /** The layer sizes it was built with. */
  readonly sizes: readonly number[];
  /** The layers in order. */
  readonly layers: Sequential;

  constructor(sizes: number[], opts: MLPOptions = {}) {
    super();
    if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new ValueError(`MLP: sizes must list at least two positive integers (input and output sizes), got ${JSON.stringify(sizes)}.`);
    }
    const activation = opts.activation ?? "relu";
    const dropout = opts.dropout ?? 0;
    const rng = opts.seed !== undefined ? new Rng(opts.seed) : undefined;
    const init = opts.init ?? (HE_LIKE.has(activation) ? "heUniform" : "glorotUniform");
    const modules: Module[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      modules.push(new Linear(sizes[i]!, sizes[i + 1]!, { init, biasInit: opts.biasInit ?? "zeros", rng, dtype: opts.dtype }));
      const last = i + 2 === sizes.length;
      if (!last) {
        modules.push(activationLayer(activation));
        if (dropout > 0) modules.push(new Dropout(dropout, { seed: rng ? rng.nextUint32() : undefined }));
      } else if (opts.outputActivation && opts.outputActivation !== "identity") {
        modules.push(activationLayer(opts.outputActivation));
      }
    }
    this.sizes = sizes.slice();
    this.layers = this.registerModule("layers", new Sequential(...modules));
  }

  /**
   * The network's output for x shaped [batch, sizes[0]] (or [sizes[0]]).
   * @example
   * new MLP([2, 3, 1], { seed: 0 }).forward(tensor([[1, 2]])).shape; // [1, 1]
   */
  forward(x: Tensor): Tensor {
    return this.scoped(() => this.layers.forward(x));
  }
}
