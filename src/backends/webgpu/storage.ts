/** @file The webgpu backend's storage: the payload array is the key of a GPU buffer (its values live there), reads are asynchronous, writes go through the queue. */
import { ValueError } from "../../errors.js";
import { makeStorage, type StorageOps } from "../storage.js";
import { entryOf } from "./buffers.js";
import { checkFloat32, readBack, writeValues } from "./runner.js";

/**
 * The storage operations of the webgpu backend. `fromHost` keeps the array as the payload and uploads
 * it when a kernel first reads it; a kernel's output array is only the key of its buffer. No `readSync`:
 * `t.data`, `item()`, `dataSync()` and `toArray()` throw, naming `await t.dataAsync()` / `await t.array()`.
 * @example
 * const values = await webgpuStorage.read(t.store);
 */
export const webgpuStorage: StorageOps = {
  fromHost(owner, values) {
    // float32 values, or int32 indices (argmax, topk, take's index tensors)
    checkFloat32(values, "webgpu", values instanceof Int32Array);
    return makeStorage(owner, values);
  },
  read: (s) => readBack(s.payload, s.length),
  write(s, values) {
    if (values.length !== s.length) {
      throw new ValueError(
        `write: the storage has ${s.length} elements but ${values.length} were given; write an array of the same length.`,
      );
    }
    writeValues(s.payload, values);
    s.version++;
  },
  update(s, fn, keepsCopies = false) {
    if (!keepsCopies) {
      throw new ValueError(
        `update: ${s.length} values on the "webgpu" backend can only be changed in place by GPU kernels, and this update runs a CPU loop ` +
          `(a custom optimizer's?). Use the library's optimizers (SGD, Adam, AdamW, RMSprop, Adagrad update on the GPU), or train on a CPU backend: await setBackend("wasm").`,
      );
    }
    fn(s.payload);
    s.version++;
  },
  hostValues(s) {
    const e = entryOf(s.payload);
    return !e || e.hostValid ? s.payload : null;
  },
};
