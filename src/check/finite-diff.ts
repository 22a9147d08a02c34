/** @file Finite differences: the numerical gradient of a function of tensors, one perturbed entry at a time. */
import { enableGrad, noGrad } from "../tape/grad-mode.js";
import { DTypeError, GradientError, ValueError } from "../errors.js";
import { allocate } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { branchState, firstFlip, type BranchState } from "./branches.js";
import { resolveSettings, type DiffOptions } from "./defaults.js";
import type { CheckedFn, DiffMethod } from "./types.js";

/** Options of `numericalGrad`. */
export interface NumericalGradOptions extends DiffOptions {
  /** For a non-scalar output: differentiate Σ cotangent·f(x) (shaped like the output). A scalar output needs none. */
  cotangent?: Tensor;
}

/**
 * Checks the inputs are tensors; accepts one tensor for convenience.
 * @example
 * asInputs(x, "gradcheck"); // [x]
 */
export function asInputs(inputs: Tensor | readonly Tensor[], op: string): Tensor[] {
  const list = inputs instanceof Tensor ? [inputs] : Array.isArray(inputs) ? (inputs as Tensor[]) : null;
  if (list === null || list.length === 0 || !list.every((x) => x instanceof Tensor)) {
    throw new ValueError(`${op}: inputs must be a Tensor or a non-empty array of Tensors, e.g. ${op}(f, [W, x]).`);
  }
  const int = list.findIndex((x) => x.dtype === "int32");
  if (int >= 0) {
    // a step of eps in an int32 input would round away: every difference would read 0
    throw new DTypeError(
      `${op}: input ${int} (${list[int]!.describe()}) holds int32 indices, which have no derivative; differences need float inputs. Pass x.cast("float64"), or keep the indices inside f.`,
    );
  }
  return list;
}

/**
 * Evaluates f and reduces its output to one number: the value itself, or Σ cotangent·f.
 * @example
 * scalarOf(tensor([1, 2]), tensor([3, 4]), "numericalGrad"); // 11
 */
export function scalarOf(y: unknown, cotangent: Tensor | undefined, op: string): number {
  if (!(y instanceof Tensor)) throw new ValueError(`${op}: the function must return a Tensor, got ${typeof y}.`);
  if (cotangent === undefined) {
    if (y.size !== 1) {
      throw new GradientError(
        `${op}: the function returned ${y.describe()}, not a scalar. Reduce it (.sum()) or pass { cotangent } shaped like the output.`,
      );
    }
    return y.data[0]!;
  }
  if (cotangent.size !== y.size) {
    throw new GradientError(`${op}: cotangent ${cotangent.describe()} does not match the output ${y.describe()}.`);
  }
  let s = 0;
  for (let i = 0; i < y.size; i++) s += cotangent.data[i]! * y.data[i]!;
  return s;
}

/** A kink met while differencing: which input entry, and the node whose branch changed. */
export interface KinkHit {
  input: number;
  flatIndex: number;
  /** The kink-op node (of the perturbed evaluation) whose branch changed. */
  node: Tensor;
  /** Its position among the graph's kink-op nodes (see branchState), to find it in another evaluation's graph. */
  position: number;
}

/** What the difference engine needs: how to evaluate, and whether to watch branches. */
export interface DiffPlan {
  f: CheckedFn;
  inputs: readonly Tensor[];
  method: DiffMethod;
  eps: number;
  cotangent: Tensor | undefined;
  /** Which inputs to difference (others get zeros). */
  wrt: readonly number[];
  /** Record each evaluation's graph and report entries whose branches differ (slower). */
  watchBranches: boolean;
  op: string;
}

/**
 * Differences every entry of the chosen inputs. The step actually taken is the difference of the
 * stored values (x + h rounds in float32), so the quotient is exact about the points evaluated.
 * @example
 * differences({ f, inputs: [x], method: "central", eps: 1e-6, cotangent: undefined, wrt: [0], watchBranches: false, op: "numericalGrad" });
 */
export function differences(plan: DiffPlan): { grads: Tensor[]; kinks: KinkHit[] } {
  const { f, method, eps, cotangent, op } = plan;
  const work = plan.inputs.map((x) => new Tensor(x.data.slice(), x.shape.slice(), plan.watchBranches));
  const evaluate = (): { value: number; branches: BranchState | null } => {
    if (!plan.watchBranches) return { value: noGrad(() => scalarOf(f(...work), cotangent, op)), branches: null };
    return enableGrad(() => {
      const y = f(...work);
      return { value: scalarOf(y, cotangent, op), branches: y instanceof Tensor ? branchState(y) : null };
    });
  };
  const base = method === "forward" ? evaluate() : null;
  const kinks: KinkHit[] = [];
  const grads = plan.inputs.map((x) => new Tensor(allocate(x.dtype, x.size), x.shape.slice()));
  for (const i of plan.wrt) {
    const data = work[i]!.data;
    const out = grads[i]!.data;
    for (let j = 0; j < data.length; j++) {
      const x0 = data[j]!;
      data[j] = x0 + eps;
      const hi = data[j]!;
      const plus = evaluate();
      let lo = x0;
      let other = base!;
      if (method === "central") {
        data[j] = x0 - eps;
        lo = data[j]!;
        other = evaluate();
      }
      data[j] = x0;
      out[j] = (plus.value - other.value) / (hi - lo);
      if (plus.branches && other.branches) {
        const flip = firstFlip(plus.branches, other.branches);
        if (flip) kinks.push({ input: i, flatIndex: j, node: flip.node, position: flip.position });
      }
    }
  }
  return { grads, kinks };
}

/**
 * The numerical gradient of a scalar function by finite differences, one tensor per input:
 * central (f(x+h) − f(x−h))/2h by default, or forward (f(x+h) − f(x))/h. The default step depends on
 * the dtype (float64: 1e-6 central, 1e-8 forward; float32: 1e-3 central, 3e-4 forward). Inputs are
 * never modified; f runs 2 (central) or 1 (forward) times per input entry, under noGrad.
 * @example
 * const [g] = numericalGrad((x) => x.square().sum(), [tensor([1, 2], { dtype: "float64" })]);
 * g.toArray(); // ≈ [2, 4]
 */
export function numericalGrad(f: CheckedFn, inputs: Tensor | readonly Tensor[], opts: NumericalGradOptions = {}): Tensor[] {
  const list = asInputs(inputs, "numericalGrad");
  if (typeof f !== "function") throw new ValueError(`numericalGrad: f must be a function of ${list.length} tensor(s).`);
  const s = resolveSettings(list, opts, "numericalGrad");
  return differences({
    f,
    inputs: list,
    method: s.method,
    eps: s.eps,
    cotangent: opts.cotangent,
    wrt: list.map((_, i) => i),
    watchBranches: false,
    op: "numericalGrad",
  }).grads;
}
