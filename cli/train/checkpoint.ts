/** @file `--save` / `--load`: the model (and optimizer state) in safetensors, with what is needed to rebuild and reuse it. */
import { FormatError, loadModel, loadSafetensors, nn, saveModel, ValueError, type data, type optim } from "../../src/index.js";

/** Metadata key under which `chainrule train` stores its run description (JSON). */
export const TRAIN_KEY = "chainrule.train";

/** What a saved run records besides the tensors: enough to rebuild the network and feed it like in training. */
export interface CheckpointInfo {
  format: 1;
  dataset: string;
  /** Full layer sizes, input to output. */
  sizes: number[];
  activation: nn.ActivationName;
  optimizer: string;
  /** The input standardisation fitted on the training part. */
  stats: data.Standardization;
  epochs: number;
}

/**
 * Saves the model, its optimizer's state and the run description to a safetensors file.
 * @example
 * await saveCheckpoint("moons.safetensors", model, opt, info);
 */
export async function saveCheckpoint(path: string, model: nn.Module, opt: optim.Optimizer, info: CheckpointInfo): Promise<void> {
  await saveModel(path, model, opt, { [TRAIN_KEY]: JSON.stringify(info) });
}

function parseInfo(path: string, raw: string | undefined): CheckpointInfo {
  if (raw === undefined) {
    throw new FormatError(`train --load: ${path} has no "${TRAIN_KEY}" metadata; --load reads files written by "chainrule train --save".`);
  }
  let info: CheckpointInfo;
  try {
    info = JSON.parse(raw) as CheckpointInfo;
  } catch (e) {
    throw new FormatError(`train --load: metadata "${TRAIN_KEY}" of ${path} is not valid JSON (${(e as Error).message}).`);
  }
  const ok =
    info?.format === 1 &&
    typeof info.dataset === "string" &&
    Array.isArray(info.sizes) &&
    info.sizes.every((s) => Number.isInteger(s) && s > 0) &&
    typeof info.activation === "string" &&
    Array.isArray(info.stats?.mean) &&
    Array.isArray(info.stats?.std) &&
    info.stats.mean.length === info.sizes[0] &&
    info.stats.std.length === info.sizes[0];
  if (!ok)
    throw new FormatError(
      `train --load: metadata "${TRAIN_KEY}" of ${path} is incomplete (needs format 1, dataset, sizes, activation, stats).`,
    );
  return info;
}

/**
 * Reads the run description of a saved model without loading its weights.
 * @example
 * const info = await readCheckpointInfo("moons.safetensors"); info.sizes; // [2, 16, 16, 2]
 */
export async function readCheckpointInfo(path: string): Promise<CheckpointInfo> {
  const file = await loadSafetensors(path);
  return parseInfo(path, file.metadata[TRAIN_KEY]);
}

/**
 * Rebuilds the saved network and loads its weights; also the optimizer state when `opt` is of the type that was saved.
 * Checks that the network fits `ds` (features in, classes out). Returns whether the optimizer state was restored.
 * @example
 * const { model, restoredOptimizer } = await loadCheckpoint("moons.safetensors", info, p.dataset, (m) => makeOptimizer("adam", m.parameters(), 0.01));
 */
export async function loadCheckpoint(
  path: string,
  info: CheckpointInfo,
  ds: data.Dataset,
  makeOpt: (model: nn.MLP) => optim.Optimizer,
): Promise<{ model: nn.MLP; opt: optim.Optimizer; restoredOptimizer: boolean }> {
  const inputs = ds.featureNames.length;
  const outputs = ds.task === "classification" ? ds.classes.length : 1;
  const sizes = info.sizes;
  if (sizes[0] !== inputs || sizes[sizes.length - 1] !== outputs) {
    throw new ValueError(
      `train --load: ${path} holds an MLP ${sizes.join("→")} (trained on ${info.dataset}), but ${ds.name} needs ${inputs} inputs and ${outputs} outputs; pass --dataset ${info.dataset}.`,
    );
  }
  const model = new nn.MLP(sizes, { activation: info.activation });
  const opt = makeOpt(model);
  const restoredOptimizer = opt.constructor.name.toLowerCase() === info.optimizer;
  await loadModel(path, model, restoredOptimizer ? opt : undefined);
  return { model, opt, restoredOptimizer };
}
