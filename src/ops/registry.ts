/** @file Every primitive's record in one table: the primitive names are its keys, so a name cannot lack a record. */
import { activationPrimitives } from "./activation.js";
import { binaryPrimitives } from "./binary.js";
import { castPrimitives } from "./cast.js";
import { convPrimitives } from "./conv.js";
import { crossEntropyPrimitives } from "./cross-entropy.js";
import { cumsumPrimitives } from "./cumsum.js";
import { gatherPrimitives } from "./gather.js";
import { linearPrimitives } from "./linear.js";
import { matmulPrimitives } from "./matmul.js";
import { movementPrimitives } from "./movement.js";
import { normPrimitives } from "./norm.js";
import type { Primitive } from "./primitive.js";
import { reducePrimitives } from "./reduce.js";
import { sliceConcatPrimitives } from "./slice-concat.js";
import type { Rule } from "./rule.js";
import { softmaxPrimitives } from "./softmax.js";
import { trianglePrimitives } from "./triangle.js";
import { unaryPrimitives } from "./unary.js";
import { wherePrimitives } from "./where.js";
import { windowPrimitives } from "./window.js";

const table = {
  ...unaryPrimitives,
  ...activationPrimitives,
  ...softmaxPrimitives,
  ...crossEntropyPrimitives,
  ...binaryPrimitives,
  ...wherePrimitives,
  ...reducePrimitives,
  ...movementPrimitives,
  ...sliceConcatPrimitives,
  ...castPrimitives,
  ...matmulPrimitives,
  ...linearPrimitives,
  ...windowPrimitives,
  ...convPrimitives,
  ...gatherPrimitives,
  ...cumsumPrimitives,
  ...trianglePrimitives,
  ...normPrimitives,
};

/** Every differentiable primitive: the keys of the record tables of the family files. */
export type PrimitiveName = keyof typeof table;

/** The primitives whose forward is one unary elementwise kernel of the same name (the backends must implement each). */
export type UnaryPrimitiveName = keyof typeof unaryPrimitives | keyof typeof activationPrimitives;

/** The op of a graph node: a built-in primitive, or the name of an op made with `defineOp`. */
export type OpName = PrimitiveName | (string & Record<never, never>);

/** Every primitive's record (rule, rerun, picture forms, kinks). */
export const primitives: { readonly [P in PrimitiveName]: Primitive } = table;

/**
 * The derivative rule of each primitive, as backward reads it (the same record objects as
 * `primitives`, in a table of its own so that a test may swap one rule for another).
 */
export const rules: { [P in PrimitiveName]: Rule } = { ...table };

const byName: Readonly<Record<string, Primitive | undefined>> = primitives;

/**
 * The record of a node's op: a built-in's from the table, a `defineOp` op's from the node itself.
 * @example
 * recordOf(y.node!).derivative; // "∂y/∂x = eˣ = y" for y = exp(x)
 */
export function recordOf(node: { readonly op: OpName; readonly custom?: Primitive }): Primitive {
  return node.custom ?? byName[node.op]!;
}

/**
 * The derivative rule backward applies at a node (direct property reads).
 * @example
 * ruleOf(y.node!).vjp(g, y.node!.inputs, y, y.node!.attrs, [true]);
 */
export function ruleOf(node: { readonly op: OpName; readonly custom?: Primitive }): Rule {
  return node.custom ?? (rules as Readonly<Record<string, Rule>>)[node.op]!;
}
