/** @file saveSafetensors / loadSafetensors: safetensors files on disk, written atomically. */
import { FormatError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { decodeSafetensors, encodeSafetensorsChunks, type SafetensorsFile } from "./safetensors.js";

/**
 * Saves named tensors (and an optional string → string metadata map) as a safetensors file. The file is
 * written under a temporary name, flushed, and renamed into place, so an interrupted save leaves any
 * previous file intact. Node only (the byte-level `encodeSafetensors` works everywhere).
 * @example
 * await saveSafetensors("weights.safetensors", { w: tensor([[1, 2]]) }, { epoch: "3" });
 */
export async function saveSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): Promise<void> {
  const chunks = encodeSafetensorsChunks(tensors, metadata);
  const first = chunks.next(); // validates the inputs before any file is touched
  const { atomicWrite } = await import("#node-files");
  await atomicWrite(path, prepend(first, chunks));
}

function* prepend(first: IteratorResult<Uint8Array>, rest: Iterator<Uint8Array>): Generator<Uint8Array> {
  if (first.done) return;
  yield first.value;
  for (let r = rest.next(); !r.done; r = rest.next()) yield r.value;
}

/**
 * Reads the bytes of a file (Node only), loading node:fs lazily.
 * @example
 * const bytes = await readFileBytes("weights.safetensors");
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  const { readBytes } = await import("#node-files");
  return readBytes(path);
}

/**
 * Decodes bytes read from `path`, naming the file in any FormatError.
 * @example
 * decodeFromFile("w.safetensors", bytes);
 */
export function decodeFromFile(path: string, bytes: Uint8Array): SafetensorsFile {
  try {
    return decodeSafetensors(bytes);
  } catch (e) {
    if (e instanceof FormatError) throw new FormatError(`${path}: ${e.message}`);
    throw e;
  }
}

/**
 * Reads a safetensors file (a path in Node, or the bytes themselves anywhere) into tensors and metadata.
 * A truncated or corrupt file throws a FormatError naming the file, the tensor and the problem.
 * @example
 * const { tensors, metadata } = await loadSafetensors("weights.safetensors");
 */
export async function loadSafetensors(source: string | Uint8Array): Promise<SafetensorsFile> {
  if (source instanceof Uint8Array) return decodeSafetensors(source);
  return decodeFromFile(source, await readFileBytes(source));
}
