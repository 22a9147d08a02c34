/** @file Reverse mode: an iterative topological sort pruned to what needs gradients, then the chain rule node by node. */
import { DTypeError, GradientError } from "../errors.js";
import { add } from "../ops/binary.js";
import { ruleOf } from "../ops/registry.js";
import { checkSaved } from "../tape/saved.js";
import { onesLike, zerosLike } from "../tensor/create.js";
import { scalar } from "../tensor/scalar.js";
import { fmtShape, sameShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { enableGrad, noGrad } from "../tape/grad-mode.js";
import { sumToShape } from "../ops/unbroadcast.js";

/** Options of `backward` and `gradients`. */
export interface BackwardOptions {
  /** Record the backward pass itself so the gradients can be differentiated again (second derivatives). */
  createGraph?: boolean;
}

let epoch = 0;
/** reverseTopo's stacks, empty between calls. */
const walkStack: Tensor[] = [];
const walkNext: number[] = [];

/**
 * The tensors between `root` and the tensors that need gradients, in reverse topological order
 * (root first). Iterative (an explicit stack), so a chain of 100,000 ops does not overflow; tensors
 * that do not require grad are pruned. With `stops` (the inputs of `gradients`), only tensors on a
 * path from `root` to a stop are kept (`kept`); traversal goes on below a stop, because another
 * input may lie beneath it and needs its total derivative through the stop too.
 */
function reverseTopo(root: Tensor, stops: ReadonlySet<Tensor> | null): { order: Tensor[]; kept: Set<Tensor> | null } {
  const mark = ++epoch;
  const order: Tensor[] = [];
  // the walk's own stacks are reused across calls (nothing runs inside the walk that could re-enter it)
  const stack = walkStack;
  const next = walkNext;
  if (stack.length !== 0) stack.length = next.length = 0; // left over from a walk that threw
  stack.push(root);
  next.push(0);
  root.visitMark = mark;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top]!;
    const node = t.node;
    const i = next[top]!;
    if (node !== null && i < node.inputs.length) {
      next[top] = i + 1;
      const child = node.inputs[i]!;
      if (child.requiresGrad && child.visitMark !== mark) {
        child.visitMark = mark;
        stack.push(child);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(t);
    }
  }
  if (stops === null) return { order: order.reverse(), kept: null };
  // post-order lists children before parents: keep a stop, and every tensor with a kept input
  const kept = new Set<Tensor>();
  for (const t of order) if (stops.has(t) || (t.node !== null && t.node.inputs.some((x) => kept.has(x)))) kept.add(t);
  return { order: order.filter((t) => kept.has(t)).reverse(), kept };
}

function checkSeed(root: Tensor, seed: Tensor | undefined, op: string): Tensor {
  if (!seed) {
    if (root.size !== 1) {
      throw new GradientError(
        `${op}: ${root.describe()} is not a scalar, so its gradient needs a seed. Pass one shaped ${fmtShape(root.shape)} ` +
          `(y.backward(onesLike(y)) sums the outputs), or reduce first: y.sum().backward().`,
      );
    }
    // a 0-d root's seed is the cached constant 1 (gradients are never written in place)
    return root.ndim === 0 ? scalar(1, root.dtype) : onesLike(root);
  }
  if (!(seed instanceof Tensor) || !sameShape(seed.shape, root.shape)) {
    throw new GradientError(
      `${op}: the gradient seed must be a Tensor shaped like the output ${fmtShape(root.shape)}, got ${seed instanceof Tensor ? fmtShape(seed.shape) : typeof seed}.`,
    );
  }
  if (seed.dtype !== root.dtype) {
    throw new DTypeError(
      `${op}: the gradient seed is ${seed.dtype} but the output ${root.describe()} is ${root.dtype}; pass seed.cast("${root.dtype}").`,
    );
  }
  return seed;
}

const ONE_NEEDED: readonly boolean[] = [true];
/** The masks of two inputs, indexed by 2·(first needs) + (second needs): shared, never written. */
const TWO_NEEDED: readonly (readonly boolean[])[] = [
  Object.freeze([false, false]),
  Object.freeze([false, true]),
  Object.freeze([true, false]),
  Object.freeze([true, true]),
];

/** Which inputs require grad (a shared array for two inputs, the common case). */
function gradMask(inputs: readonly Tensor[]): readonly boolean[] {
  if (inputs.length === 2) return TWO_NEEDED[(inputs[0]!.requiresGrad ? 2 : 0) + (inputs[1]!.requiresGrad ? 1 : 0)]!;
  const needs = new Array<boolean>(inputs.length);
  for (let i = 0; i < inputs.length; i++) needs[i] = inputs[i]!.requiresGrad;
  return needs;
}

/** Which inputs lie on a path to a stop of `gradients`. */
function keptMask(inputs: readonly Tensor[], kept: ReadonlySet<Tensor>): boolean[] {
  const needs = new Array<boolean>(inputs.length);
  for (let i = 0; i < inputs.length; i++) needs[i] = kept.has(inputs[i]!);
  return needs;
}

/**
 * Propagates `seed` from `root` backwards. Calls `onLeaf(t, g)` for every tensor that ends a path
 * (a leaf requiring grad, or one of `stops`), and `onNode(t, g)` for every intermediate.
 */
function propagate(
  root: Tensor,
  seed: Tensor,
  stops: ReadonlySet<Tensor> | null,
  createGraph: boolean,
  onGrad: (t: Tensor, g: Tensor, isEnd: boolean) => void,
): void {
  const { order, kept } = reverseTopo(root, stops);
  // refuse before any gradient is written when a saved operand changed since the forward pass
  for (let k = 0; k < order.length; k++) checkSaved(order[k]!);
  // each tensor on the path holds its incoming gradient sum in `pendingGrad` during the pass
  for (let k = 0; k < order.length; k++) order[k]!.pendingGrad = null;
  root.pendingGrad = seed;
  const run = (): void => {
    for (let k = 0; k < order.length; k++) {
      const t = order[k]!;
      const g = t.pendingGrad;
      if (!g) continue;
      t.pendingGrad = null;
      const isEnd = t.node === null || (stops !== null && stops.has(t));
      onGrad(t, g, isEnd);
      const node = t.node;
      if (node === null) continue;
      const inputs = node.inputs;
      // with stops, only inputs on a path to a stop need gradients (below a stop there may be none)
      const needs = kept !== null ? keptMask(inputs, kept) : inputs.length === 1 ? ONE_NEEDED : gradMask(inputs);
      if (kept !== null && !needs.includes(true)) continue;
      const rule = ruleOf(node);
      const inputGrads = !createGraph && rule.fastVjp ? rule.fastVjp(g, inputs, t, node.attrs) : rule.vjp(g, inputs, t, node.attrs, needs);
      for (let i = 0; i < inputs.length; i++) {
        const x = inputs[i]!;
        const gi = inputGrads[i];
        if (!needs[i] || !gi) continue;
        const shaped = sumToShape(gi, x.shape);
        const prev = x.pendingGrad;
        x.pendingGrad = prev ? add(prev, shaped) : shaped;
      }
    }
  };
  if (createGraph) enableGrad(run);
  else noGrad(run);
}

/**
 * Runs backpropagation from `root`: every leaf with `requiresGrad` on a path receives ∂root/∂leaf,
 * added to its `.grad` (gradients accumulate across calls; call zeroGrad between steps). Intermediate
 * tensors get the gradient of this pass in `.grad` too, for pictures and explain().
 * @example
 * const x = tensor([3], { requiresGrad: true });
 * x.square().sum().backward();
 * x.grad?.toArray(); // [6]
 */
export function backward(root: Tensor, gradOutput?: Tensor, opts?: BackwardOptions): void {
  if (!root.requiresGrad) {
    throw new GradientError(
      `backward: ${root.describe()} does not require grad: no input of its computation has requiresGrad. Create inputs with { requiresGrad: true } (and not inside noGrad).`,
    );
  }
  const seed = checkSeed(root, gradOutput, "backward");
  const createGraph = !!opts?.createGraph;
  propagate(root, seed, null, createGraph, (t, g, isEnd) => {
    if (!isEnd) t.grad = g;
    // gradients are values: VJPs may hand one tensor to several inputs, so nothing may update a
    // .grad in place (optimizers and clipping replace it instead)
    else t.grad = t.grad ? (createGraph ? add(t.grad, g) : noGrad(() => add(t.grad!, g))) : g;
  });
}

/**
 * The gradients of `output` with respect to `inputs`, returned without touching any `.grad`
 * (like torch.autograd.grad). An input that `output` does not depend on gets zeros.
 * @example
 * const x = tensor([2], { requiresGrad: true });
 * gradients(x.square().sum(), [x])[0].toArray(); // [4]
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], gradOutput?: Tensor, opts?: BackwardOptions): Tensor[] {
  for (const x of inputs) {
    if (!x.requiresGrad) throw new GradientError(`gradients: input ${x.describe()} does not require grad, so no gradient can reach it.`);
  }
  const result = new Map<Tensor, Tensor>();
  if (output.requiresGrad) {
    const seed = checkSeed(output, gradOutput, "gradients");
    const stops = new Set(inputs);
    propagate(output, seed, stops, !!opts?.createGraph, (t, g, isEnd) => {
      if (isEnd && stops.has(t)) result.set(t, g);
    });
  }
  return inputs.map((x) => result.get(x) ?? zerosLike(x));
}
