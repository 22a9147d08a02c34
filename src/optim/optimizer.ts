/** @file The optimizer base: the parameter list, per-parameter state (step count and buffers), zeroGrad, and state save/restore. */
import { GradientError, ValueError } from "../errors.js";
import { allocate, type TypedArray } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** What an optimizer accepts: a list of parameters, or anything with `parameters()` (a Module). */
export type ParamsInput = Iterable<Tensor> | { parameters(): Tensor[] };

/** The state of one parameter: how many updates it has had, and its buffers (same dtype and size as the parameter). */
export interface ParamState {
  step: number;
  buffers: Record<string, TypedArray>;
}

/** A hyperparameter value. */
export type HyperValue = number | boolean | number[];

/**
 * Everything needed to resume an optimizer exactly: its type, its hyperparameters (including the
 * current lr), and per parameter (by position in the parameter list) the step count and buffer copies.
 */
export interface OptimizerStateDict {
  type: string;
  hyper: Record<string, HyperValue>;
  state: (ParamState | null)[];
}

/**
 * The base class of the optimizers. Subclasses implement `step()` as tight loops over the parameter arrays inside `updateStorage`,
 * writing in place (no graph is recorded, so memory stays flat). Parameters that are frozen
 * (`requiresGrad` false) or have no gradient are skipped, and their state does not advance.
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export abstract class Optimizer {
  /** The parameters, in order (state is saved by this position). */
  readonly params: Tensor[];
  /** The learning rate; schedules write it. */
  lr: number;
  /** Per-parameter state, created on the first update of each parameter. */
  protected state: (ParamState | null)[];
  /** The names of the hyperparameter fields saved by `stateDict()`. */
  protected abstract readonly hyperKeys: readonly string[];
  /** The buffer names a state may hold (checked on load). */
  protected abstract readonly bufferKeys: readonly string[];

  constructor(params: ParamsInput, lr: number, op: string) {
    const list = isModuleLike(params) ? params.parameters() : [...params];
    if (list.length === 0) throw new ValueError(`${op}: got an empty parameter list; pass model.parameters() or a list of tensors.`);
    const seen = new Set<Tensor>();
    list.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${op}: parameter ${i} is not a Tensor (got ${typeof p}).`);
      if (!p.isLeaf)
        throw new ValueError(`${op}: parameter ${i} (${p.describe()}) was computed by "${p.node!.op}"; optimizers update leaves only.`);
      if (seen.has(p)) throw new ValueError(`${op}: parameter ${i} (${p.describe()}) appears twice in the list; pass each tensor once.`);
      seen.add(p);
    });
    checkLearningRate(op, lr);
    this.params = list;
    this.lr = lr;
    this.state = list.map(() => null);
  }

  /** Applies one update to every parameter that has a gradient and is not frozen. */
  abstract step(): void;

  /**
   * Clears every parameter's gradient (sets it to null, like PyTorch's set_to_none).
   * @example
   * opt.zeroGrad();
   */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /**
   * The gradient of parameter i as a typed array, or null when it is frozen or has none.
   * Checks the gradient fits the parameter.
   */
  protected gradOf(i: number): TypedArray | null {
    const p = this.params[i]!;
    if (!p.requiresGrad || p.grad === null) return null;
    const g = p.grad;
    if (g.size !== p.size || g.dtype !== p.dtype) {
      throw new GradientError(
        `${this.constructor.name}.step: parameter ${i} ${p.describe()} has a gradient ${fmtShape(g.shape)} ${g.dtype}; it must match the parameter. Was .grad assigned by hand?`,
      );
    }
    return g.storage;
  }

  /** The state of parameter i, created (step 0, no buffers) on first use. */
  protected stateOf(i: number): ParamState {
    let s = this.state[i];
    if (!s) {
      s = { step: 0, buffers: {} };
      this.state[i] = s;
    }
    return s;
  }

  /** Buffer `key` of parameter i's state, allocated (filled with `fill`) when absent. */
  protected buffer(st: ParamState, i: number, key: string, fill = 0): TypedArray {
    let b = st.buffers[key];
    if (!b) {
      const p = this.params[i]!;
      b = allocate(p.dtype, p.size);
      if (fill !== 0) b.fill(fill);
      st.buffers[key] = b;
    }
    return b;
  }

  /**
   * Throws a ValueError naming the first field of `h` that is out of range. The constructor runs it on
   * the options and `loadStateDict` on a saved state (lr is checked by the base class).
   */
  protected abstract checkHyper(op: string, h: Record<string, HyperValue>): void;

  /** The current hyperparameters, lr first (copies of arrays). */
  protected hyperparameters(): Record<string, HyperValue> {
    const self = this as unknown as Record<string, HyperValue>;
    const hyper: Record<string, HyperValue> = { lr: this.lr };
    for (const k of this.hyperKeys) {
      const v = self[k]!;
      hyper[k] = Array.isArray(v) ? v.slice() : v;
    }
    return hyper;
  }

  /** The buffers a state with step > 0 must hold under hyperparameters `h` (checked on load). */
  protected abstract requiredBuffers(h: Record<string, HyperValue>): string[];

  /**
   * A copy of the optimizer's state (type, hyperparameters, steps and buffers) to save and restore later.
   * @example
   * const saved = opt.stateDict(); // … later: opt.loadStateDict(saved)
   */
  stateDict(): OptimizerStateDict {
    const hyper = this.hyperparameters();
    const state = this.state.map((s) =>
      s ? { step: s.step, buffers: Object.fromEntries(Object.entries(s.buffers).map(([k, b]) => [k, b.slice()])) } : null,
    );
    return { type: this.constructor.name, hyper, state };
  }

  /**
   * Checks that `sd` fits this optimizer and its parameters; returns the first problem as text, or null.
   * @example
   * opt.checkStateDict(saved); // null when loadStateDict(saved) would succeed
   */
  checkStateDict(sd: OptimizerStateDict): string | null {
    if (!sd || typeof sd !== "object") return `expected a state dict object, got ${typeof sd}`;
    if (sd.type !== this.constructor.name) return `the state was saved by ${sd.type}, not ${this.constructor.name}`;
    if (!Array.isArray(sd.state) || sd.state.length !== this.params.length) {
      return `the state covers ${Array.isArray(sd.state) ? sd.state.length : "no"} parameters but this optimizer has ${this.params.length}`;
    }
    for (const k of ["lr", ...this.hyperKeys]) {
      const v = sd.hyper?.[k];
      const cur = k === "lr" ? this.lr : (this as unknown as Record<string, HyperValue>)[k];
      if (v === undefined || typeof v !== typeof cur || Array.isArray(v) !== Array.isArray(cur))
        return `hyperparameter "${k}" is missing or has the wrong type`;
    }
    const op = this.constructor.name;
    try {
      checkLearningRate(op, sd.hyper["lr"] as number);
      this.checkHyper(op, sd.hyper);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      return `hyperparameter ${e.message.replace(`${op}: `, "").replace(/\.$/, "")}`;
    }
    for (let i = 0; i < sd.state.length; i++) {
      const s = sd.state[i];
      if (s === null || s === undefined) continue;
      const p = this.params[i]!;
      if (!Number.isSafeInteger(s.step) || s.step < 0) return `parameter ${i}: step ${String(s.step)} is not a non-negative integer`;
      if (s.step > 0) {
        for (const k of this.requiredBuffers(sd.hyper)) if (!s.buffers?.[k]) return `parameter ${i}: buffer "${k}" is missing`;
      }
      for (const [k, b] of Object.entries(s.buffers ?? {})) {
        if (!this.bufferKeys.includes(k))
          return `parameter ${i}: unknown buffer "${k}" (${this.constructor.name} keeps ${this.bufferKeys.join(", ")})`;
        const want = p.dtype === "float64" ? Float64Array : Float32Array;
        if (!(b instanceof want)) return `parameter ${i} buffer "${k}": dtype differs from the parameter's ${p.dtype}`;
        if (b.length !== p.size)
          return `parameter ${i} buffer "${k}": ${b.length} values but the parameter ${fmtShape(p.shape)} has ${p.size}`;
      }
    }
    return null;
  }

  /**
   * Restores a state from `stateDict()` (copies the buffers and hyperparameters). Everything is checked
   * before anything changes; a mismatch throws a ValueError saying what differs.
   * @example
   * const opt2 = new Adam(model.parameters(), { lr: 1e-3 }); opt2.loadStateDict(opt.stateDict());
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const problem = this.checkStateDict(sd);
    if (problem) throw new ValueError(`${this.constructor.name}.loadStateDict: ${problem}.`);
    const self = this as unknown as Record<string, HyperValue>;
    this.lr = sd.hyper["lr"] as number;
    for (const k of this.hyperKeys) {
      const v = sd.hyper[k]!;
      self[k] = Array.isArray(v) ? v.slice() : v;
    }
    this.state = sd.state.map((s) =>
      s ? { step: s.step, buffers: Object.fromEntries(Object.entries(s.buffers).map(([k, b]) => [k, b.slice()])) } : null,
    );
  }
}

function isModuleLike(x: ParamsInput): x is { parameters(): Tensor[] } {
  return typeof (x as { parameters?: unknown }).parameters === "function";
}

/** The largest learning rate accepted: larger rates overflow the parameters within a few updates (1e308 gives NaN at once). */
export const MAX_LR = 1e6;

/** Throws a ValueError unless `value` is a learning rate in [0, MAX_LR]. */
export function checkLearningRate(op: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_LR) {
    throw new ValueError(`${op}: lr must be a finite number ≥ 0 and ≤ ${MAX_LR}, got ${String(value)}.`);
  }
}

/** Throws a ValueError unless `value` is a finite number ≥ 0. */
export function checkNonNegative(op: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ValueError(`${op}: ${name} must be a finite number ≥ 0, got ${String(value)}.`);
  }
}

/** Throws a ValueError unless `value` is in [0, 1). */
export function checkUnitInterval(op: string, name: string, value: number): void {
  if (typeof value !== "number" || !(value >= 0 && value < 1))
    throw new ValueError(`${op}: ${name} must be in [0, 1), got ${String(value)}.`);
}
