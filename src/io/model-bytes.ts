/** @file modelToBytes / modelFromBytes: a model and its optimizer state as safetensors bytes, for pages and any storage. */
import type { Module } from "../nn/module.js";
import type { Optimizer } from "../optim/optimizer.js";
import { loadModelFromSafetensors, modelToSafetensors } from "./model-state.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";

/**
 * The bytes of the safetensors file `saveModel` would write: `module`'s parameters and, if given, the
 * optimizer's state. Works everywhere; in a page, wrap them in a Blob to download or store them.
 * @example
 * const bytes = modelToBytes(model, opt, { epoch: "5" });
 * const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
 */
export function modelToBytes(module: Module, optimizer?: Optimizer, metadata?: Record<string, string>): Uint8Array {
  const { tensors, metadata: meta } = modelToSafetensors(module, optimizer, metadata);
  return encodeSafetensors(tensors, meta);
}

/**
 * Loads bytes written by `modelToBytes` or `saveModel` into `module` (and `optimizer`), validated before
 * anything changes (a FormatError names the tensor otherwise). Returns the user metadata.
 * @example
 * const meta = modelFromBytes(new Uint8Array(await (await fetch("mlp.safetensors")).arrayBuffer()), model, opt);
 */
export function modelFromBytes(
  bytes: Uint8Array,
  module: Module,
  optimizer?: Optimizer,
  opts: { strict?: boolean } = {},
): Record<string, string> {
  return loadModelFromSafetensors(decodeSafetensors(bytes), module, optimizer, { ...opts, source: "modelFromBytes" });
}
