/** @file Getting a WebGPU device: `navigator.gpu` in browsers, the optional npm package `webgpu` (Dawn) in Node, with errors that say what to install. */
import { ValueError } from "../../errors.js";

/** The adapter's description and the device every webgpu kernel runs on. */
export interface GpuContext {
  readonly device: GPUDevice;
  /** What the adapter says it is (vendor, architecture), for messages and `memory()`. */
  readonly adapter: string;
}

/** The object `create()` of the `webgpu` package returned: kept referenced for the life of the process (Dawn aborts when it is collected while a device lives). */
let keepAlive: unknown = null;

/** Whether this looks like Node.js (where the `webgpu` package provides WebGPU). */
function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
}

/** The GPU entry point: `navigator.gpu`, or the `webgpu` package's `create([])` in Node. */
async function gpuEntry(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!isNode()) {
    throw new ValueError(
      `setBackend("webgpu"): this browser has no navigator.gpu (WebGPU is off or unsupported here). Use a browser with WebGPU enabled ` +
        `(Chrome/Edge 113+, or Chromium with --enable-unsafe-webgpu), or a CPU backend: await setBackend("wasm").`,
    );
  }
  // a variable specifier: bundlers for the browser must not try to resolve the Node-only package
  const spec = "webgpu";
  let mod: { create(options: string[]): GPU };
  try {
    mod = (await import(/* @vite-ignore */ spec)) as typeof mod;
  } catch (e) {
    throw new ValueError(
      `setBackend("webgpu"): the optional package "webgpu" (Dawn for Node.js) is not installed or failed to load (${(e as Error).message}). ` +
        `Install it with npm i webgpu, or use a CPU backend: await setBackend("wasm").`,
    );
  }
  const gpu = mod.create([]);
  keepAlive = gpu;
  return gpu;
}

let context: Promise<GpuContext> | null = null;

/**
 * The device, asked for once (later calls share it); rejects with a ValueError naming what is missing.
 * @example
 * const { device } = await gpuContext();
 */
export function gpuContext(): Promise<GpuContext> {
  context ??= open().catch((e: unknown) => {
    context = null; // a later call may try again (after npm i webgpu, say)
    throw e;
  });
  return context;
}

async function open(): Promise<GpuContext> {
  const gpu = await gpuEntry();
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new ValueError(
      `setBackend("webgpu"): WebGPU found no adapter (no GPU driver it can use). In Node on a machine without a GPU, point Vulkan at ` +
        `SwiftShader: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json (with LD_LIBRARY_PATH=/usr/lib/chromium when ` +
        `libvulkan1 is not installed); otherwise use a CPU backend: await setBackend("wasm").`,
    );
  }
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  const info = adapter.info;
  const name = [info?.vendor, info?.architecture, info?.description].filter((s) => s).join(" ") || "unknown adapter";
  void keepAlive;
  return { device, adapter: name };
}
