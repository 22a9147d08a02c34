/** @file The shape of a derivative rule: a vector–Jacobian product written with tensor ops, plus its formula as text. */
import type { Tensor } from "../tensor/tensor.js";

/** A node's recorded attributes as the engine stores them; each primitive reads its own typed view. */
export type Attrs = Readonly<Record<string, unknown>>;

/**
 * The reverse-mode rule of one primitive. `vjp` receives the gradient `g` of the output (shaped like
 * the output), the inputs, the output itself and the attributes (typed `A` by the primitive); it
 * returns one gradient per input, shaped like the output for broadcasting inputs (the engine sums
 * broadcast axes away), or null where `needs[i]` is false. Because it is written with tensor ops, it
 * is itself differentiable.
 */
export interface Rule<A extends object = Attrs> {
  /** The local derivative, as the graph pictures and explain() show it. */
  readonly derivative: string;
  /** LaTeX form of the local derivative. */
  readonly latex: string;
  vjp(g: Tensor, inputs: readonly Tensor[], out: Tensor, attrs: A, needs: readonly boolean[]): (Tensor | null)[];
  /**
   * Optional fused form of `vjp` for passes that record no graph (plain `backward()`): the same
   * numbers from one kernel instead of several ops. The op tests check both forms.
   */
  fastVjp?(g: Tensor, inputs: readonly Tensor[], out: Tensor, attrs: A): Tensor[];
}
