/** @file saveOnnx: an exported ONNX model written to a file (Node), atomically. */
import type { Module } from "../nn/module.js";
import { exportOnnx, type ExportOnnxOptions } from "../onnx/export.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Exports `model` with `exportOnnx` and writes the bytes to `path` under a temporary name, then renames
 * it into place, so an interrupted save leaves any previous file intact. The export is checked before the
 * file is touched. Node only (`exportOnnx` gives the bytes anywhere).
 * @example
 * await saveOnnx("mlp.onnx", new nn.MLP([2, 16, 2], { seed: 0 }), randn([1, 2]));
 */
export async function saveOnnx(path: string, model: Module, exampleInput: Tensor, opts?: ExportOnnxOptions): Promise<void> {
  const bytes = exportOnnx(model, exampleInput, opts);
  const { atomicWrite } = await import("#node-files");
  await atomicWrite(path, [bytes]);
}
