/** @file The safetensors format, byte level and portable (no Node APIs): encode tensors to bytes and decode them with full validation. */
import { FormatError } from "../errors.js";
import type { TypedArray } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { namedRecord } from "./records.js";
import { DTYPES, fail, headerLength, parseHeaderJson, planSafetensors, type TensorSpec } from "./safetensors-header.js";

/** The contents of a safetensors file: named tensors and the optional `__metadata__` string map (null-prototype records when decoded). */
export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The little-endian bytes of a typed array (a view on little-endian machines, a swapped copy otherwise). */
function leBytes(data: TypedArray): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return LITTLE_ENDIAN ? view : swapped(view, data.BYTES_PER_ELEMENT);
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let k = 0; k < width; k++) out[i + k] = bytes[i + width - 1 - k]!;
  return out;
}

function checkInputs(tensors: Record<string, Tensor>, metadata: Record<string, string> | undefined): void {
  if (!tensors || typeof tensors !== "object")
    throw new FormatError(`encodeSafetensors: tensors must be a record of name → Tensor, got ${typeof tensors}.`);
  for (const [name, t] of Object.entries(tensors)) {
    if (name === "" || name === "__metadata__")
      throw new FormatError(`encodeSafetensors: ${JSON.stringify(name)} cannot name a tensor; pick another name.`);
    if (!(t instanceof Tensor)) throw new FormatError(`encodeSafetensors: "${name}" is not a Tensor (got ${typeof t}).`);
  }
  for (const [k, v] of Object.entries(metadata ?? {})) {
    if (typeof v !== "string")
      throw new FormatError(
        `encodeSafetensors: metadata "${k}" must be a string (safetensors stores a string → string map), got ${typeof v}. Use JSON.stringify for structured values.`,
      );
  }
}

/**
 * The file as a sequence of byte chunks: the 8-byte little-endian header length, the JSON header
 * (padded with spaces to a multiple of 8), then each tensor's raw little-endian data in order.
 * Streaming writers use this to avoid one big copy.
 * @example
 * for (const chunk of encodeSafetensorsChunks({ w: tensor([1, 2]) })) write(chunk);
 */
export function* encodeSafetensorsChunks(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Generator<Uint8Array> {
  checkInputs(tensors, metadata);
  // null prototypes: a tensor or metadata key "__proto__" is written like any other
  const header = namedRecord<unknown>();
  if (metadata && Object.keys(metadata).length > 0) header["__metadata__"] = namedRecord(Object.entries(metadata));
  let offset = 0;
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) {
    const n = t.size * DTYPES[t.dtype].bytes;
    header[name] = { dtype: DTYPES[t.dtype].code, shape: t.shape.slice(), data_offsets: [offset, offset + n] };
    offset += n;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(json.length), true);
  yield len;
  yield json;
  for (const [, t] of entries) yield leBytes(t.data);
}

/**
 * Encodes named tensors (float32 → "F32", float64 → "F64", int32 → "I32") and an optional string → string metadata map
 * as safetensors bytes, readable by the Python `safetensors` package, PyTorch, JAX, and Hugging Face tools.
 * @example
 * const bytes = encodeSafetensors({ weight: tensor([[1, 2]]) }, { note: "demo" });
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const chunks = [...encodeSafetensorsChunks(tensors, metadata)];
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The tensor of `spec` over `raw`, which holds exactly its little-endian bytes in a buffer of its own.
 * @example
 * const t = tensorFromBytes({ name: "w", dtype: "float32", shape: [2], begin: 0, end: 8 }, raw);
 */
export function tensorFromBytes(spec: TensorSpec, raw: Uint8Array): Tensor {
  const width = DTYPES[spec.dtype].bytes;
  const le = LITTLE_ENDIAN ? raw : swapped(raw, width);
  const n = le.length / width;
  const C = spec.dtype === "float64" ? Float64Array : spec.dtype === "int32" ? Int32Array : Float32Array;
  const data = new C(le.buffer as ArrayBuffer, le.byteOffset, n);
  return new Tensor(data, spec.shape.slice()).named(spec.name);
}

/**
 * Decodes safetensors bytes into tensors (copies, so they own their data) and the metadata map, both
 * null-prototype records (any key in the file is an ordinary key).
 * Every problem is a FormatError naming the tensor and what is wrong: a truncated file, a header that is
 * not JSON, a dtype other than F32/F64/I32, a shape that does not match its byte range, ranges that overlap,
 * leave gaps, or run past the end.
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes);
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${typeof bytes}.`);
  const len = headerLength(bytes.subarray(0, 8), bytes.length);
  const dataStart = 8 + len;
  const { metadata, specs } = planSafetensors(parseHeaderJson(bytes.subarray(8, dataStart)), bytes.length - dataStart);
  const tensors = namedRecord<Tensor>();
  for (const s of specs) {
    // a fresh, aligned copy (Node's Buffer.slice would return a view into a shared pool)
    tensors[s.name] = tensorFromBytes(s, bytes.slice(dataStart + s.begin, dataStart + s.end));
  }
  return { tensors, metadata };
}
