/** @file Save and load: safetensors bytes (portable), files (Node only, through the "#node-files" import), and whole models with optimizer state. */
export { encodeSafetensors, decodeSafetensors, type SafetensorsFile } from "./safetensors.js";
export { saveSafetensors, loadSafetensors, writeFileAtomic } from "./files.js";
export { saveModel, loadModel } from "./model.js";
export { saveOnnx } from "./onnx-file.js";
export { modelToBytes, modelFromBytes } from "./model-bytes.js";
export { modelToSafetensors, loadModelFromSafetensors } from "./model-state.js";
