/** @file The op table on the wasm backend at its real thresholds (small shapes in written-out JS, large in WebAssembly). */
import { wasmSupported } from "../../src/backends/wasm/module.js";
import { runOpTable } from "./op-table.js";

if (wasmSupported()) runOpTable("wasm");
