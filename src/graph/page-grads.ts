/** @file Gradients for the viewer's backward stepper when backward() was not called: computed aside, no `.grad` touched. */
import { gradients } from "../autograd/backward.js";
import { reshape } from "../ops/movement.js";
import { summarize, type Capture } from "./capture.js";

/**
 * Fills in the captured model's gradient summaries from a `gradients()` pass when the output is a scalar
 * that needs grad and no node has a gradient yet (backward() was not run), so the stepper can show the
 * numbers. The user's tensors keep `.grad === null`. Returns whether it computed them.
 * @example
 * const cap = captureGraph(f); // before f.backward()
 * fillPageGradients(cap); // true: cap.model.nodes[i].grad now set
 */
export function fillPageGradients(cap: Capture): boolean {
  const out = cap.vertices[cap.vertices.length - 1]!.tensor;
  if (!out.requiresGrad || out.size !== 1 || cap.model.nodes.some((n) => n.grad !== null)) return false;
  const needing = cap.vertices.filter((v) => v.tensor.requiresGrad);
  const grads = gradients(
    out,
    needing.map((v) => v.tensor),
  );
  const byId = new Map(cap.model.nodes.map((n) => [n.id, n]));
  needing.forEach((v, i) => {
    const g = grads[i]!;
    const node = byId.get(cap.ids.get(v)!)!;
    node.grad = summarize(g.shape.join() === v.shape.join() ? g : reshape(g, v.shape));
  });
  return true;
}
