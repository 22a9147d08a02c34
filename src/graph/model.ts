/** @file The plain, JSON-serialisable data model of a computation graph that every picture and explain() read. */

/** What a graph node stands for. */
export type NodeKind = "parameter" | "input" | "op" | "module" | "folded";

/** A short summary of a tensor's values (or gradient) for labels and the viewer. */
export interface ValueSummary {
  /** The values as nested brackets, long axes elided with "…". */
  text: string;
  /** Every value row-major when the tensor is small (≤ 64 elements) and finite; otherwise null. */
  values: number[] | null;
  min: number | null;
  max: number | null;
  mean: number | null;
}

/** A derivative formula in plain text and LaTeX. */
export interface Formula {
  text: string;
  latex: string;
}

/** The local derivative of an op node's output with respect to one of its inputs. */
export interface LocalDerivative {
  /** The id of the input node (the edge's source). */
  input: string;
  /** `∂out/∂in = …` with the graph's symbols substituted. */
  formula: Formula;
}

/** One node: a tensor (leaf or computed by `op`), a collapsed module, or a note of folded nodes. */
export interface NodeModel {
  /** Stable id: "n0", "n1", … in topological order (leaves first, the output last). */
  id: string;
  kind: NodeKind;
  /** The primitive that computed the tensor (op nodes), else null. */
  op: string | null;
  /** The compact op label drawn in the op box, constants inlined: "× 0.5", "Σ sum", "σ sigmoid". */
  opLabel: string | null;
  /** The tensor's own name (`tensor(…, { name })` / `x.named()`), or null. */
  name: string | null;
  /** The symbol used in equations: the name, an inlined expression such as "W·x", or "v₃". */
  symbol: Formula;
  /** The symbol as it appears in ∂ notation: "σ" for a tensor named "sigmoid(z)", "(W·x)" for an inlined one. */
  partial: Formula;
  /** The op applied to its inputs' symbols ("W·x + b"), or null for leaves. */
  expression: Formula | null;
  /** True when the node has no equation of its own: its expression is written into its one consumer's. */
  inlined: boolean;
  shape: number[];
  dtype: string;
  /** Whether gradients flow to this tensor. */
  requiresGrad: boolean;
  value: ValueSummary | null;
  /** The gradient stored by the last `backward()` (∂output/∂this), or null. */
  grad: ValueSummary | null;
  /** The rule table's generic derivative of the op (`∂y/∂x = σ(x)(1−σ(x))`). */
  derivative: Formula | null;
  /** The op's local derivatives with respect to each input that needs a gradient, with symbols. */
  local: LocalDerivative[];
  /** The `namedScope` path ("" for none); leaves take the scope all their consumers share. */
  scope: string;
  /** Static arguments of the op (axes, flags) and inlined constants, JSON values only. */
  attrs: Record<string, unknown>;
  /** For module and folded nodes: how many tensor nodes they stand for. */
  count: number;
}

/** An edge from an input tensor to the node computed from it. */
export interface EdgeModel {
  from: string;
  to: string;
  /** Which input of `to`'s op this is (0-based). */
  index: number;
  shape: number[];
}

/** A whole captured graph. `notes` says what was collapsed or folded to stay readable. */
export interface GraphModel {
  nodes: NodeModel[];
  edges: EdgeModel[];
  /** The id of the result node. */
  output: string;
  /** Module scopes present, in order of first appearance. */
  scopes: string[];
  notes: string[];
}
