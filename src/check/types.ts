/** @file The result types of numericalGrad, gradcheck and gradgradcheck. */
import type { OpName } from "../ops/primitive-names.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";

/** Which finite-difference formula: (f(x+h) − f(x))/h, or (f(x+h) − f(x−h))/2h (more accurate, twice the cost). */
export type DiffMethod = "forward" | "central";

/** A function checked by gradcheck: tensors in, a tensor out (a non-scalar output is projected on a fixed random cotangent). */
export type CheckedFn = (...inputs: Tensor[]) => Tensor;

/** The settings a check actually ran with (defaults filled in per dtype). */
export interface CheckSettings {
  method: DiffMethod;
  eps: number;
  atol: number;
  rtol: number;
  /** float64 when every input is float64, else float32 (and the check warns). */
  dtype: DType;
}

/** One gradient entry where the analytic and numerical values disagree beyond `atol + rtol·|numeric|`. */
export interface GradcheckFailure {
  /** Position of the input in the `inputs` array. */
  input: number;
  /** The input's name (its tensor name, or `input 0`, `input 1`, ...). */
  name: string;
  /** Multi-index into the input, e.g. [1, 2]. */
  index: number[];
  /** Row-major flat index. */
  flatIndex: number;
  analytic: number;
  numeric: number;
  absError: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|). */
  relError: number;
}

/** A gradient entry whose finite difference straddles a kink (ReLU or |x| at 0, a max/min tie, a where/clamp edge). */
export interface KinkReport extends Omit<GradcheckFailure, "absError" | "relError"> {
  /** The primitive whose branch changed between the perturbed evaluations. */
  op: OpName;
  /** Id of the tensor that op produced. */
  nodeId: number;
  nodeName?: string;
  /** Whether the two values disagree (they may: a one-sided subgradient against a two-sided difference). */
  disagrees: boolean;
}

/** One input of a local rule check: the rule's VJP against central differences of the op itself, along a random direction. */
export interface RuleInputCheck {
  input: number;
  analytic: number;
  numeric: number;
  absError: number;
  relError: number;
  /** Which form of the rule was checked: `vjp`, or the fused `fastVjp` plain backward uses. */
  form: "vjp" | "fastVjp";
}

/** The check of one graph node's derivative rule, in float64, independent of the rest of the graph. */
export interface RuleCheck {
  op: OpName;
  nodeId: number;
  nodeName?: string;
  scope: string;
  /** "kink": a perturbation crossed a kink even at tiny steps; "skipped": non-finite values. */
  status: "ok" | "mismatch" | "kink" | "skipped";
  /** The rule's derivative formula, from the registry. */
  derivative: string;
  /** 1: the rule against its op; 2: reverse mode through the rule against differences of the rule (for second derivatives). */
  order: 1 | 2;
  inputs: RuleInputCheck[];
  message: string;
}

/** What gradcheck and gradgradcheck return. */
export interface GradcheckResult {
  /** True when every non-kink entry agrees. */
  ok: boolean;
  /** Largest |analytic − numeric| over the entries not at a kink. */
  maxAbsError: number;
  /** Largest |analytic − numeric| / max(|analytic|, |numeric|) over the entries not at a kink. */
  maxRelError: number;
  /** Disagreeing entries, largest absolute error first. */
  failures: GradcheckFailure[];
  /** Entries whose finite difference straddles a kink; never counted as failures. */
  kinks: KinkReport[];
  /** The first node (inputs before outputs) whose own derivative rule disagrees with its op, when a failure was localised. */
  culprit?: RuleCheck;
  /** Every node's local rule check, when localisation ran (on failure, or with `localize: true`). */
  ruleChecks: RuleCheck[];
  /** The analytic gradients, one per input (zeros for inputs not checked). */
  analytic: Tensor[];
  /** The numerical gradients, one per input (zeros for inputs not checked). */
  numeric: Tensor[];
  settings: CheckSettings;
  /** E.g. that float32 was used. */
  warnings: string[];
  /** A readable summary naming every failing input, index, both values and the errors. */
  report: string;
}
