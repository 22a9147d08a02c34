/** @file gradgradcheck: second derivatives, by gradchecking the directional first derivative built with createGraph. */
import { gradients } from "../autograd/backward.js";
import { enableGrad, noGrad } from "../tape/grad-mode.js";
import { add, mul } from "../ops/binary.js";
import { sum } from "../ops/reduce.js";
import { randn } from "../tensor/create.js";
import { Tensor } from "../tensor/tensor.js";
import { ValueError } from "../errors.js";
import { asInputs } from "./finite-diff.js";
import { runCheck, type GradcheckOptions } from "./gradcheck.js";
import { checkRules } from "./rule-check.js";
import type { CheckedFn, GradcheckResult, RuleCheck } from "./types.js";

/**
 * Checks second derivatives: builds g(x) = Σᵢ ⟨∂(vᵀf)/∂xᵢ, uᵢ⟩ (fixed random u, and v for a non-scalar
 * output) with `createGraph`, and gradchecks g. Its analytic gradient is a Hessian–vector product
 * computed by differentiating the backward pass; its numerical gradient differences first derivatives.
 * So a rule whose VJP is not itself differentiable correctly fails here, with the op named.
 * @example
 * const x = tensor([0.3, -1.2], { dtype: "float64" });
 * gradgradcheck((x) => x.tanh().sum(), [x]).ok; // true
 */
export function gradgradcheck(f: CheckedFn, inputs: Tensor | readonly Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const list = asInputs(inputs, "gradgradcheck");
  if (typeof f !== "function") throw new ValueError(`gradgradcheck: f must be a function of ${list.length} tensor(s).`);
  const seed = opts.seed ?? 0;
  const y0 = noGrad(() => f(...list));
  if (!(y0 instanceof Tensor)) throw new ValueError(`gradgradcheck: the function must return a Tensor, got ${typeof y0}.`);
  const v = y0.size === 1 ? undefined : randn(y0.shape.slice(), { seed: seed + 1, dtype: y0.dtype });
  const us = list.map((x, i) => randn(x.shape.slice(), { seed: seed + 2 + i, dtype: x.dtype }));
  const directional: CheckedFn = (...xs) =>
    enableGrad(() => {
      const leaves = xs.map((x) => (x.requiresGrad ? x : new Tensor(x.data, x.shape.slice(), true)));
      const y = f(...leaves);
      if (!y.requiresGrad) return sum(mul(y, 0));
      const gs = gradients(y, leaves, v, { createGraph: true });
      let total: Tensor | null = null;
      gs.forEach((g, i) => {
        const term = sum(mul(g, us[i]!));
        total = total === null ? term : add(total, term);
      });
      return total!;
    });
  // localise against f's own graph: each rule, then each rule's derivative; then the rules of the backward pass
  const localizer = (g: Tensor): RuleCheck[] => {
    const y = enableGrad(() => f(...list.map((x) => new Tensor(x.data.slice(), x.shape.slice(), true))));
    return y.node ? [...checkRules(y, 1), ...checkRules(y, 2), ...checkRules(g, 1)] : checkRules(g, 1);
  };
  return runCheck(directional, list, opts, "gradgradcheck", localizer);
}
