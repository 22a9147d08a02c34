/** @file The `optim` namespace: optimizers, learning-rate schedules and gradient clipping. */
export { Optimizer, type OptimizerStateDict, type ParamState, type ParamsInput, type HyperValue } from "./optimizer.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { Adam, type AdamOptions } from "./adam.js";
export { AdamW } from "./adamw.js";
export { RMSprop, type RMSpropOptions } from "./rmsprop.js";
export { Adagrad, type AdagradOptions } from "./adagrad.js";
export { LRScheduler, type SchedulerStateDict } from "./schedules/scheduler.js";
export { StepLR } from "./schedules/step-lr.js";
export { ExponentialLR } from "./schedules/exponential-lr.js";
export { CosineWarmupLR, type CosineWarmupOptions } from "./schedules/cosine-warmup.js";
export { OneCycleLR, type OneCycleOptions } from "./schedules/one-cycle.js";
export { clipGradNorm, clipGradValue } from "./clip.js";
