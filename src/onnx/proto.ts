/** @file The ONNX protobuf messages chainrule writes (a subset of onnx.proto), encoded with chainrule's small wire-format writer. */
import { ProtoWriter as Writer } from "./wire-writer.js";

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7, DOUBLE: 11 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values used here. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

/** A node attribute: a number is written as INT when `kind` is "int", else as FLOAT; arrays likewise. */
export type Attribute =
  | { name: string; kind: "float"; value: number }
  | { name: string; kind: "int"; value: number }
  | { name: string; kind: "string"; value: string }
  | { name: string; kind: "floats"; value: readonly number[] }
  | { name: string; kind: "ints"; value: readonly number[] };

/** NodeProto: one operator application. */
export interface NodeProto {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: Attribute[];
  docString?: string;
}

/** TensorProto: a named constant (an initializer), its values as little-endian raw bytes. */
export interface TensorProto {
  name: string;
  dims: readonly number[];
  dataType: DataTypeCode;
  rawData: Uint8Array;
}

/** A dimension: a fixed size or a symbolic name (dim_param, e.g. "batch"). */
export type Dim = number | string;

/** ValueInfoProto of a tensor: name, element type and shape. */
export interface ValueInfoProto {
  name: string;
  elemType: DataTypeCode;
  shape: readonly Dim[];
  docString?: string;
}

/** GraphProto. */
export interface GraphProto {
  name: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  docString?: string;
}

/** ModelProto (one opset import: the default domain). */
export interface ModelProto {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: GraphProto;
  metadata: Record<string, string>;
}

/** Starts a length-delimited sub-message as field `field`; close it with `w.ldelim()`. */
function sub(w: Writer, field: number): Writer {
  return w.uint32((field << 3) | 2).fork();
}

function str(w: Writer, field: number, value: string | undefined): void {
  if (value) w.uint32((field << 3) | 2).string(value);
}

function int64(w: Writer, field: number, value: number): void {
  w.uint32(field << 3).int64(value);
}

function writeAttribute(w: Writer, a: Attribute): void {
  str(w, 1, a.name);
  switch (a.kind) {
    case "float":
      w.uint32((2 << 3) | 5).float(a.value);
      w.uint32(20 << 3).int32(AttributeType.FLOAT);
      break;
    case "int":
      int64(w, 3, a.value);
      w.uint32(20 << 3).int32(AttributeType.INT);
      break;
    case "string":
      w.uint32((4 << 3) | 2).string(a.value); // bytes field: the UTF-8 of the string
      w.uint32(20 << 3).int32(AttributeType.STRING);
      break;
    case "floats":
      for (const f of a.value) w.uint32((7 << 3) | 5).float(f);
      w.uint32(20 << 3).int32(AttributeType.FLOATS);
      break;
    case "ints":
      for (const i of a.value) int64(w, 8, i);
      w.uint32(20 << 3).int32(AttributeType.INTS);
      break;
  }
}

function writeNode(w: Writer, n: NodeProto): void {
  for (const i of n.inputs) w.uint32((1 << 3) | 2).string(i);
  for (const o of n.outputs) w.uint32((2 << 3) | 2).string(o);
  str(w, 3, n.name);
  str(w, 4, n.opType);
  for (const a of n.attributes) {
    writeAttribute(sub(w, 5), a);
    w.ldelim();
  }
  str(w, 6, n.docString);
}

function writeTensor(w: Writer, t: TensorProto): void {
  for (const d of t.dims) int64(w, 1, d);
  w.uint32(2 << 3).int32(t.dataType);
  str(w, 8, t.name);
  w.uint32((9 << 3) | 2).bytes(t.rawData);
}

function writeValueInfo(w: Writer, v: ValueInfoProto): void {
  str(w, 1, v.name);
  const type = sub(w, 2); // TypeProto
  const tensorType = sub(type, 1); // TypeProto.Tensor
  tensorType.uint32(1 << 3).int32(v.elemType);
  const shape = sub(tensorType, 2); // TensorShapeProto
  for (const d of v.shape) {
    const dim = sub(shape, 1);
    if (typeof d === "number") int64(dim, 1, d);
    else str(dim, 2, d);
    dim.ldelim();
  }
  shape.ldelim();
  tensorType.ldelim();
  type.ldelim();
  str(w, 3, v.docString);
}

function writeGraph(w: Writer, g: GraphProto): void {
  for (const n of g.nodes) {
    writeNode(sub(w, 1), n);
    w.ldelim();
  }
  str(w, 2, g.name);
  for (const t of g.initializers) {
    writeTensor(sub(w, 5), t);
    w.ldelim();
  }
  str(w, 10, g.docString);
  for (const [field, list] of [
    [11, g.inputs],
    [12, g.outputs],
  ] as const) {
    for (const v of list) {
      writeValueInfo(sub(w, field), v);
      w.ldelim();
    }
  }
}

/**
 * Serialises a ModelProto to the bytes of an .onnx file.
 * @example
 * const bytes = encodeModel({ irVersion: 8, opsetVersion: 17, producerName: "chainrule", producerVersion: "0.1.0", graph, metadata: {} });
 */
export function encodeModel(m: ModelProto): Uint8Array {
  const w = new Writer();
  int64(w, 1, m.irVersion);
  str(w, 2, m.producerName);
  str(w, 3, m.producerVersion);
  str(w, 6, m.docString);
  writeGraph(sub(w, 7), m.graph);
  w.ldelim();
  const opset = sub(w, 8); // OperatorSetIdProto; the default domain is the empty string
  int64(opset, 2, m.opsetVersion);
  opset.ldelim();
  for (const [key, value] of Object.entries(m.metadata)) {
    const entry = sub(w, 14); // StringStringEntryProto
    str(entry, 1, key);
    str(entry, 2, value);
    entry.ldelim();
  }
  return w.finish();
}
