/** @file Per-dataset defaults for `chainrule train`, chosen so that a bare run trains well and quickly. */
import type { nn } from "../../src/index.js";
import type { OptimizerName } from "./loop.js";

/** The settings a flag can override. */
export interface TrainDefaults {
  layers: number[];
  activation: nn.ActivationName;
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  batchSize: number;
}

const BASE: TrainDefaults = { layers: [32], activation: "relu", optimizer: "adam", lr: 3e-3, epochs: 30, batchSize: 32 };

/** Measured on this machine's 2-core CPU; see the README's training section for accuracy and seconds. */
const BY_DATASET: Record<string, Partial<TrainDefaults>> = {
  digits: { layers: [64], activation: "relu", lr: 3e-3, epochs: 20 },
  moons: { layers: [16, 16], activation: "tanh", lr: 1e-2, epochs: 60 },
  xor: { layers: [8, 8], activation: "tanh", lr: 1e-2, epochs: 60 },
  circles: { layers: [16, 16], activation: "tanh", lr: 1e-2, epochs: 60 },
  spirals: { layers: [64, 64], activation: "relu", lr: 1e-2, epochs: 80 },
  sine: { layers: [32, 32], activation: "tanh", lr: 1e-2, epochs: 100 },
  iris: { layers: [16], activation: "tanh", lr: 1e-2, epochs: 60, batchSize: 16 },
  "breast-cancer": { layers: [32], activation: "relu", lr: 1e-3, epochs: 40 },
};

/**
 * The defaults for a dataset (unknown names get the generic ones; `load` reports the bad name).
 * @example
 * defaultsFor("digits").layers; // [64]
 */
export function defaultsFor(dataset: string): TrainDefaults {
  return { ...BASE, ...(BY_DATASET[dataset] ?? {}) };
}
