/** @file The computed (non-leaf) tensors of a graph in topological order, inputs before outputs, found iteratively. */
import type { Tensor } from "../tensor/tensor.js";

/**
 * Every tensor with a graph node that `root` depends on (root included), inputs before the tensors
 * computed from them. Iterative depth-first order, so it is deterministic for a given graph shape and
 * a chain of 100,000 ops does not overflow the stack.
 * @example
 * const x = tensor([1], { requiresGrad: true });
 * graphNodes(x.exp().sin()).map((t) => t.node!.op); // ["exp", "sin"]
 */
export function graphNodes(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  if (root.node === null) return order;
  const seen = new Set<Tensor>([root]);
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t.node!.inputs;
    if (i < inputs.length) {
      top[1] = i + 1;
      const child = inputs[i]!;
      if (child.node !== null && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}
