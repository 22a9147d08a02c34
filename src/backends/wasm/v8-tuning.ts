/** @file One V8 setting in Node that keeps garbage collection from slowing a training loop: typed arrays freed on the main thread. */
import { nodeBuiltin } from "./pool.js";

/**
 * In Node, asks V8 to free the memory of dead typed arrays on the main thread during garbage
 * collection (`--no-concurrent-array-buffer-sweeping`), unless `CHAINRULE_V8_TUNING=0`. A training
 * step allocates megabytes of typed arrays; V8's background sweeper frees them with `free()` while
 * the main thread allocates the next ones, and the two contend for the allocator's lock (twice the
 * context switches): 8–13% of an MLP step once the process has seen large arrays. Returns whether
 * the flag was set. Node documents run-time flag changes as unsupported; this one only moves work
 * between threads.
 * @example
 * tuneV8ForTraining(); // true in Node, false in a browser or with CHAINRULE_V8_TUNING=0
 */
export function tuneV8ForTraining(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.["CHAINRULE_V8_TUNING"] === "0") return false;
  const v8 = nodeBuiltin<typeof import("node:v8")>("node:v8");
  if (!v8 || typeof v8.setFlagsFromString !== "function") return false;
  try {
    v8.setFlagsFromString("--no-concurrent-array-buffer-sweeping");
    return true;
  } catch {
    return false;
  }
}
