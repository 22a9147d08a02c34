/** @file saveSafetensors / loadSafetensors / writeFileAtomic: files on disk, written atomically and streamed in chunks. */
import type { Tensor } from "../tensor/tensor.js";
import { decodeSafetensors, encodeSafetensorsChunks, type SafetensorsFile } from "./safetensors.js";

/**
 * Saves named tensors (and an optional string → string metadata map) as a safetensors file. The file is
 * written under a temporary name, flushed, and renamed into place, so an interrupted save (an error,
 * SIGINT, SIGTERM) leaves any previous file intact and no temporary file behind. Tensors are written in
 * chunks, so files of 2 GiB and more work. Node only (the byte-level `encodeSafetensors` works everywhere).
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
 * Writes text or bytes to `path` atomically (temporary file beside it, flushed, renamed into place), as
 * `saveSafetensors` does: a crash or Ctrl-C never leaves a truncated file under the real name, and a
 * path whose directory is missing, or that is a directory, throws a ValueError naming it. Node only.
 * @example
 * await writeFileAtomic("out/loss.svg", svgText);
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const { atomicWrite } = await import("#node-files");
  await atomicWrite(path, data);
}

/**
 * Reads a safetensors file (a path in Node, or the bytes themselves anywhere) into tensors and metadata.
 * A file is read header first, then each tensor straight into its array (files of 2 GiB and more load).
 * A truncated or corrupt file throws a FormatError naming the file, the tensor and the problem; a
 * missing path or a directory throws a ValueError naming the path.
 * @example
 * const { tensors, metadata } = await loadSafetensors("weights.safetensors");
 */
export async function loadSafetensors(source: string | Uint8Array): Promise<SafetensorsFile> {
  if (source instanceof Uint8Array) return decodeSafetensors(source);
  const { readSafetensorsFile } = await import("#node-files");
  return readSafetensorsFile(source);
}
