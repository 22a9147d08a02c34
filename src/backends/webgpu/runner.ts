/** @file Running WGSL kernels: cached pipelines, parameter buffers, one command encoder per synchronous run of ops (submitted at the next microtask or before a read), uploads and reads. */
import { DTypeError, ValueError } from "../../errors.js";
import type { TypedArray } from "../../tensor/dtype.js";
import { acquire, adopt, attach, entryOf, setRecording, sizeClass, STORAGE_USAGE, type Entry } from "./buffers.js";
import type { GpuContext } from "./device.js";

let ctx: GpuContext | null = null;
let encoder: GPUCommandEncoder | null = null;
let pass: GPUComputePassEncoder | null = null;
let dispatches = 0;
/** The first error the device reported (a kernel bug or out of memory), thrown at the next read. */
let deviceError: string | null = null;

/** Above this many dispatches in one encoder it is submitted at once (a long synchronous loop). */
const MAX_DISPATCHES = 2048;

/** Output arrays up to this many elements are filled with NaN when their values move to the GPU. */
const POISON_MAX = 65536;

const pipelines = new Map<string, GPUComputePipeline>();
const params = new Map<string, GPUBuffer>();
const PARAMS_LIMIT = 4096;

/** Counters for tests: submits (command buffers) and dispatches so far. */
export const runnerStats = { submits: 0, dispatches: 0, pipelines: 0, reads: 0 };

/**
 * Binds the runner to a device (once, when the backend loads).
 * @example
 * useContext(await gpuContext());
 */
export function useContext(c: GpuContext): void {
  ctx = c;
  c.device.addEventListener("uncapturederror", (ev) => {
    deviceError ??= (ev as GPUUncapturedErrorEvent).error.message;
  });
}

function device(): GPUDevice {
  if (!ctx) throw new ValueError('webgpu: the backend has not loaded; run await setBackend("webgpu") first.');
  return ctx.device;
}

/** Checks an array can live on the GPU: float32 (WGSL has no f64), or int32 where the kernel takes indices (`int`). */
export function checkFloat32(a: TypedArray, op: string, int = false): void {
  if (int) {
    if (!(a instanceof Int32Array))
      throw new DTypeError(`${op}: this webgpu kernel takes int32 indices, got a ${a.constructor.name} of ${a.length} elements.`);
    return;
  }
  if (!(a instanceof Float32Array)) {
    const kind = a instanceof Float64Array ? "float64" : "int32";
    throw new DTypeError(
      `${op}: the webgpu backend computes in float32 only (WGSL has no f64; int32 tensors hold indices for take, embedding and cast), got a ${kind} array of ${a.length} elements. ` +
        `Convert with x.cast("float32") (or make tensors with { dtype: "float32" }), or run float64 work on a CPU backend: await setBackend("js") or "wasm".`,
    );
  }
}

/**
 * The GPU buffer holding `a`'s values, uploading the array when it has none yet (a tensor made from
 * host values, an optimizer buffer): a new buffer written at creation, so no queued command can see it early.
 */
export function bufferOf(a: TypedArray, op: string, int = false): Entry {
  const e = entryOf(a);
  if (e) return e;
  checkFloat32(a, op, int);
  const buffer = device().createBuffer({ size: sizeClass(a.byteLength), usage: STORAGE_USAGE, mappedAtCreation: true });
  // the array's own bytes: float32 values, or int32 indices read as i32 by the index kernels
  new Uint8Array(buffer.getMappedRange(), 0, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  buffer.unmap();
  return attach(a, adopt(buffer), true);
}

/**
 * A buffer for a kernel's output array `out` (fresh from the pool), or its existing buffer when it has one (in-place kernels).
 * The array no longer holds the values afterwards. `int`: the kernel writes int32 indices.
 */
export function outputOf(out: TypedArray, op: string, int = false): Entry {
  let e = entryOf(out);
  if (!e) {
    checkFloat32(out, op, int);
    // the array stops holding values: small ones are filled with NaN, so a CPU kernel handed one by mistake
    // (a webgpu result used after setBackend("js")) gives NaNs rather than plausible zeros (int32: −1, never a valid index)
    if (out.length <= POISON_MAX) out.fill(int ? -1 : NaN);
    e = attach(out, acquire(device(), Math.max(4, out.byteLength)), false);
  }
  e.hostValid = false;
  return e;
}

/** A small read-only storage buffer of u32 words (f32 values stored as their bits), shared by equal parameter lists. */
function paramBuffer(words: Uint32Array): GPUBuffer {
  const key = words.join(",");
  let b = params.get(key);
  if (b) return b;
  if (params.size >= PARAMS_LIMIT) params.clear();
  b = device().createBuffer({ size: Math.max(16, words.byteLength), usage: 0x80, mappedAtCreation: true });
  new Uint32Array(b.getMappedRange(), 0, words.length).set(words);
  b.unmap();
  params.set(key, b);
  return b;
}

/**
 * Parameter words: integers as u32, and floats (marked by wrapping in `f32()`) as their float32 bits.
 * @example
 * words([n, f32(0.5)]);
 */
export function words(values: readonly (number | { f: number })[]): Uint32Array {
  const w = new Uint32Array(Math.max(1, values.length));
  const f = new Float32Array(w.buffer);
  values.forEach((v, i) => {
    if (typeof v === "number") w[i] = v >>> 0;
    else f[i] = v.f;
  });
  return w;
}

/** Marks a parameter as a float (see `words`). */
export function f32(v: number): { f: number } {
  return { f: v };
}

function pipeline(code: string): GPUComputePipeline {
  let p = pipelines.get(code);
  if (!p) {
    const module = device().createShaderModule({ code });
    p = device().createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
    pipelines.set(code, p);
    runnerStats.pipelines++;
  }
  return p;
}

/**
 * Records one dispatch of `code` (entry point `main`, bindings 0… in the order given, then the
 * parameter words last) over `groups` workgroups, spread over x and y when more than 65535.
 */
export function dispatch(
  code: string,
  buffers: readonly GPUBuffer[],
  paramWords: Uint32Array,
  groups: number | [number, number, number],
): void {
  const p = pipeline(code);
  const all = [...buffers, paramBuffer(paramWords)];
  const bind = device().createBindGroup({
    layout: p.getBindGroupLayout(0),
    entries: all.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const [x, y, z] = typeof groups === "number" ? grid(groups) : groups;
  if (x === 0 || y === 0 || z === 0) return;
  const pe = openPass();
  pe.setPipeline(p);
  pe.setBindGroup(0, bind);
  pe.dispatchWorkgroups(x, y, z);
  dispatches++;
  runnerStats.dispatches++;
  if (dispatches >= MAX_DISPATCHES) flush();
}

/** `n` workgroups as an x × y grid (x ≤ 65535); kernels index them as y·nx + x. */
export function grid(n: number): [number, number, number] {
  if (n <= 65535) return [n, 1, 1];
  const y = Math.ceil(n / 65535);
  return [Math.ceil(n / y), y, 1];
}

function openPass(): GPUComputePassEncoder {
  if (!encoder) {
    encoder = device().createCommandEncoder();
    setRecording(true);
    queueMicrotask(flush);
  }
  pass ??= encoder.beginComputePass();
  return pass;
}

/**
 * Submits what has been recorded (the step's dispatches as one command buffer).
 * @example
 * flush();
 */
export function flush(): void {
  if (!encoder) return;
  pass?.end();
  pass = null;
  const cb = encoder.finish();
  encoder = null;
  dispatches = 0;
  device().queue.submit([cb]);
  runnerStats.submits++;
  setRecording(false);
}

/**
 * Submits what has been recorded and waits until the GPU has finished all submitted work (for timing; no values are read).
 * @example
 * matmul(a, b); await settle(); // the product is done
 */
export async function settle(): Promise<void> {
  flush();
  await device().queue.onSubmittedWorkDone();
  checkDevice("settle");
}

/** Throws the device's first reported error, if any. */
function checkDevice(op: string): void {
  if (deviceError === null) return;
  const m = deviceError;
  deviceError = null;
  throw new ValueError(`${op}: the GPU reported an error: ${m}`);
}

/**
 * Reads `length` values of an array's buffer back (flushing recorded work first): float32, or int32 for an Int32Array.
 * @example
 * const values = await readBack(t.storage, t.size);
 */
export async function readBack(a: TypedArray, length: number): Promise<Float32Array | Int32Array> {
  const e = entryOf(a);
  if (!e || e.hostValid) return a instanceof Int32Array ? a.slice(0, length) : Float32Array.from(a.subarray(0, length));
  const d = device();
  const bytes = Math.max(4, length * 4);
  const staging = d.createBuffer({ size: bytes, usage: 0x01 | 0x08 }); // MAP_READ | COPY_DST
  flush();
  const enc = d.createCommandEncoder();
  enc.copyBufferToBuffer(e.buffer, 0, staging, 0, bytes);
  d.queue.submit([enc.finish()]);
  runnerStats.submits++;
  runnerStats.reads++;
  await staging.mapAsync(0x0001); // GPUMapMode.READ
  const out = a instanceof Int32Array ? new Int32Array(length) : new Float32Array(length);
  out.set(
    a instanceof Int32Array ? new Int32Array(staging.getMappedRange(), 0, length) : new Float32Array(staging.getMappedRange(), 0, length),
  );
  staging.unmap();
  staging.destroy();
  checkDevice("dataAsync");
  return out;
}

/**
 * Replaces an array's GPU values with `values` (after the recorded work that may read the old ones).
 * @example
 * writeValues(p.storage, new Float32Array([1, 2]));
 */
export function writeValues(a: TypedArray, values: TypedArray): void {
  checkFloat32(values, "write", values instanceof Int32Array && a instanceof Int32Array);
  a.set(values);
  const e = entryOf(a);
  if (!e) return; // uploaded when first used
  flush();
  device().queue.writeBuffer(e.buffer, 0, values.buffer, values.byteOffset, values.byteLength);
  e.hostValid = true;
}
