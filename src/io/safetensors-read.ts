/** @file Reading a safetensors file through a file handle: the header first, then each tensor's bytes straight into its array (Node only). */
import { FormatError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { IO_CHUNK, openForReading, readRange } from "./node-files.js";
import { namedRecord } from "./records.js";
import { headerLength, parseHeaderJson, planSafetensors } from "./safetensors-header.js";
import { tensorFromBytes, type SafetensorsFile } from "./safetensors.js";

/**
 * Reads and validates the safetensors file at `path` without holding it whole in memory: 8 bytes of
 * length, the header, then each tensor read in calls of at most `chunkSize` bytes into a typed array of
 * its own (so files of 2 GiB and more load). A FormatError names the file and the problem.
 * @example
 * const { tensors, metadata } = await readSafetensorsFile("model.safetensors");
 */
export async function readSafetensorsFile(path: string, opts: { chunkSize?: number } = {}): Promise<SafetensorsFile> {
  const chunkSize = opts.chunkSize ?? IO_CHUNK;
  const { handle, size } = await openForReading(path);
  try {
    const first = new Uint8Array(Math.min(8, size));
    await readRange(handle, first, 0, chunkSize);
    const len = headerLength(first, size);
    const json = new Uint8Array(len);
    await readRange(handle, json, 8, chunkSize);
    const dataStart = 8 + len;
    const { metadata, specs } = planSafetensors(parseHeaderJson(json), size - dataStart);
    const tensors = namedRecord<Tensor>();
    for (const s of specs) {
      const n = s.end - s.begin;
      // a buffer of its own, which the typed array then wraps: the bytes are read once and never copied
      const raw = new Uint8Array(new ArrayBuffer(n), 0, n);
      await readRange(handle, raw, dataStart + s.begin, chunkSize);
      tensors[s.name] = tensorFromBytes(s, raw);
    }
    return { tensors, metadata };
  } catch (e) {
    if (e instanceof FormatError) throw new FormatError(`${path}: ${e.message}`);
    throw e;
  } finally {
    await handle.close();
  }
}
