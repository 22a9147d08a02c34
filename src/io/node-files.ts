/** @file File access for Node, kept apart and loaded lazily (dynamic import) so the rest of chainrule stays browser-safe. */
import { ValueError } from "../errors.js";
import { hold, release, sweepStaleTemps, tempNameFor } from "./temp-files.js";

type FsPromises = typeof import("node:fs/promises");

let fsp: Promise<FsPromises> | null = null;

/** node:fs/promises, imported on first use. */
function fs(): Promise<FsPromises> {
  fsp ??= import("node:fs/promises");
  return fsp;
}

/** The most bytes one write or read call moves (Node refuses single calls of 2 GiB or more). */
export const IO_CHUNK = 64 * 1024 * 1024;

/** What `atomicWrite` writes: text (UTF-8), bytes, or a sequence of byte chunks (sync or async). */
export type WriteSource = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

async function dirName(path: string): Promise<string> {
  const { dirname } = await import("node:path");
  return dirname(path);
}

/**
 * Why `path` cannot be written as a file, or null when it can: the path is a directory, its directory
 * is missing or not a directory, or it is not writable. Changes nothing on disk.
 * @example
 * await whyNotWritable("no/such/dir/model.safetensors"); // 'the directory "no/such/dir" does not exist; …'
 */
export async function whyNotWritable(path: string): Promise<string | null> {
  const { access, stat, constants } = await fs();
  const dir = await dirName(path);
  try {
    if ((await stat(path)).isDirectory())
      return `"${path}" is a directory; name a file (for example "${path.replace(/\/*$/, "")}/model.safetensors")`;
  } catch (e) {
    if (errno(e) !== "ENOENT") return `"${path}" cannot be examined (${(e as Error).message})`;
  }
  try {
    if (!(await stat(dir)).isDirectory()) return `"${dir}" is not a directory, so "${path}" cannot be created in it`;
  } catch {
    return `the directory "${dir}" does not exist; create it first (mkdir -p ${dir}) or pick another path`;
  }
  try {
    await access(dir, constants.W_OK);
  } catch {
    return `the directory "${dir}" is not writable; pick a path in a directory you can write to`;
  }
  return null;
}

async function* pieces(data: WriteSource, chunkSize: number): AsyncGenerator<Uint8Array> {
  const source = typeof data === "string" ? [new TextEncoder().encode(data)] : data instanceof Uint8Array ? [data] : data;
  for await (const chunk of source) for (let at = 0; at < chunk.length; at += chunkSize) yield chunk.subarray(at, at + chunkSize);
}

/**
 * Writes `data` to a temporary file beside `path` (`.name.<pid>.<random>.tmp`), in calls of at most
 * `chunkSize` bytes (so files of 2 GiB and more work), flushes it and renames it over `path`: a crash never
 * leaves a half-written file under the real name. The temporary file is removed if anything throws midway,
 * and on SIGINT/SIGTERM (the process then exits with 130/143); temps of `path` left by killed processes
 * are swept first. A path that cannot be written throws a ValueError naming it and the fix.
 * @example
 * await atomicWrite("model.safetensors", encodeSafetensorsChunks(tensors));
 */
export async function atomicWrite(path: string, data: WriteSource, opts: { chunkSize?: number } = {}): Promise<void> {
  const { open, rename, rm } = await fs();
  const chunkSize = Math.min(opts.chunkSize ?? IO_CHUNK, IO_CHUNK);
  const problem = await whyNotWritable(path);
  if (problem) throw new ValueError(`cannot write "${path}": ${problem}.`);
  await sweepStaleTemps(path);
  const tmp = await tempNameFor(path);
  await hold(tmp);
  try {
    const handle = await open(tmp, "wx");
    try {
      for await (const piece of pieces(data, chunkSize)) {
        let off = 0;
        while (off < piece.length) off += (await handle.write(piece, off, piece.length - off)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    release(tmp);
  }
}

/**
 * Opens `path` for reading, with a clear ValueError when it is missing or a directory.
 * @example
 * const { handle, size } = await openForReading("model.safetensors");
 */
export async function openForReading(path: string): Promise<{ handle: import("node:fs/promises").FileHandle; size: number }> {
  const { open } = await fs();
  let handle;
  try {
    handle = await open(path, "r");
  } catch (e) {
    if (errno(e) === "ENOENT") throw new ValueError(`cannot read "${path}": no such file; check the path.`);
    if (errno(e) === "EISDIR") throw new ValueError(`cannot read "${path}": it is a directory; name a file inside it.`);
    throw e;
  }
  const st = await handle.stat();
  if (st.isDirectory()) {
    await handle.close();
    throw new ValueError(`cannot read "${path}": it is a directory; name a file inside it.`);
  }
  return { handle, size: st.size };
}

/**
 * Reads `length` bytes at `position` into `into`, in calls of at most `chunkSize` bytes; a short file
 * throws (the caller checked the size first).
 * @example
 * await readRange(handle, new Uint8Array(8), 0, 8);
 */
export async function readRange(
  handle: import("node:fs/promises").FileHandle,
  into: Uint8Array,
  position: number,
  chunkSize = IO_CHUNK,
): Promise<void> {
  const step = Math.min(chunkSize, IO_CHUNK);
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, Math.min(step, into.length - done), position + done);
    if (bytesRead === 0)
      throw new ValueError(
        `the file ended after ${position + done} bytes, while reading ${into.length} at ${position}; it changed while being read.`,
      );
    done += bytesRead;
  }
}

/**
 * Reads a whole file (in chunks, so any size the memory allows).
 * @example
 * const bytes = await readBytes("model.safetensors");
 */
export async function readBytes(path: string, chunkSize = IO_CHUNK): Promise<Uint8Array> {
  const { handle, size } = await openForReading(path);
  try {
    const out = new Uint8Array(size);
    await readRange(handle, out, 0, chunkSize);
    return out;
  } finally {
    await handle.close();
  }
}

// the streaming safetensors reader is Node-only too: files.ts reaches it through "#node-files"
export { readSafetensorsFile } from "./safetensors-read.js";
