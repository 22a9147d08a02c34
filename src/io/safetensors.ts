/** @file The safetensors format, byte level and portable (no Node APIs): encode tensors to bytes and decode them with full validation. */
import { FormatError } from "../errors.js";
import type { DType, TypedArray } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** The contents of a safetensors file: named tensors and the optional `__metadata__` string map. */
export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

const DTYPES: Record<DType, { code: string; bytes: number }> = { float32: { code: "F32", bytes: 4 }, float64: { code: "F64", bytes: 8 } };
const FROM_CODE: Record<string, DType> = { F32: "float32", F64: "float64" };
/** The largest header the reference implementation accepts (100 MB). */
const MAX_HEADER = 100_000_000;
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
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header["__metadata__"] = { ...metadata };
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
 * Encodes named tensors (float32 → "F32", float64 → "F64") and an optional string → string metadata map
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

function fail(what: string, fix = ""): never {
  throw new FormatError(`decodeSafetensors: ${what}${fix ? ` ${fix}` : ""}`);
}

function isIntArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((d) => Number.isSafeInteger(d) && d >= 0);
}

function parseHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${typeof bytes}.`);
  if (bytes.length < 8)
    fail(`truncated file: ${bytes.length} bytes, but the 8-byte header length alone needs 8.`, "The file was cut short; save it again.");
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER))
    fail(`bad header: its length field says ${n} bytes (more than the 100 MB limit); this is not a safetensors file or it is corrupt.`);
  const len = Number(n);
  if (8 + len > bytes.length)
    fail(
      `truncated file: the header needs ${len} bytes but only ${bytes.length - 8} follow the length field.`,
      "The file was cut short; save it again.",
    );
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + len));
  } catch {
    fail(`bad header: the ${len} header bytes are not valid UTF-8.`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`bad header: not valid JSON (${(e as Error).message}).`);
  }
  if (!text.startsWith("{") || header === null || typeof header !== "object" || Array.isArray(header))
    fail(`bad header: expected a JSON object, got ${text.slice(0, 40)}.`);
  return { header: header as Record<string, unknown>, dataStart: 8 + len };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail(`bad header: "__metadata__" must be an object of strings.`);
  for (const [k, v] of Object.entries(raw))
    if (typeof v !== "string") fail(`bad header: "__metadata__" entry "${k}" is ${typeof v}; metadata values must be strings.`);
  return { ...(raw as Record<string, string>) };
}

/**
 * Decodes safetensors bytes into tensors (copies, so they own their data) and the metadata map.
 * Every problem is a FormatError naming the tensor and what is wrong: a truncated file, a header that is
 * not JSON, a dtype other than F32/F64, a shape that does not match its byte range, ranges that overlap,
 * leave gaps, or run past the end.
 * @example
 * const { tensors, metadata } = decodeSafetensors(bytes);
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  const { header, dataStart } = parseHeader(bytes);
  const dataLen = bytes.length - dataStart;
  const metadata = parseMetadata(header["__metadata__"]);
  const specs: { name: string; dtype: DType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const t = `tensor "${name}":`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail(`${t} its header entry is not an object.`);
    const e = raw as Record<string, unknown>;
    const code = e["dtype"];
    if (typeof code !== "string" || !(code in FROM_CODE)) {
      fail(
        `${t} dtype ${JSON.stringify(code)} is not supported; chainrule reads "F32" and "F64".`,
        "Convert the tensor to float32 or float64 before saving.",
      );
    }
    const shape = e["shape"];
    if (!isIntArray(shape)) fail(`${t} shape ${JSON.stringify(shape)} is not a list of non-negative integers.`);
    const offs = e["data_offsets"];
    if (!isIntArray(offs) || offs.length !== 2 || offs[0]! > offs[1]!)
      fail(`${t} data_offsets ${JSON.stringify(offs)} must be [begin, end] with begin ≤ end.`);
    const dtype = FROM_CODE[code]!;
    const [begin, end] = offs as [number, number];
    const need = shape.reduce((a, d) => a * d, 1) * DTYPES[dtype].bytes;
    if (end - begin !== need)
      fail(`${t} shape ${fmtShape(shape)} ${code} needs ${need} bytes but data_offsets [${begin}, ${end}] span ${end - begin}.`);
    if (end > dataLen)
      fail(
        `${t} truncated file: its data ends at byte ${end} of the data section, which has only ${dataLen} bytes.`,
        "The file was cut short; save it again.",
      );
    specs.push({ name, dtype, shape, begin, end });
  }
  const sorted = specs.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const s of sorted) {
    if (s.begin < at) fail(`tensor "${s.name}": data_offsets [${s.begin}, ${s.end}] overlap the previous tensor (which ends at ${at}).`);
    if (s.begin > at) fail(`tensor "${s.name}": data_offsets start at ${s.begin}, leaving a gap after byte ${at}.`);
    at = s.end;
  }
  if (at !== dataLen)
    fail(`the data section has ${dataLen} bytes but the tensors cover only ${at}; the file has trailing bytes or is corrupt.`);
  const tensors: Record<string, Tensor> = {};
  for (const s of specs) {
    // a fresh, aligned copy (Node's Buffer.slice would return a view into a shared pool)
    const raw = new Uint8Array(s.end - s.begin);
    raw.set(bytes.subarray(dataStart + s.begin, dataStart + s.end));
    const width = DTYPES[s.dtype].bytes;
    const buf = LITTLE_ENDIAN ? raw.buffer : swapped(raw, width).buffer;
    const data = s.dtype === "float64" ? new Float64Array(buf) : new Float32Array(buf);
    tensors[s.name] = new Tensor(data, s.shape.slice()).named(s.name);
  }
  return { tensors, metadata };
}
