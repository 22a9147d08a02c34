/** @file Every primitive's derivative rule in one table; the compiler rejects a primitive without one. */
import type { PrimitiveName } from "./primitive-names.js";
import type { Rule } from "./rule.js";
import { activationRules } from "./activation.js";
import { binaryRules } from "./binary.js";
import { crossEntropyRules } from "./cross-entropy.js";
import { linearRules } from "./linear.js";
import { matmulRules } from "./matmul.js";
import { movementRules } from "./movement.js";
import { reduceRules } from "./reduce.js";
import { softmaxRules } from "./softmax.js";
import { unaryRules } from "./unary.js";
import { whereRules } from "./where.js";

/** The derivative rule of each primitive. */
export const rules: { readonly [P in PrimitiveName]: Rule } = {
  ...unaryRules,
  ...activationRules,
  ...softmaxRules,
  ...crossEntropyRules,
  ...binaryRules,
  ...whereRules,
  ...reduceRules,
  ...movementRules,
  ...matmulRules,
  ...linearRules,
};
