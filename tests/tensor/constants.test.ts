/** @file Cached 0-d constants (plain-number operands, backward seeds) belong to the backend selected when they were made. */
import { afterEach, describe, expect, it } from "vitest";
import { setBackend } from "../../src/index.js";
import { scalar } from "../../src/tensor/scalar.js";

describe("scalar constants", () => {
  afterEach(() => setBackend("js"));

  it("are cached per backend and dtype: one made on js is never handed to wasm", async () => {
    await setBackend("js");
    const onJs = scalar(1, "float32");
    expect(scalar(1, "float32")).toBe(onJs);
    await setBackend("wasm");
    const onWasm = scalar(1, "float32");
    expect(onWasm.backend).toBe("wasm");
    expect(onWasm).not.toBe(onJs);
    expect(scalar(1, "float32")).toBe(onWasm);
    expect(scalar(1, "float64")).not.toBe(onWasm);
    await setBackend("js");
    expect(scalar(1, "float32")).toBe(onJs);
    expect(onJs.backend).toBe("js");
  });
});
