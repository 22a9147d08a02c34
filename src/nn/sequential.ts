/** @file Sequential: feeds the input through a list of modules in order (a Linear then a ReLU as one fused kernel); children are named "0", "1", …. */
import { currentScope, namedScope } from "../tape/scope.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { ReLU } from "./activations.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";

/** Whether `m` then `next` are exactly a biased Linear and a default ReLU applied to a batch `x` (the fused case). */
function fusesWithRelu(m: Module, next: Module | undefined, x: Tensor): m is Linear {
  return (
    m instanceof Linear &&
    m.constructor === Linear &&
    m.bias !== null &&
    next instanceof ReLU &&
    next.constructor === ReLU &&
    // a forward replaced on the instance runs as written
    !Object.hasOwn(m, "forward") &&
    !Object.hasOwn(next, "forward") &&
    (next.opts.subgradient ?? 0) === 0 &&
    x.ndim === 2
  );
}

/**
 * Applies its layers one after another. Layer i is registered as child "i", so parameters are named
 * like `0.weight`, `2.bias` (and `layers.0.weight` when the Sequential is a child named `layers`).
 * @example
 * const net = new Sequential(new Linear(2, 8, { seed: 0 }), new ReLU(), new Linear(8, 1, { seed: 1 }));
 * net.forward(randn([4, 2])).shape; // [4, 1]
 */
export class Sequential extends Module {
  /** The layers, in order. */
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = [];
    layers.forEach((m, i) => {
      if (!(m instanceof Module)) throw new ValueError(`Sequential: argument ${i} is not a Module (got ${typeof m}).`);
      this.layers.push(this.registerModule(String(i), m));
    });
  }

  /** Number of layers. */
  get length(): number {
    return this.layers.length;
  }

  /**
   * Layer i (negative counts from the end).
   * @example
   * net.at(-1); // the last layer
   */
  at(i: number): Module {
    const m = this.layers.at(i);
    if (!m) throw new ValueError(`Sequential.at: index ${i} is out of range for ${this.layers.length} layers.`);
    return m;
  }

  /**
   * x → layers[0] → layers[1] → … .
   * @example
   * new Sequential(new ReLU()).forward(tensor([-1, 2])).toArray(); // [0, 2]
   */
  forward(x: Tensor): Tensor {
    return this.scoped(() => {
      let h = x;
      const layers = this.layers;
      for (let i = 0; i < layers.length; i++) {
        const m = layers[i]!;
        const next = layers[i + 1];
        if (fusesWithRelu(m, next, h)) {
          // a Linear then a plain ReLU on a batch: one kernel (linear's ReLU epilogue), drawn as both
          h = m.forwardRelu(h, namedScope(next!.scopeName, currentScope));
          i++;
        } else h = m.forward(h);
      }
      return h;
    });
  }
}
