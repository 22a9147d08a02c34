/** @file What the learner sets on the Train page, with good starting values for each dataset. */
import type { nn } from "../chainrule.js";

/** The datasets the page offers (the classification sets `data.load` ships that a picture can show). */
export const DATASETS = ["moons", "circles", "spirals", "xor", "iris"] as const;
export type DatasetKey = (typeof DATASETS)[number];

/** Activations offered (a subset of nn.ActivationName). */
export const ACTIVATIONS = ["relu", "tanh", "sigmoid", "leakyRelu", "gelu"] as const satisfies readonly nn.ActivationName[];

/** Optimizers offered. */
export const OPTIMIZERS = ["adam", "sgd", "momentum", "rmsprop", "adagrad"] as const;
export type OptimizerKey = (typeof OPTIMIZERS)[number];

/** One training run's settings. */
export interface Settings {
  dataset: DatasetKey;
  /** Hidden layer widths, e.g. [16, 16]. */
  hidden: number[];
  activation: (typeof ACTIVATIONS)[number];
  optimizer: OptimizerKey;
  lr: number;
  batchSize: number;
  seed: number;
}

/**
 * Starting settings that train each dataset well within a few seconds.
 * @example
 * defaults("spirals").hidden; // [24, 24]
 */
export function defaults(dataset: DatasetKey): Settings {
  const base: Settings = { dataset, hidden: [16, 16], activation: "tanh", optimizer: "adam", lr: 0.03, batchSize: 32, seed: 0 };
  if (dataset === "spirals") return { ...base, hidden: [24, 24], activation: "relu", lr: 0.02 };
  if (dataset === "iris") return { ...base, hidden: [8], lr: 0.02, batchSize: 16 };
  return base;
}
