/** @file GPU buffers behind typed arrays: which buffer holds an array's values, a size-class pool, release on collection, and the byte counts `memory()` reports. */
import type { TypedArray } from "../../tensor/dtype.js";

/** GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST (numbers, so no global is needed in Node). */
export const STORAGE_USAGE = 0x80 | 0x04 | 0x08;

/**
 * Where an array's values are: `buffer` (bytes of the buffer's size class) holds them on the GPU.
 * `hostValid`: the array itself still holds the same values (it was uploaded and no kernel wrote it since).
 */
export interface Entry {
  readonly buffer: GPUBuffer;
  readonly bytes: number;
  hostValid: boolean;
}

/** The typed arrays the ops layer hands kernels are the keys: a kernel output's array holds no values, its buffer does. */
const entries = new WeakMap<TypedArray, Entry>();

/** Free buffers by size class. */
const pool = new Map<number, GPUBuffer[]>();
/** Buffers released while commands that may use them are still being recorded: pooled after the next submit. */
let deferred: { buffer: GPUBuffer; bytes: number }[] = [];
/** Whether a command encoder is open (set by the runner), so releases wait for its submit. */
let recording = false;

/** At most this many bytes wait in the pool; beyond it released buffers are destroyed. */
const POOL_LIMIT = 512 * 1024 * 1024;

const stats = { liveBytes: 0, liveBuffers: 0, pooledBytes: 0, pooledBuffers: 0, created: 0, reused: 0 };

const finalizer = new FinalizationRegistry<{ buffer: GPUBuffer; bytes: number }>((held) => release(held.buffer, held.bytes));

/**
 * The size class of a request: 256 bytes at least, else the size rounded up to a quarter of its power of two
 * (so a recycled buffer wastes at most 25%).
 * @example
 * sizeClass(1000); // 1024
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 2);
  return Math.ceil(bytes / step) * step;
}

/**
 * A buffer of at least `bytes` from the pool (or a new one), counted live until `release`.
 * @example
 * const { buffer } = acquire(device, 4096);
 */
export function acquire(device: GPUDevice, bytes: number): { buffer: GPUBuffer; bytes: number } {
  const size = sizeClass(bytes);
  const free = pool.get(size);
  let buffer = free?.pop();
  if (buffer) {
    stats.pooledBytes -= size;
    stats.pooledBuffers--;
    stats.reused++;
  } else {
    buffer = device.createBuffer({ size, usage: STORAGE_USAGE });
    stats.created++;
  }
  stats.liveBytes += size;
  stats.liveBuffers++;
  return { buffer, bytes: size };
}

/**
 * Counts a buffer made outside the pool (an upload) as live, so it is pooled when released.
 * @example
 * attach(a, adopt(uploadBuffer), true);
 */
export function adopt(buffer: GPUBuffer): { buffer: GPUBuffer; bytes: number } {
  stats.liveBytes += buffer.size;
  stats.liveBuffers++;
  return { buffer, bytes: buffer.size };
}

function release(buffer: GPUBuffer, bytes: number): void {
  stats.liveBytes -= bytes;
  stats.liveBuffers--;
  if (recording) deferred.push({ buffer, bytes });
  else recycle(buffer, bytes);
}

function recycle(buffer: GPUBuffer, bytes: number): void {
  if (stats.pooledBytes + bytes > POOL_LIMIT) {
    buffer.destroy();
    return;
  }
  let free = pool.get(bytes);
  if (!free) pool.set(bytes, (free = []));
  free.push(buffer);
  stats.pooledBytes += bytes;
  stats.pooledBuffers++;
}

/** The runner says whether commands are being recorded; when they have been submitted, deferred buffers return to the pool. */
export function setRecording(on: boolean): void {
  recording = on;
  if (on) return;
  const list = deferred;
  deferred = [];
  for (const d of list) recycle(d.buffer, d.bytes);
}

/**
 * Makes `buffer` the home of `array`'s values until the array is collected (then the buffer is recycled).
 * @example
 * attach(out, acquire(device, out.byteLength), false);
 */
export function attach(array: TypedArray, held: { buffer: GPUBuffer; bytes: number }, hostValid: boolean): Entry {
  const e: Entry = { buffer: held.buffer, bytes: held.bytes, hostValid };
  entries.set(array, e);
  finalizer.register(array, { buffer: held.buffer, bytes: held.bytes });
  return e;
}

/**
 * The entry of an array, or undefined when its values were never put on the GPU.
 * @example
 * entryOf(t.storage)?.buffer;
 */
export function entryOf(array: TypedArray): Entry | undefined {
  return entries.get(array);
}

/**
 * A snapshot of the counts.
 * @example
 * gpuMemoryStats().liveBytes;
 */
export function gpuMemoryStats(): typeof stats {
  return { ...stats };
}
