/** @file The learning-rate scheduler base: a step counter and a formula lr(t) written into the optimizer. */
import { ValueError } from "../../errors.js";
import type { Optimizer } from "../optimizer.js";

/** A scheduler's saved state: its step counter and the base learning rate. */
export interface SchedulerStateDict {
  type: string;
  lastStep: number;
  baseLr: number;
}

/**
 * Base of the learning-rate schedules (PyTorch's LRScheduler semantics): on construction the optimizer's
 * lr is set to lr(0); each `step()` (call it after `optimizer.step()`) advances t and sets lr(t).
 * @example
 * const sched = new StepLR(opt, { stepSize: 10, gamma: 0.5 });
 * for (let epoch = 0; epoch < 30; epoch++) { train(); opt.step(); sched.step(); }
 */
export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  /** The learning rate the schedule scales (the optimizer's lr when the scheduler was made). */
  baseLr: number;
  /** The current step t (0 after construction). */
  lastStep = 0;

  constructor(optimizer: Optimizer, baseLr = optimizer.lr) {
    this.optimizer = optimizer;
    this.baseLr = baseLr;
  }

  /** Sets the optimizer's lr (and anything else the schedule drives) for step t; call at the end of a subclass constructor. */
  protected apply(): void {
    this.optimizer.lr = this.lrAt(this.lastStep);
  }

  /**
   * The learning rate at step t (a pure function of t).
   * @example
   * new ExponentialLR(opt, { gamma: 0.5 }).lrAt(2); // baseLr / 4
   */
  abstract lrAt(t: number): number;

  /**
   * Advances one step and writes the new learning rate into the optimizer.
   * @example
   * opt.step(); sched.step();
   */
  step(): void {
    this.lastStep++;
    this.apply();
  }

  /**
   * The current learning rate.
   * @example
   * sched.getLr(); // equals opt.lr
   */
  getLr(): number {
    return this.lrAt(this.lastStep);
  }

  /**
   * The step counter and base lr, to resume a schedule.
   * @example
   * const s = sched.stateDict(); sched2.loadStateDict(s);
   */
  stateDict(): SchedulerStateDict {
    return { type: this.constructor.name, lastStep: this.lastStep, baseLr: this.baseLr };
  }

  /**
   * Restores `stateDict()` and rewrites the optimizer's lr.
   * @example
   * sched.loadStateDict(saved);
   */
  loadStateDict(sd: SchedulerStateDict): void {
    if (sd?.type !== this.constructor.name || !Number.isInteger(sd.lastStep) || sd.lastStep < 0 || !Number.isFinite(sd.baseLr)) {
      throw new ValueError(
        `${this.constructor.name}.loadStateDict: expected the state of a ${this.constructor.name} (got ${JSON.stringify(sd)}).`,
      );
    }
    this.lastStep = sd.lastStep;
    this.baseLr = sd.baseLr;
    this.apply();
  }
}

/** Throws a ValueError unless `v` is a positive integer. */
export function checkPositiveInt(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`${op}: ${name} must be a positive integer, got ${String(v)}.`);
}
