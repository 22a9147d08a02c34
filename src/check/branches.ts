/** @file Which branch each non-smooth op took (ReLU/|x| sign, max/min winner, where condition): a flip between two nearby evaluations marks a kink. */
import { sub } from "../ops/binary.js";
import { eq } from "../ops/compare.js";
import { reshape } from "../ops/movement.js";
import type { PrimitiveName } from "../ops/primitive-names.js";
import { noGrad } from "../autograd/grad-mode.js";
import type { Tensor } from "../tensor/tensor.js";
import { graphNodes } from "./graph-nodes.js";

/** Primitives whose derivative jumps somewhere: at 0 (relu, abs, linear with its fused ReLU), at a tie (maximum, minimum, max, min), where the condition flips (where). */
export const KINK_OPS: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>([
  "relu",
  "abs",
  "linear",
  "maximum",
  "minimum",
  "max",
  "min",
  "where",
]);

function signs(data: ArrayLike<number>): Int8Array {
  const out = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! > 0 ? 1 : data[i]! < 0 ? -1 : 0;
  return out;
}

/**
 * The branch pattern of one node made by a kink op (null for smooth ops): one small integer per
 * element that changes exactly when the op crosses its kink.
 * @example
 * branchSignature(relu(x)); // Int8Array of sign(x)
 */
export function branchSignature(t: Tensor): Int8Array | null {
  const node = t.node;
  if (node === null || !KINK_OPS.has(node.op)) return null;
  const [a, b] = node.inputs;
  switch (node.op) {
    case "relu":
    case "abs":
      return signs(a!.data);
    case "maximum":
    case "minimum":
      return signs(noGrad(() => sub(a!, b!)).data);
    case "max":
    case "min": {
      // which elements attain the extremum of their group (a tie has several)
      const axes = node.attrs["axes"] as number[];
      const kept = node.attrs["keepdims"]
        ? t
        : noGrad(() =>
            reshape(
              t.detach(),
              a!.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
            ),
          );
      return signs(noGrad(() => eq(a!.detach(), kept.detach())).data);
    }
    case "where":
      return signs(a!.data.map((c) => (c !== 0 ? 1 : 0)));
    case "linear":
      // a fused ReLU: y = relu(z) > 0 exactly where z > 0 (no kink without it)
      return node.attrs["relu"] === true ? signs(t.data) : null;
    default:
      return null;
  }
}

/** The branch signatures of every kink-op node of a graph, in topological order. */
export interface BranchState {
  nodes: Tensor[];
  signatures: Int8Array[];
}

/**
 * Collects the branch signatures of the graph behind `root`.
 * @example
 * const s = branchState(f(x)); s.nodes.length; // number of relu/abs/max/... nodes
 */
export function branchState(root: Tensor): BranchState {
  const nodes: Tensor[] = [];
  const signatures: Int8Array[] = [];
  for (const t of graphNodes(root)) {
    const s = branchSignature(t);
    if (s) {
      nodes.push(t);
      signatures.push(s);
    }
  }
  return { nodes, signatures };
}

/**
 * The first kink-op node whose branch differs between two evaluations of the same function (by
 * position in topological order), or null when every branch is the same. A graph of another shape
 * (data-dependent control flow) counts as a change at its first node.
 * @example
 * firstFlip(branchState(f(xPlus)), branchState(f(xMinus)))?.node.node?.op; // "relu"
 */
export function firstFlip(a: BranchState, b: BranchState): { node: Tensor; position: number } | null {
  const n = Math.min(a.nodes.length, b.nodes.length);
  for (let k = 0; k < n; k++) {
    const sa = a.signatures[k]!;
    const sb = b.signatures[k]!;
    if (a.nodes[k]!.node!.op !== b.nodes[k]!.node!.op || sa.length !== sb.length) return { node: a.nodes[k]!, position: k };
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return { node: a.nodes[k]!, position: k };
  }
  if (a.nodes.length !== b.nodes.length) return { node: (a.nodes[n] ?? b.nodes[n])!, position: n };
  return null;
}
