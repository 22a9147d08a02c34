/** @file Test helpers for ONNX export: run bytes in ONNX Runtime (wasm build) and decode them with a schema-driven protobuf reader. */
import * as ort from "onnxruntime-web";
import protobuf from "protobufjs";
import type { Tensor } from "../../src/index.js";
import type { GraphProto } from "../../src/onnx/proto.js";

ort.env.wasm.numThreads = 1;

/**
 * Runs an ONNX model on `x` (float32 or float64, as the tensor is; int64 for a BigInt64Array) and returns the first output.
 * @example
 * const { data, dims } = await runOnnx(bytes, x);
 */
export async function runOnnx(
  bytes: Uint8Array,
  x: Tensor | { data: Float32Array | Float64Array | BigInt64Array; shape: readonly number[] },
  names = { input: "input", output: "output" },
): Promise<{ data: Float32Array | Float64Array; dims: readonly number[]; type: string }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const type = x.data instanceof BigInt64Array ? "int64" : x.data instanceof Float64Array ? "float64" : "float32";
    const feeds = { [names.input]: new ort.Tensor(type, x.data as Float32Array, x.shape) };
    const out = (await session.run(feeds))[names.output]!;
    return { data: out.data as Float32Array | Float64Array, dims: out.dims, type: out.type };
  } finally {
    await session.release();
  }
}

// The ONNX messages chainrule writes, transcribed from onnx.proto (proto2) for an independent decoder.
const SCHEMA = `
syntax = "proto2";
package onnx;
message AttributeProto { optional string name = 1; optional float f = 2; optional int64 i = 3; optional bytes s = 4;
  repeated float floats = 7; repeated int64 ints = 8; optional int32 type = 20; }
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; optional string doc_string = 3; }
message NodeProto { repeated string input = 1; repeated string output = 2; optional string name = 3; optional string op_type = 4;
  repeated AttributeProto attribute = 5; optional string doc_string = 6; optional string domain = 7; }
message StringStringEntryProto { optional string key = 1; optional string value = 2; }
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message ModelProto { optional int64 ir_version = 1; repeated OperatorSetIdProto opset_import = 8; optional string producer_name = 2;
  optional string producer_version = 3; optional string domain = 4; optional int64 model_version = 5; optional string doc_string = 6;
  optional GraphProto graph = 7; repeated StringStringEntryProto metadata_props = 14; }
message GraphProto { repeated NodeProto node = 1; optional string name = 2; repeated TensorProto initializer = 5;
  optional string doc_string = 10; repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; repeated ValueInfoProto value_info = 13; }
message TensorProto { repeated int64 dims = 1; optional int32 data_type = 2; optional string name = 8; optional bytes raw_data = 9; }
message TensorShapeProto { message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } optional string denotation = 3; }
  repeated Dimension dim = 1; }
message TypeProto { message Tensor { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; } optional string denotation = 6; }
`;
const ModelType = protobuf.parse(SCHEMA).root.lookupType("onnx.ModelProto");

interface RawValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim?: { dimValue?: number; dimParam?: string }[] } } };
}
interface RawModel {
  irVersion: number;
  producerName: string;
  opsetImport: { domain?: string; version: number }[];
  metadataProps?: { key: string; value: string }[];
  graph: {
    name: string;
    node?: { input?: string[]; output?: string[]; name: string; opType: string; attribute?: Record<string, unknown>[] }[];
    initializer?: { dims?: number[]; dataType: number; name: string; rawData: Uint8Array }[];
    input: RawValueInfo[];
    output: RawValueInfo[];
  };
}

/** A decoded model: its header fields and the graph in the shape `checkGraph` takes, plus the raw attributes. */
export interface DecodedModel {
  irVersion: number;
  producerName: string;
  opsets: { domain: string; version: number }[];
  metadata: Record<string, string>;
  graph: GraphProto;
  attributes: Record<string, unknown>[][];
}

const valueInfo = (v: RawValueInfo) => ({
  name: v.name,
  elemType: v.type.tensorType.elemType as 1 | 7 | 11,
  shape: (v.type.tensorType.shape.dim ?? []).map((d) => (d.dimParam !== undefined ? d.dimParam : d.dimValue!)),
});

/**
 * Decodes ONNX bytes with protobufjs's reflection (not chainrule's writer).
 * @example
 * decodeOnnx(bytes).graph.nodes.map((n) => n.opType); // ["Gemm", "Relu", "Gemm"]
 */
export function decodeOnnx(bytes: Uint8Array): DecodedModel {
  const raw = ModelType.toObject(ModelType.decode(bytes), { longs: Number, arrays: true, oneofs: false }) as RawModel;
  const nodes = raw.graph.node ?? [];
  return {
    irVersion: raw.irVersion,
    producerName: raw.producerName,
    opsets: raw.opsetImport.map((o) => ({ domain: o.domain ?? "", version: o.version })),
    metadata: Object.fromEntries((raw.metadataProps ?? []).map((e) => [e.key, e.value])),
    attributes: nodes.map((n) => n.attribute ?? []),
    graph: {
      name: raw.graph.name,
      nodes: nodes.map((n) => ({ opType: n.opType, name: n.name, inputs: n.input ?? [], outputs: n.output ?? [], attributes: [] })),
      initializers: (raw.graph.initializer ?? []).map((t) => ({
        name: t.name,
        dims: t.dims ?? [],
        dataType: t.dataType as 1 | 11,
        rawData: new Uint8Array(t.rawData),
      })),
      inputs: raw.graph.input.map(valueInfo),
      outputs: raw.graph.output.map(valueInfo),
    },
  };
}

/**
 * The values of a decoded initializer as numbers.
 * @example
 * initializerValues(decoded.graph.initializers[0]!); // [0.1, -0.3, …]
 */
export function initializerValues(t: GraphProto["initializers"][number]): number[] {
  const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
  const size = t.dataType === 11 ? 8 : 4;
  return Array.from({ length: t.rawData.byteLength / size }, (_, i) =>
    size === 8 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true),
  );
}
