/** @file File access for Node, kept apart and loaded lazily (dynamic import) so the rest of chainrule stays browser-safe. */

type FsPromises = typeof import("node:fs/promises");

let fsp: Promise<FsPromises> | null = null;

/** node:fs/promises, imported on first use. */
function fs(): Promise<FsPromises> {
  fsp ??= import("node:fs/promises");
  return fsp;
}

/** A temporary name beside `path` (same directory, so the final rename stays on one file system and is atomic). */
function tempName(path: string): string {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  return `${path}.${pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
}

/**
 * Writes the chunks to a temporary file, flushes it to disk, and renames it over `path`. If anything
 * throws midway (a chunk generator, the disk), the temporary file is removed and `path` keeps its previous
 * contents: a crash never leaves a half-written file under the real name.
 * @example
 * await atomicWrite("model.safetensors", encodeSafetensorsChunks(tensors));
 */
export async function atomicWrite(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const { open, rename, rm } = await fs();
  const tmp = tempName(path);
  const handle = await open(tmp, "wx");
  let written = false;
  try {
    for (const chunk of chunks) {
      let off = 0;
      while (off < chunk.length) off += (await handle.write(chunk, off, chunk.length - off)).bytesWritten;
    }
    await handle.sync();
    written = true;
  } finally {
    await handle.close();
    if (!written) await rm(tmp, { force: true });
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Reads a whole file.
 * @example
 * const bytes = await readBytes("model.safetensors");
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  const { readFile } = await fs();
  const buf = await readFile(path);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
