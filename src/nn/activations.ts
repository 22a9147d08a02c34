/** @file Activation layers (ReLU, Tanh, Sigmoid, GELU, …) wrapping the activation ops, plus Identity and Flatten. */
import * as act from "../ops/activation.js";
import { ValueError } from "../errors.js";
import { reshape } from "../ops/movement.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module } from "./module.js";

/**
 * ReLU(x) = max(x, 0), with the derivative at 0 chosen by `subgradient` (default 0).
 * @example
 * new ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2]
 */
export class ReLU extends Module {
  constructor(readonly opts: act.ReluOptions = {}) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.relu(x, this.opts));
  }
}

/**
 * tanh(x).
 * @example
 * new Tanh().forward(tensor([0])).toArray(); // [0]
 */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.tanh(x));
  }
}

/**
 * σ(x) = 1/(1+e⁻ˣ).
 * @example
 * new Sigmoid().forward(tensor([0])).toArray(); // [0.5]
 */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.sigmoid(x));
  }
}

/**
 * GELU(x) = x·Φ(x) (exact, erf form).
 * @example
 * new GELU().forward(tensor([0])).toArray(); // [0]
 */
export class GELU extends Module {
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.gelu(x));
  }
}

/**
 * SiLU(x) = x·σ(x).
 * @example
 * new SiLU().forward(tensor([0])).toArray(); // [0]
 */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.silu(x));
  }
}

/**
 * softplus(x) = log(1 + eˣ).
 * @example
 * new Softplus().forward(tensor([0])).item(); // 0.693…
 */
export class Softplus extends Module {
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.softplus(x));
  }
}

/**
 * Leaky ReLU with the given negative slope (default 0.01).
 * @example
 * new LeakyReLU(0.1).forward(tensor([-2])).toArray(); // [-0.2]
 */
export class LeakyReLU extends Module {
  constructor(readonly slope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.leakyRelu(x, this.slope));
  }
}

/**
 * ELU with scale α (default 1).
 * @example
 * new ELU().forward(tensor([1])).toArray(); // [1]
 */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.elu(x, this.alpha));
  }
}

/**
 * softmax along `axis` (default −1).
 * @example
 * new Softmax().forward(tensor([0, 0])).toArray(); // [0.5, 0.5]
 */
export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.softmax(x, this.axis));
  }
}

/**
 * log softmax along `axis` (default −1).
 * @example
 * new LogSoftmax().forward(tensor([0, 0])).toArray(); // [-0.693…, -0.693…]
 */
export class LogSoftmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.scoped(() => act.logSoftmax(x, this.axis));
  }
}

/**
 * Returns its input (a placeholder layer; the worksheet's Φ = identity).
 * @example
 * new Identity().forward(tensor([3])).toArray(); // [3]
 */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/**
 * Flattens every axis after the first: [N, d₁, d₂, …] → [N, d₁·d₂·…] (e.g. images into an MLP).
 * @example
 * new Flatten().forward(zeros([2, 28, 28])).shape; // [2, 784]
 */
export class Flatten extends Module {
  forward(x: Tensor): Tensor {
    if (x.ndim < 1) throw new ValueError(`Flatten: needs at least one axis (the batch), got a 0-d tensor.`);
    return this.scoped(() => reshape(x, [x.shape[0]!, -1]));
  }
}

/** The activations `MLP` accepts by name. */
export type ActivationName = "relu" | "tanh" | "sigmoid" | "gelu" | "silu" | "softplus" | "leakyRelu" | "elu" | "identity";

/**
 * A fresh activation layer for a name.
 * @example
 * activationLayer("tanh").forward(tensor([0])).toArray(); // [0]
 */
export function activationLayer(name: ActivationName): Module {
  switch (name) {
    case "relu":
      return new ReLU();
    case "tanh":
      return new Tanh();
    case "sigmoid":
      return new Sigmoid();
    case "gelu":
      return new GELU();
    case "silu":
      return new SiLU();
    case "softplus":
      return new Softplus();
    case "leakyRelu":
      return new LeakyReLU();
    case "elu":
      return new ELU();
    case "identity":
      return new Identity();
    default: {
      const never: never = name;
      throw new ValueError(
        `activation: unknown name ${JSON.stringify(never)}; use relu, tanh, sigmoid, gelu, silu, softplus, leakyRelu, elu or identity.`,
      );
    }
  }
}
