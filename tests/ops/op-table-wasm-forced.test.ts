/** @file The op table on the wasm backend with every matmul and elementwise kernel forced through WebAssembly and the worker split. */
import { afterAll, beforeAll } from "vitest";
import { elementwiseTuning } from "../../src/backends/wasm/elementwise.js";
import { matmulTuning } from "../../src/backends/wasm/matmul.js";
import { wasmSupported } from "../../src/backends/wasm/module.js";
import { runOpTable } from "./op-table.js";

const saved = { ...matmulTuning, minElements: elementwiseTuning.minElements };
beforeAll(() => {
  matmulTuning.wasmMinMacs = 0;
  matmulTuning.parallelMinMacs = 0;
  elementwiseTuning.minElements = 0;
});
afterAll(() => {
  matmulTuning.wasmMinMacs = saved.wasmMinMacs;
  matmulTuning.parallelMinMacs = saved.parallelMinMacs;
  elementwiseTuning.minElements = saved.minElements;
});

if (wasmSupported()) runOpTable("wasm");
