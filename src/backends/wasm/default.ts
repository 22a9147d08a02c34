/** @file Chooses the default backend at import: "wasm" where WebAssembly SIMD and shared memory exist, else "js". */
import { setBackend } from "../registry.js";
import { initWasm } from "./index.js";

// Top-level await: by the time `import "chainrule"` resolves, the module is compiled and
// `setBackend("wasm" | "js")` works synchronously. CHAINRULE_BACKEND=js makes the reference backend the default.
const wanted = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.["CHAINRULE_BACKEND"];
const wasm = await initWasm();
if (wasm && wanted !== "js") setBackend("wasm");
