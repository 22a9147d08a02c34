/** @file saveModel / loadModel: a module's parameters and its optimizer's state in one safetensors file. */
import type { Module } from "../nn/module.js";
import type { Optimizer } from "../optim/optimizer.js";
import { loadSafetensors, saveSafetensors } from "./files.js";
import { loadModelFromSafetensors, modelToSafetensors } from "./model-state.js";

/**
 * Saves `module`'s parameters (named like `layers.0.weight`) and, if given, the optimizer's state to a
 * safetensors file, atomically (temporary file + rename). Other tools can read the parameters directly;
 * the optimizer's tensors are named `optimizer/<param>/<buffer>`.
 * @example
 * await saveModel("mlp.safetensors", model, opt, { epoch: "5" });
 */
export async function saveModel(path: string, module: Module, optimizer?: Optimizer, metadata?: Record<string, string>): Promise<void> {
  const { tensors, metadata: meta } = modelToSafetensors(module, optimizer, metadata);
  await saveSafetensors(path, tensors, meta);
}

/**
 * Loads a file written by `saveModel` into `module` (and `optimizer`), so training resumes exactly.
 * Everything is validated before anything changes; problems (truncated file, bad header, wrong dtype,
 * shape mismatch, missing or unknown tensors, optimizer state that does not fit) throw a FormatError
 * naming the tensor. Returns the user metadata.
 * @example
 * const meta = await loadModel("mlp.safetensors", model, opt);
 */
export async function loadModel(
  path: string,
  module: Module,
  optimizer?: Optimizer,
  opts: { strict?: boolean } = {},
): Promise<Record<string, string>> {
  const file = await loadSafetensors(path);
  return loadModelFromSafetensors(file, module, optimizer, { ...opts, source: path });
}
