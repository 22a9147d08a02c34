/** @file The one V8 flag chainrule sets in Node for training loops, and its opt-out. */
import { describe, it, expect, vi, afterEach } from "vitest";
import v8 from "node:v8";
import { tuneV8ForTraining } from "../../src/backends/wasm/v8-tuning.js";

describe("tuneV8ForTraining", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env["CHAINRULE_V8_TUNING"];
  });

  it("moves the freeing of typed arrays to the main thread in Node", () => {
    const set = vi.spyOn(v8, "setFlagsFromString");
    expect(tuneV8ForTraining()).toBe(true);
    expect(set).toHaveBeenCalledWith("--no-concurrent-array-buffer-sweeping");
  });

  it("leaves V8 alone with CHAINRULE_V8_TUNING=0", () => {
    const set = vi.spyOn(v8, "setFlagsFromString");
    process.env["CHAINRULE_V8_TUNING"] = "0";
    expect(tuneV8ForTraining()).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });
});
