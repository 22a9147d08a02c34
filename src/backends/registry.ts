/** @file Which backend runs the kernels: `setBackend`, `getBackend`, and registration of extra backends. */
import { ValueError } from "../errors.js";
import type { Backend } from "./kernels.js";
import { jsBackend } from "./js/index.js";

const backends = new Map<string, Backend>([["js", jsBackend]]);
/** Backends that load on first use (e.g. a GPU backend that must ask for a device): resolve to null where unavailable. */
const loaders = new Map<string, () => Promise<Backend | null>>();
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
 * Makes a backend that must load first (asynchronously) known to `setBackend`, which loads it on first use.
 * @example
 * registerBackendLoader("my-gpu", async () => ((await gpuAvailable()) ? myGpuBackend : null));
 */
export function registerBackendLoader(name: string, load: () => Promise<Backend | null>): void {
  loaders.set(name, load);
}

/**
 * Selects the backend that runs every following kernel. A registered backend is selected at once
 * (so `setBackend("js")` needs no await); one that must load first is selected when it has loaded.
 * The Promise resolves when the backend is selected (at once for js and wasm), and rejects when it cannot load.
 * @example
 * await setBackend("js"); getBackend(); // "js"
 */
export function setBackend(name: string): Promise<void> {
  const b = backends.get(name);
  if (b) {
    current = b;
    return Promise.resolve();
  }
  const load = loaders.get(name);
  if (!load) {
    const all = [...backends.keys(), ...loaders.keys()];
    throw new ValueError(`setBackend: unknown backend "${name}"; available: ${all.join(", ")}.`);
  }
  return load().then((loaded) => {
    if (!loaded)
      throw new ValueError(`setBackend: backend "${name}" is not available here; available: ${[...backends.keys()].join(", ")}.`);
    registerBackend(loaded);
    current = loaded;
  });
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
 * The registered backend called `name` (internal: `Tensor.to`).
 * @example
 * backendNamed("js").name; // "js"
 */
export function backendNamed(name: string, op: string): Backend {
  const b = backends.get(name);
  if (b) return b;
  const hint = loaders.has(name) ? ` It loads on first use: run await setBackend("${name}") once first.` : "";
  throw new ValueError(`${op}: unknown backend "${name}"; available: ${[...backends.keys()].join(", ")}.${hint}`);
}

/**
 * Names of all registered backends (ready to select; not those that still have to load).
 * @example
 * listBackends(); // ["js", "wasm"]
 */
export function listBackends(): string[] {
  return [...backends.keys()];
}
