/** @file The machine line of a benchmark report: CPU, cores, Node and chainrule's backend. */
import os from "node:os";

/**
 * chainrule's default backend in this process, with the wasm kernels' build and threads.
 * @example
 * await chainruleBackend(); // "wasm (relaxed-simd, 2 threads)"
 */
export async function chainruleBackend(): Promise<string> {
  const { getBackend } = await import("../src/index.js");
  const { wasmInfo } = await import("../src/backends/wasm/index.js");
  const wasm = wasmInfo();
  const kernels = getBackend() === "wasm" && wasm ? ` (${wasm.variant}, ${wasm.threads} threads)` : "";
  return `${getBackend()}${kernels}`;
}

/**
 * The report's machine line, given chainrule's backend description.
 * @example
 * machineLine("wasm (relaxed-simd, 2 threads)"); // "AMD EPYC …, 2 cores, Node v20.20.0, chainrule backend wasm (…)"
 */
export function machineLine(backend: string): string {
  return `${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}, chainrule backend ${backend}`;
}
