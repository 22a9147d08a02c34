/** @file The op table on the wasm backend with every matmul, elementwise and window kernel forced through WebAssembly and the worker split, and every array tracked for reused copies. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { initWasm } from "../../src/backends/wasm/index.js";
import { elementwiseTuning } from "../../src/backends/wasm/elementwise.js";
import { matmulTuning } from "../../src/backends/wasm/matmul.js";
import { wasmSupported } from "../../src/backends/wasm/module.js";
import { ownershipTuning } from "../../src/backends/ownership.js";
import { windowTuning } from "../../src/backends/wasm/window.js";
import { runOpTable } from "./op-table.js";

const saved = {
  ...matmulTuning,
  minElements: elementwiseTuning.minElements,
  minLength: ownershipTuning.minLength,
  windowMin: windowTuning.minElements,
};
beforeAll(() => {
  matmulTuning.wasmMinMacs = 0;
  matmulTuning.parallelMinMacs = 0;
  elementwiseTuning.minElements = 0;
  ownershipTuning.minLength = 1;
  windowTuning.minElements = 0;
});
afterAll(() => {
  matmulTuning.wasmMinMacs = saved.wasmMinMacs;
  matmulTuning.parallelMinMacs = saved.parallelMinMacs;
  elementwiseTuning.minElements = saved.minElements;
  ownershipTuning.minLength = saved.minLength;
  windowTuning.minElements = saved.windowMin;
});

if (wasmSupported()) {
  runOpTable("wasm");
  it("reused copies of private arrays along the way instead of copying them in again", async () => {
    const stats = (await initWasm())!.arena.stats;
    expect(stats.hits).toBeGreaterThan(100);
    expect(stats.copies).toBeGreaterThan(0);
  });
}
