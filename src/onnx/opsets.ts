/** @file ONNX opset facts: the versions chainrule writes, the IR version each needs, and the opset each operator form needs. */
import { ExportError } from "../errors.js";

/** The lowest opset exportOnnx writes (Softmax and LogSoftmax take a single axis from 13 on). */
export const MIN_OPSET = 13;
/** The highest opset exportOnnx writes. */
export const MAX_OPSET = 22;
/** The default opset: supported by every ONNX Runtime since 1.12 and by most other runtimes. */
export const DEFAULT_OPSET = 17;

/** The opset from which each operator exists in the form chainrule writes (same semantics and attributes). */
const OP_SINCE: Readonly<Record<string, number>> = {
  Add: 7,
  AveragePool: 11, // pads and count_include_pad as written from 11 (dilations, unused, from 19)
  BatchNormalization: 9, // inference form (no spatial attribute) from 9
  Cast: 6, // "to" as an int attribute from 6
  Conv: 11,
  Div: 7,
  Elu: 6,
  Erf: 9,
  Flatten: 1,
  Gather: 11, // negative indices defined from 11
  Gelu: 20,
  Gemm: 11, // C optional from 11
  Identity: 1,
  LayerNormalization: 17,
  LeakyRelu: 6,
  LogSoftmax: 13, // before 13 the input was flattened to 2-D around the axis
  MatMul: 1,
  MaxPool: 12,
  Mul: 7,
  ReduceMean: 13, // axes as an attribute: until opset 17 (see OP_UNTIL)
  Relu: 6,
  Reshape: 5, // shape as an int64 input (0 copies the input's dim) from 5
  Slice: 10, // starts, ends and axes as int64 inputs from 10
  Sigmoid: 6,
  Softmax: 13,
  Softplus: 1,
  Sqrt: 6,
  Sub: 7,
  Tanh: 6,
  Transpose: 1,
};

/** The last opset in which an operator keeps the form chainrule writes (the next one changed it). */
const OP_UNTIL: Readonly<Record<string, number>> = {
  ReduceMean: 17, // opset 18 moved axes from an attribute to an input
};

/**
 * Throws an ExportError unless `op` exists (as chainrule writes it) in `opset`; `where` names the module.
 * @example
 * checkOpInOpset("Gelu", 17, 'module "layers.1" (GELU)'); // throws: Gelu needs opset ≥ 20
 */
export function checkOpInOpset(op: string, opset: number, where: string): void {
  const since = OP_SINCE[op];
  if (since === undefined) {
    throw new ExportError(
      `exportOnnx: ${where} emits the ONNX operator "${op}", which chainrule's exporter does not know; add it to OP_SINCE in src/onnx/opsets.ts with the opset it needs.`,
    );
  }
  if (opset < since) {
    throw new ExportError(
      `exportOnnx: ${where} needs the ONNX operator ${op}, which exists from opset ${since}; the export asks for opset ${opset}. Pass { opset: ${since} } or higher.`,
    );
  }
  const until = OP_UNTIL[op];
  if (until !== undefined && opset > until) {
    throw new ExportError(
      `exportOnnx: ${where} writes the ONNX operator ${op} in its form of opsets ${since}–${until}, but the export asks for opset ${opset} (a bug in the converter: it must pick the form by opset).`,
    );
  }
}

/**
 * Throws an ExportError unless `opset` is an integer chainrule can write.
 * @example
 * checkOpset(17); // fine
 */
export function checkOpset(opset: number): void {
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new ExportError(
      `exportOnnx: opset ${opset} is not supported; chainrule writes ONNX opsets ${MIN_OPSET} to ${MAX_OPSET} (default ${DEFAULT_OPSET}).`,
    );
  }
}

/**
 * The lowest ONNX IR version that carries `opset` (the pairs of the ONNX releases), so older runtimes can read the file.
 * @example
 * irVersionFor(17); // 8
 */
export function irVersionFor(opset: number): number {
  if (opset <= 14) return 7; // ONNX 1.8–1.9
  if (opset <= 18) return 8; // ONNX 1.10–1.13
  if (opset <= 20) return 9; // ONNX 1.14–1.15
  return 10; // ONNX 1.16–1.17 (opsets 21, 22)
}
