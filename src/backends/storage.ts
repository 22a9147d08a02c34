/** @file The storage handle a tensor points at: values owned by a backend, with a version counter, and the host backends' storage operations. */
import { ValueError } from "../errors.js";
import type { DType, TypedArray } from "../tensor/dtype.js";
import type { Backend } from "./kernels.js";
import { exposeArray, noteWritten } from "./ownership.js";

/**
 * Where a tensor's values live. Tensors that share values (`detach`, `reshape`) share one handle,
 * so a write through any of them is seen (and counted) by all.
 */
export interface Storage {
  /** The backend that owns the values and implements `storage` operations on them. */
  readonly backend: Backend;
  readonly dtype: DType;
  /** Number of elements. */
  readonly length: number;
  /** Counts the writes made through the backend (`write`, `update`) and `Tensor.data` assignments; graph nodes record it. */
  version: number;
  /** Host backends (js, wasm): the typed array itself, so kernels get it with one property read. */
  readonly payload: TypedArray;
  /** Internal: handed out through `Tensor.data`, so user code may write it at any time without a version bump. */
  exposed: boolean;
  /** Internal: a graph node recorded this storage for backward (then handing it out takes a content hash). */
  saved: boolean;
  /** Internal: the content hash taken when it was handed out after being saved (see tape/saved.ts). */
  exposedHash: number;
}

/** What every backend does with its storage. Host backends share `hostStorage`; a device backend brings its own. */
export interface StorageOps {
  /** A storage of `owner` holding `values` (host backends wrap the array itself, no copy). */
  fromHost(owner: Backend, values: TypedArray): Storage;
  /** A copy of the values, synchronously; absent on a backend that can only read asynchronously. */
  readSync?(s: Storage): TypedArray;
  /** A copy of the values. */
  read(s: Storage): Promise<TypedArray>;
  /** Replaces the values in place with `values` (same length and dtype) and counts a new version. */
  write(s: Storage, values: TypedArray): void;
  /**
   * Runs `fn` on the values to change them in place, and counts a new version. `keepsCopies`: `fn`
   * runs a kernel of this backend that keeps the backend's own copies equal (the SGD kernel), so
   * they need not be dropped first.
   */
  update(s: Storage, fn: (values: TypedArray) => void, keepsCopies?: boolean): void;
  /**
   * Device backends: the payload when it still holds the values (made from host data, not written by a
   * kernel since), else null. Lets the few host-side readers (class-index targets) work without a readback.
   */
  hostValues?(s: Storage): TypedArray | null;
}

/**
 * Makes a storage record; backends call it from `fromHost` (or with their own payload).
 * @example
 * const s = makeStorage(jsBackend, new Float32Array(3)); s.version; // 0
 */
export function makeStorage(owner: Backend, payload: TypedArray, version = 0): Storage {
  return {
    backend: owner,
    dtype: payload instanceof Float64Array ? "float64" : payload instanceof Int32Array ? "int32" : "float32",
    length: payload.length,
    version,
    payload,
    exposed: false,
    saved: false,
    exposedHash: 0,
  };
}

/**
 * The storage operations of the host backends (js, wasm): the payload is the typed array, reads are
 * copies, and writes drop any backend copy of the array (see ownership.ts) before changing it.
 * @example
 * hostStorage.write(p.store, new Float32Array([1, 2])); // p now holds [1, 2], one version later
 */
export const hostStorage: StorageOps = {
  fromHost: (owner, values) => makeStorage(owner, values),
  readSync: (s) => s.payload.slice(),
  read: (s) => Promise.resolve(s.payload.slice()),
  write(s, values) {
    if (values.length !== s.length) {
      throw new ValueError(
        `write: the storage has ${s.length} elements but ${values.length} were given; write an array of the same length.`,
      );
    }
    noteWritten(s.payload);
    s.payload.set(values);
    s.version++;
  },
  update(s, fn, keepsCopies = false) {
    if (!keepsCopies) noteWritten(s.payload);
    fn(s.payload);
    s.version++;
  },
};

/**
 * Marks a storage as handed out to user code (`Tensor.data`): its array turns public for good
 * (backends stop caching copies of it), and when a graph node saved it, its content hash is taken
 * so that backward can still tell whether the user changed it.
 * @example
 * exposeStorage(t.store); // what the `Tensor.data` getter does
 */
export function exposeStorage(s: Storage): void {
  if (s.exposed) return;
  s.exposed = true;
  exposeArray(s.payload);
  if (s.saved) s.exposedHash = contentHash(s.payload);
}

/**
 * A 53-bit hash of the array's bytes: four independent multiply–xor lanes over its 32-bit words (so
 * the loop is not one long dependency chain), then murmur3's finalizer. Every step is a bijection of
 * its lane, so a change of one word always changes the hash; other changes go unnoticed with odds of
 * about 2⁻³². About 0.2 ms for a 784×256 float32 weight.
 * @example
 * contentHash(new Float32Array([1, 2])) === contentHash(new Float32Array([1, 2])); // true
 */
export function contentHash(a: TypedArray): number {
  const words = new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
  const n = words.length;
  let h0 = 0x811c9dc5 | 0;
  let h1 = n | 0;
  let h2 = 0x5bd1e995 | 0;
  let h3 = 0x27d4eb2f | 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    h0 = Math.imul(h0 ^ words[i]!, 0x01000193);
    h1 = Math.imul(h1 ^ words[i + 1]!, 0x5bd1e995);
    h2 = Math.imul(h2 ^ words[i + 2]!, 0x01000193);
    h3 = Math.imul(h3 ^ words[i + 3]!, 0x5bd1e995);
  }
  for (; i < n; i++) h0 = Math.imul(h0 ^ words[i]!, 0x01000193);
  const x = fmix32(h0 ^ Math.imul(h1, 0x85ebca6b));
  const y = fmix32(h2 ^ Math.imul(h3, 0xc2b2ae35));
  // x ^ y in full (a change of any one lane changes it), then 21 more bits of y
  return ((x ^ y) >>> 0) * 0x200000 + (y >>> 11);
}

/** murmur3's 32-bit finalizer: a bijection that spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Writes `values` into a tensor's storage through its backend (loading weights, restoring state).
 * @example
 * writeStorage(p.store, state[name].storage);
 */
export function writeStorage(s: Storage, values: TypedArray): void {
  s.backend.storage.write(s, values);
}

/**
 * Changes a tensor's storage in place through its backend (optimizer steps); see `StorageOps.update`.
 * @example
 * updateStorage(p.store, (a) => { for (let i = 0; i < a.length; i++) a[i] -= lr * g[i]; });
 */
export function updateStorage(s: Storage, fn: (values: TypedArray) => void, keepsCopies = false): void {
  s.backend.storage.update(s, fn, keepsCopies);
}

/**
 * The values of a storage for code that must read them on the CPU (class-index targets, index lists):
 * the payload on backends that read synchronously, or on a device backend while its host copy is
 * current; otherwise a ValueError naming `op` and the fix (no hidden readback).
 * @example
 * const idx = hostValues(targets.store, "crossEntropy");
 */
export function hostValues(s: Storage, op: string): TypedArray {
  const ops = s.backend.storage;
  if (ops.readSync) return s.payload;
  const v = ops.hostValues?.(s) ?? null;
  if (v) return v;
  throw new ValueError(
    `${op}: needs these ${s.length} values on the CPU, but they were computed on the "${s.backend.name}" backend and can only be read ` +
      `asynchronously; pass them as a plain array or a tensor made from host values, or read them first with await t.dataAsync().`,
  );
}
