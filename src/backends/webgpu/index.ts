/** @file The webgpu backend: WGSL kernels on a GPU device, registered to load on `await setBackend("webgpu")`; kernels it lacks throw an error naming the op. */
import { ValueError } from "../../errors.js";
import type { Backend } from "../kernels.js";
import { jsBackend } from "../js/index.js";
import { registerBackendLoader } from "../registry.js";
import { gpuMemoryStats } from "./buffers.js";
import { gpuContext } from "./device.js";
import { webgpuBinary, webgpuUnary, webgpuUnaryGrad, webgpuWhere } from "./elementwise.js";
import { webgpuIndexAdd, webgpuTake } from "./gather.js";
import { webgpuMatmul, webgpuMatmulBatched } from "./matmul.js";
import { webgpuExpand, webgpuScatterSlice, webgpuSlice, webgpuTranspose } from "./movement.js";
import { webgpuLayerNorm, webgpuLayerNormGrad } from "./norm.js";
import { webgpuAdam, webgpuSgd } from "./optim.js";
import { webgpuAdagrad, webgpuRmsprop } from "./optim-adaptive.js";
import { webgpuReduce } from "./reduce.js";
import { flush, runnerStats, useContext } from "./runner.js";
import { webgpuArgExtreme, webgpuCumsum, webgpuTopk } from "./scan.js";
import { webgpuCrossEntropyRows, webgpuLogSoftmax, webgpuLogSoftmaxGrad } from "./softmax.js";
import { webgpuStorage } from "./storage.js";
import { webgpuCol2im, webgpuIm2col } from "./window.js";

/** A kernel the backend lacks: throws, naming the op, instead of reading the values back to run it on the CPU. */
function missing(op: string): () => never {
  return () => {
    throw new ValueError(
      `${op}: the "webgpu" backend has no WGSL kernel for this op yet (it never reads values back to run one on the CPU). ` +
        `Run this part on a CPU backend: await setBackend("wasm") (tensors made there), or avoid the op on the GPU.`,
    );
  };
}

/** Every kernel of `reference`'s table, taken from `mine` where it exists, else one that throws. */
function complete<T extends object>(mine: Partial<T>, reference: T, kind: string): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(reference)) out[k] = (mine as Record<string, unknown>)[k] ?? missing(`${kind}${k}`);
  return out as T;
}

/** The host-form kernels an op must not reach on this backend (ops use the device forms instead). */
const hostOnly = {
  softmaxCrossEntropy: missing("crossEntropy (host losses)"),
  softmaxCrossEntropyGrad: missing("crossEntropy (fused gradient)"),
};

/** The kernels written in WGSL so far. */
const kernels: Partial<Backend> = {
  name: "webgpu",
  storage: webgpuStorage,
  unary: complete(webgpuUnary, jsBackend.unary, ""),
  binary: complete(webgpuBinary, jsBackend.binary, ""),
  reduce: complete(webgpuReduce, jsBackend.reduce, ""),
  unaryGrad: complete(webgpuUnaryGrad, jsBackend.unaryGrad, "gradient of "),
  where: webgpuWhere,
  logSoftmax: webgpuLogSoftmax,
  logSoftmaxGrad: webgpuLogSoftmaxGrad,
  layerNorm: webgpuLayerNorm,
  layerNormGrad: webgpuLayerNormGrad,
  softmaxCrossEntropyRows: webgpuCrossEntropyRows,
  matmul: webgpuMatmul,
  matmulBatched: webgpuMatmulBatched,
  transpose: webgpuTranspose,
  expand: webgpuExpand,
  slice: webgpuSlice,
  scatterSlice: webgpuScatterSlice,
  sgdUpdate: webgpuSgd,
  adamUpdate: webgpuAdam,
  rmspropUpdate: webgpuRmsprop,
  adagradUpdate: webgpuAdagrad,
  take: webgpuTake,
  indexAdd: webgpuIndexAdd,
  cumsum: webgpuCumsum,
  argExtreme: webgpuArgExtreme,
  topk: webgpuTopk,
  im2col: webgpuIm2col,
  col2im: webgpuCol2im,
  ...hostOnly,
};

/** The webgpu backend: every kernel of the reference table in WGSL (a kernel added to the table without one throws, naming it). */
export const webgpuBackend: Backend = { ...complete(kernels as Backend, jsBackend as Backend, ""), ...kernels } as Backend;

/** The adapter's description once the backend has loaded. */
let adapter: string | null = null;

registerBackendLoader("webgpu", async () => {
  const c = await gpuContext();
  useContext(c);
  adapter = c.adapter;
  return webgpuBackend;
});

/** The webgpu part of `memory()` (no WebGPU types: the public declarations must not need @webgpu/types). */
export interface WebgpuMemory {
  /** Bytes of buffers that hold values of live arrays (tensors, optimizer buffers). */
  liveBytes: number;
  liveBuffers: number;
  /** Bytes of free buffers kept for reuse. */
  pooledBytes: number;
  pooledBuffers: number;
  /** Buffers created, and requests served from the pool, since the process started. */
  created: number;
  reused: number;
  /** The adapter, as it describes itself. */
  adapter: string;
  /** Command buffers submitted, dispatches recorded, pipelines compiled, and reads made so far. */
  submits: number;
  dispatches: number;
  pipelines: number;
  reads: number;
}

/**
 * Memory held by the device backends: for webgpu (null until `await setBackend("webgpu")` loaded it) the
 * bytes of GPU buffers that live tensors and optimizer state hold, the reuse pool, and command counts.
 * Buffers return to the pool when their tensors are garbage-collected, so `liveBytes` stays flat over training steps.
 * @example
 * await setBackend("webgpu"); memory().webgpu?.liveBytes;
 */
export function memory(): { webgpu: WebgpuMemory | null } {
  return { webgpu: adapter === null ? null : { adapter, ...gpuMemoryStats(), ...runnerStats } };
}

/**
 * Submits the kernels recorded so far to the GPU queue now instead of at the next microtask (rarely needed).
 * @example
 * flushWebgpu();
 */
export function flushWebgpu(): void {
  flush();
}
