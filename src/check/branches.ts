/** @file Which branch each non-smooth op took (ReLU/|x| sign, max/min winner, where condition): a flip between two nearby evaluations marks a kink. */
import type { OpName, PrimitiveName } from "../ops/primitive-names.js";
import { primitives, recordOf } from "../ops/registry.js";
import type { Tensor } from "../tensor/tensor.js";
import { graphNodes } from "./graph-nodes.js";

/**
 * Primitives whose derivative jumps somewhere (the records with a `kink`): at 0 (relu, abs, linear
 * with its fused ReLU), at a tie (maximum, minimum, max, min), where the condition flips (where).
 */
export const KINK_OPS: ReadonlySet<OpName> = new Set<OpName>(
  (Object.keys(primitives) as PrimitiveName[]).filter((op) => primitives[op].kink !== undefined),
);

/**
 * The branch pattern of one node made by a kink op (null for smooth ops): one small integer per
 * element that changes exactly when the op crosses its kink.
 * @example
 * branchSignature(relu(x)); // Int8Array of sign(x)
 */
export function branchSignature(t: Tensor): Int8Array | null {
  const node = t.node;
  if (node === null) return null;
  const kink = recordOf(node).kink;
  return kink ? kink(t, node.inputs, node.attrs) : null;
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
