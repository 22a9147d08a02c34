/** @file Reading a safetensors header: the length field, the JSON, and the validated plan of where each tensor's bytes lie. */
import { FormatError } from "../errors.js";
import type { DType } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";

/** Byte width and safetensors code of each dtype chainrule reads and writes. */
export const DTYPES: Record<DType, { code: string; bytes: number }> = {
  float32: { code: "F32", bytes: 4 },
  float64: { code: "F64", bytes: 8 },
  int32: { code: "I32", bytes: 4 },
};
const FROM_CODE: Record<string, DType> = { F32: "float32", F64: "float64", I32: "int32" };
/** The largest header the reference implementation accepts (100 MB). */
const MAX_HEADER = 100_000_000;

/** Where one tensor's bytes lie in the data section (offsets relative to its start). */
export interface TensorSpec {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

/** The validated header: the metadata map and the tensors in header order. */
export interface SafetensorsPlan {
  metadata: Record<string, string>;
  specs: TensorSpec[];
}

/** Throws the FormatError of a bad file. */
export function fail(what: string, fix = ""): never {
  throw new FormatError(`decodeSafetensors: ${what}${fix ? ` ${fix}` : ""}`);
}

const CUT = "The file was cut short; save it again.";

/**
 * The header's length from the file's first 8 bytes, checked against the 100 MB limit and the file size.
 * @example
 * const n = headerLength(bytes.subarray(0, 8), bytes.length); // JSON bytes that follow
 */
export function headerLength(first: Uint8Array, fileSize: number): number {
  if (fileSize < 8) fail(`truncated file: ${fileSize} bytes, but the 8-byte header length alone needs 8.`, CUT);
  const n = new DataView(first.buffer, first.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER))
    fail(`bad header: its length field says ${n} bytes (more than the 100 MB limit); this is not a safetensors file or it is corrupt.`);
  const len = Number(n);
  if (8 + len > fileSize) fail(`truncated file: the header needs ${len} bytes but only ${fileSize - 8} follow the length field.`, CUT);
  return len;
}

/**
 * Parses the JSON header into a null-prototype record (a key such as "__proto__" stays an ordinary key).
 * @example
 * const header = parseHeaderJson(bytes.subarray(8, 8 + n));
 */
export function parseHeaderJson(json: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(json);
  } catch {
    fail(`bad header: the ${json.length} header bytes are not valid UTF-8.`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`bad header: not valid JSON (${(e as Error).message}).`);
  }
  if (!text.startsWith("{") || header === null || typeof header !== "object" || Array.isArray(header))
    fail(`bad header: expected a JSON object, got ${text.slice(0, 40)}.`);
  // JSON.parse makes "__proto__" an own property; copying into a null-prototype record keeps it one
  return Object.assign(Object.create(null) as Record<string, unknown>, header);
}

function parseMetadata(raw: unknown): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (raw === undefined) return out;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail(`bad header: "__metadata__" must be an object of strings.`);
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") fail(`bad header: "__metadata__" entry "${k}" is ${typeof v}; metadata values must be strings.`);
    out[k] = v;
  }
  return out;
}

function isIntArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((d) => Number.isSafeInteger(d) && d >= 0);
}

function spec(name: string, raw: unknown, dataLen: number): TensorSpec {
  const t = `tensor "${name}":`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail(`${t} its header entry is not an object.`);
  const e = raw as Record<string, unknown>;
  const code = e["dtype"];
  if (typeof code !== "string" || !Object.hasOwn(FROM_CODE, code)) {
    fail(
      `${t} dtype ${JSON.stringify(code)} is not supported; chainrule reads "F32", "F64" and "I32".`,
      "Convert the tensor to float32 or float64 (or int32, for indices) before saving.",
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
  if (end > dataLen) fail(`${t} truncated file: its data ends at byte ${end} of the data section, which has only ${dataLen} bytes.`, CUT);
  return { name, dtype, shape, begin, end };
}

/**
 * Validates every header entry against a data section of `dataLen` bytes: dtype F32/F64/I32, a shape that
 * matches its byte range, ranges that neither overlap, leave gaps, nor run past the end.
 * @example
 * const { metadata, specs } = planSafetensors(header, bytes.length - 8 - n);
 */
export function planSafetensors(header: Record<string, unknown>, dataLen: number): SafetensorsPlan {
  const metadata = parseMetadata(header["__metadata__"]);
  const specs = Object.entries(header)
    .filter(([name]) => name !== "__metadata__")
    .map(([name, raw]) => spec(name, raw, dataLen));
  const sorted = specs.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const s of sorted) {
    if (s.begin < at) fail(`tensor "${s.name}": data_offsets [${s.begin}, ${s.end}] overlap the previous tensor (which ends at ${at}).`);
    if (s.begin > at) fail(`tensor "${s.name}": data_offsets start at ${s.begin}, leaving a gap after byte ${at}.`);
    at = s.end;
  }
  if (at !== dataLen)
    fail(`the data section has ${dataLen} bytes but the tensors cover only ${at}; the file has trailing bytes or is corrupt.`);
  return { metadata, specs };
}
