/** @file Relaxed SIMD (fused multiply-add GEMM kernels): switches it on in Node, validates the module, checks its numbers. */
import type { KernelExports } from "./module.js";
import { nodeBuiltin } from "./pool.js";

/** Which build of the kernel module a runtime runs: with relaxed SIMD (FMA micro-kernels) or plain SIMD-128. */
export type WasmVariant = "relaxed-simd" | "simd";

/**
 * Whether the relaxed build may be tried: `CHAINRULE_RELAXED_SIMD=0` turns it off.
 * @example
 * relaxedSimdAllowed(); // false under CHAINRULE_RELAXED_SIMD=0
 */
export function relaxedSimdAllowed(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.["CHAINRULE_RELAXED_SIMD"];
  return env !== "0";
}

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/**
 * Whether this engine accepts `bytes` (a module using relaxed SIMD). Browsers with relaxed SIMD on
 * by default (Chrome ≥ 114) accept it as is; in Node 20 the V8 flag `--experimental-wasm-relaxed-simd`
 * is set first (it only adds the opcodes). Never throws.
 * @example
 * relaxedSimdAvailable(decodeBase64(kernelsWasmRelaxedBase64));
 */
export function relaxedSimdAvailable(bytes: Uint8Array<ArrayBuffer>): boolean {
  if (validates(bytes)) return true;
  try {
    const v8 = nodeBuiltin<typeof import("node:v8")>("node:v8");
    if (!v8 || typeof v8.setFlagsFromString !== "function") return false;
    v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  } catch {
    return false;
  }
  return validates(bytes);
}

/**
 * Runs one small product per dtype (6×19 by 19×10: full and edge tiles) through `exports` at byte
 * offset `at` (with `scratch`) and compares with a plain loop; false when any entry is off by more
 * than float rounding (a relaxed madd may round once or twice, never more).
 * @example
 * relaxedSelfCheck(instance.exports as KernelExports, memory, arena, scratch);
 */
export function relaxedSelfCheck(exports: KernelExports, memory: WebAssembly.Memory, at: number, scratch: number): boolean {
  const m = 6;
  const k = 19;
  const n = 10;
  for (const f64 of [false, true]) {
    const e = f64 ? 8 : 4;
    const view = f64 ? new Float64Array(memory.buffer) : new Float32Array(memory.buffer);
    const a = at / e;
    const b = a + m * k;
    const c = b + k * n;
    for (let i = 0; i < m * k; i++) view[a + i] = ((i * 7) % 13) / 8 - 0.7;
    for (let i = 0; i < k * n; i++) view[b + i] = ((i * 5) % 11) / 4 - 1.2;
    (f64 ? exports.dgemm : exports.sgemm)(k, a * e, k, 1, b * e, n, 1, c * e, n, 0, m, 0, n, scratch);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let want = 0;
        let size = 0;
        for (let p = 0; p < k; p++) {
          want += view[a + i * k + p]! * view[b + p * n + j]!;
          size += Math.abs(view[a + i * k + p]! * view[b + p * n + j]!);
        }
        if (!(Math.abs(view[c + i * n + j]! - want) <= (f64 ? 1e-14 : 4e-6) * (size + 1))) return false;
      }
    }
  }
  return true;
}
