/** @file The losses, re-exported. */
export { mseLoss, maeLoss, huberLoss, halfSquaredError, type HuberOptions } from "./regression.js";
export { crossEntropy, nllLoss, type CrossEntropyOptions } from "./classification.js";
export { binaryCrossEntropy, binaryCrossEntropyWithLogits, type BCEWithLogitsOptions } from "./binary.js";
export type { Reduction, LossOptions } from "./reduction.js";
export type { ClassTargets } from "./targets.js";
