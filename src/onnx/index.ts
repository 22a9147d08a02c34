/** @file ONNX export: exportOnnx (bytes, browser-safe) and the converter table new layers register in. */
export { exportOnnx, type ExportOnnxOptions } from "./export.js";
export { registerOnnxConverter, type OnnxConverter, type ConvertContext } from "./converters.js";
export { OnnxGraph, type OnnxValue } from "./graph.js";
export { MIN_OPSET, MAX_OPSET, DEFAULT_OPSET } from "./opsets.js";
