/** @file Which backend runs the kernels: `setBackend`, `getBackend`, and registration of extra backends. */
import { ValueError } from "../errors.js";
import type { Backend } from "./kernels.js";
import { jsBackend } from "./js/index.js";

const backends = new Map<string, Backend>([["js", jsBackend]]);
let current: Backend = jsBackend;

/**
 * Makes a backend available to `setBackend` under its name.
 * @example
 * registerBackend({ ...jsBackend, name: "my-js" });
 */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/**
 * Selects the backend that runs every following kernel.
 * @example
 * setBackend("js"); getBackend(); // "js"
 */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) {
    throw new ValueError(`setBackend: unknown backend "${name}"; available: ${[...backends.keys()].join(", ")}.`);
  }
  current = b;
}

/**
 * The name of the backend in use.
 * @example
 * getBackend(); // "js" or "wasm"
 */
export function getBackend(): string {
  return current.name;
}

/** The kernel table in use (internal to ops). */
export function backend(): Backend {
  return current;
}

/**
 * Names of all registered backends.
 * @example
 * listBackends(); // ["js", "wasm"]
 */
export function listBackends(): string[] {
  return [...backends.keys()];
}
