/** @file Reverse mode: an iterative topological sort pruned to what needs gradients, then the chain rule node by node. */
import { GradientError } from "../errors.js";
import { add } from "../ops/binary.js";
import { rules } from "../ops/registry.js";
import { onesLike, zerosLike } from "../tensor/create.js";
import { fmtShape, sameShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { enableGrad, noGrad } from "./grad-mode.js";
import { sumToShape } from "./unbroadcast.js";

/** Options of `backward` and `gradients`. */
export interface BackwardOptions {
  /** Record the backward pass itself so the gradients can be differentiated again (second derivatives). */
  createGraph?: boolean;
}

/**
 * The non-leaf tensors between `root` and the tensors that need gradients, in reverse topological
 * order (root first). Iterative, so a chain of 100,000 ops does not overflow the stack. Traversal
 * stops at `stops` (the inputs of `gradients`).
 */
function reverseTopo(root: Tensor, stops: ReadonlySet<Tensor> | null): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const node = t.node;
    const expand = node !== null && !(stops?.has(t) && t !== root);
    if (expand && i < node.inputs.length) {
      top[1] = i + 1;
      const child = node.inputs[i]!;
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order.reverse();
}

function checkSeed(root: Tensor, seed: Tensor | undefined, op: string): Tensor {
  if (!seed) {
    if (root.size !== 1) {
      throw new GradientError(
        `${op}: ${root.describe()} is not a scalar, so its gradient needs a seed. Pass one shaped ${fmtShape(root.shape)} ` +
          `(y.backward(onesLike(y)) sums the outputs), or reduce first: y.sum().backward().`,
      );
    }
    return onesLike(root);
  }
  if (!(seed instanceof Tensor) || !sameShape(seed.shape, root.shape)) {
    throw new GradientError(
      `${op}: the gradient seed must be a Tensor shaped like the output ${fmtShape(root.shape)}, got ${seed instanceof Tensor ? fmtShape(seed.shape) : typeof seed}.`,
    );
  }
  return seed;
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
  const order = reverseTopo(root, stops);
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const run = (): void => {
    for (const t of order) {
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      const isEnd = t.node === null || (stops !== null && stops.has(t));
      onGrad(t, g, isEnd);
      if (isEnd) continue;
      const node = t.node!;
      const needs = node.inputs.map((x) => x.requiresGrad);
      const inputGrads = rules[node.op].vjp(g, node.inputs, t, node.attrs, needs);
      for (let i = 0; i < node.inputs.length; i++) {
        const x = node.inputs[i]!;
        const gi = inputGrads[i];
        if (!needs[i] || !gi) continue;
        const shaped = sumToShape(gi, x.shape);
        const prev = grads.get(x);
        grads.set(x, prev ? add(prev, shaped) : shaped);
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
  propagate(root, seed, null, !!opts?.createGraph, (t, g, isEnd) => {
    const value = opts?.createGraph ? g : g.detach();
    if (isEnd) t.grad = t.grad ? (opts?.createGraph ? add(t.grad, value) : noGrad(() => add(t.grad!, value))) : value;
    else t.grad = value;
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
