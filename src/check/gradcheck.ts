/** @file gradcheck: every analytic gradient entry against finite differences, with kinks recognised and a wrong rule localised. */
import { gradients } from "../autograd/backward.js";
import { enableGrad } from "../tape/grad-mode.js";
import { ValueError } from "../errors.js";
import { randn, zerosLike } from "../tensor/create.js";
import { Tensor } from "../tensor/tensor.js";
import { branchState, KINK_OPS } from "./branches.js";
import { dtypeWarnings, resolveSettings, type DiffOptions } from "./defaults.js";
import { asInputs, differences } from "./finite-diff.js";
import { graphNodes } from "./graph-nodes.js";
import { formatReport, unravel } from "./report.js";
import { checkRules } from "./rule-check.js";
import type { CheckedFn, GradcheckFailure, GradcheckResult, KinkReport, RuleCheck } from "./types.js";

/** Options of `gradcheck` and `gradgradcheck`. */
export interface GradcheckOptions extends DiffOptions {
  /** Absolute tolerance (default per dtype: 1e-5 float64, 1e-2 float32). */
  atol?: number;
  /** Relative tolerance (default per dtype: 1e-3 float64, 1e-2 float32). */
  rtol?: number;
  /** Indices of the inputs to check (default: all). */
  wrt?: number[];
  /** Check each node's derivative rule on its own: true always, false never, default only when the check fails. */
  localize?: boolean;
  /** Seed of the random cotangent used for non-scalar outputs (default 0). */
  seed?: number;
  /** Print the float32 warning with console.warn (default true); it is in `warnings` either way. */
  warn?: boolean;
}

/**
 * Compares the analytic gradient of `f` (reverse mode) with finite differences at `inputs`, entry by
 * entry. A non-scalar output is projected on a fixed random cotangent v (checking vᵀJ). An entry
 * fails when |analytic − numeric| > atol + rtol·|numeric|; defaults per dtype are in CHECK_DEFAULTS
 * (use float64: float32 is warned about). Entries whose finite difference crosses a kink — ReLU or
 * |x| at 0, a max/min tie, a where/clamp/leakyRelu edge within eps — are listed in `kinks` instead of
 * failing. On failure every graph node's own derivative rule is checked against its op, and the first
 * one that disagrees is named in `culprit`.
 * @example
 * const W = randn([3, 2], { dtype: "float64", seed: 1 });
 * const x = randn([2], { dtype: "float64", seed: 2 });
 * const r = gradcheck((W, x) => W.matmul(x).tanh().sum(), [W, x]);
 * r.ok; // true
 * console.log(r.report);
 */
export function gradcheck(f: CheckedFn, inputs: Tensor | readonly Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  return runCheck(f, asInputs(inputs, "gradcheck"), opts, "gradcheck");
}

/**
 * The shared body of gradcheck and gradgradcheck; `op` names the caller in messages.
 * @example
 * runCheck((x) => x.exp().sum(), [x], {}, "gradcheck").ok; // true
 */
export function runCheck(
  f: CheckedFn,
  list: Tensor[],
  opts: GradcheckOptions,
  op: string,
  localizer: (y: Tensor) => RuleCheck[] = (y) => checkRules(y, 1),
): GradcheckResult {
  if (typeof f !== "function") throw new ValueError(`${op}: f must be a function of ${list.length} tensor(s).`);
  const settings = resolveSettings(list, opts, op);
  const wrt = opts.wrt ?? list.map((_, i) => i);
  for (const i of wrt) {
    if (!Number.isInteger(i) || i < 0 || i >= list.length)
      throw new ValueError(`${op}: wrt index ${i} is out of range for ${list.length} input(s).`);
  }
  const warnings = dtypeWarnings(list, settings, op);
  if (warnings.length > 0 && opts.warn !== false) console.warn(warnings[0]);
  const names = list.map((x, i) => x.name ?? `input ${i}`);

  // analytic: fresh leaves over copies, so the caller's tensors and their .grad are untouched
  const leaves = list.map((x, i) => {
    const t = new Tensor(x.data.slice(), x.shape.slice(), wrt.includes(i));
    t.name = x.name;
    return t;
  });
  const y = enableGrad(() => f(...leaves));
  if (!(y instanceof Tensor)) throw new ValueError(`${op}: the function must return a Tensor, got ${typeof y}.`);
  const cotangent = y.size === 1 ? undefined : randn(y.shape.slice(), { seed: opts.seed ?? 0, dtype: y.dtype });
  const targets = wrt.map((i) => leaves[i]!);
  const grads = y.requiresGrad ? gradients(y, targets, cotangent) : targets.map((t) => zerosLike(t));
  const analytic = list.map((x) => zerosLike(x));
  wrt.forEach((i, k) => (analytic[i] = grads[k]!.detach()));

  const watchBranches = graphNodes(y).some((t) => KINK_OPS.has(t.node!.op));
  const { grads: numeric, kinks: hits } = differences({
    f,
    inputs: list,
    method: settings.method,
    eps: settings.eps,
    cotangent,
    wrt,
    watchBranches,
    op,
  });

  // name the kink by the node of the analytic graph (same structure), so its id matches pictures of y
  const baseKinkNodes = watchBranches ? branchState(y).nodes : [];
  const kinkAt = new Map(hits.map((h) => [`${h.input}:${h.flatIndex}`, baseKinkNodes[h.position] ?? h.node]));
  const failures: GradcheckFailure[] = [];
  const kinks: KinkReport[] = [];
  let maxAbsError = 0;
  let maxRelError = 0;
  for (const i of wrt) {
    const a = analytic[i]!.data;
    const n = numeric[i]!.data;
    for (let j = 0; j < a.length; j++) {
      const av = a[j]!;
      const nv = n[j]!;
      const absError = Math.abs(av - nv);
      const denom = Math.max(Math.abs(av), Math.abs(nv));
      const relError = absError === 0 ? 0 : absError / denom;
      const bad = !(absError <= settings.atol + settings.rtol * Math.abs(nv));
      const base = { input: i, name: names[i]!, index: unravel(j, list[i]!.shape), flatIndex: j, analytic: av, numeric: nv };
      const hit = kinkAt.get(`${i}:${j}`);
      if (hit) {
        kinks.push({ ...base, op: hit.node!.op, nodeId: hit.id, nodeName: hit.name, disagrees: bad });
        continue;
      }
      maxAbsError = Math.max(maxAbsError, Number.isNaN(absError) ? Infinity : absError);
      maxRelError = Math.max(maxRelError, Number.isNaN(relError) ? Infinity : relError);
      if (bad) failures.push({ ...base, absError, relError });
    }
  }
  failures.sort((p, q) => (q.absError || Infinity) - (p.absError || Infinity));
  const ok = failures.length === 0;
  const localize = opts.localize ?? !ok;
  const ruleChecks = localize ? localizer(y) : [];
  const culprit = ruleChecks.find((c) => c.status === "mismatch");
  const result: Omit<GradcheckResult, "report"> = {
    ok,
    maxAbsError,
    maxRelError,
    failures,
    kinks,
    ruleChecks,
    analytic,
    numeric,
    settings,
    warnings,
    ...(culprit ? { culprit } : {}),
  };
  return { ...result, report: formatReport(result, list, op) };
}
