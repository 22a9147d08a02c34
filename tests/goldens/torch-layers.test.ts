/**
 * @file PyTorch float64 goldens for the layer ops (scripts/goldens/layers.py): conv1d/conv2d, unfold/fold,
 * max/avg pooling, layerNorm, batchNorm (training and eval, running statistics), take, embedding and
 * indexAdd, with every option chainrule has; values, gradients and Hessian-vector products agree to ~1e-10
 * on the js backend and on wasm with every kernel forced through WebAssembly.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/index.js";
import { elementwiseTuning } from "../../src/backends/wasm/elementwise.js";
import { matmulTuning } from "../../src/backends/wasm/matmul.js";
import { wasmSupported } from "../../src/backends/wasm/module.js";
import { assertClose } from "../helpers/close.js";
import { runLayerCase, type LayerGoldens } from "../helpers/layer-golden.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/goldens/layers.json", import.meta.url), "utf8")) as LayerGoldens;

/** Relative 1e-10, with an absolute floor scaled to the largest magnitude involved. */
function tol(values: ArrayLike<number>): { rtol: number; atol: number } {
  let scale = 1;
  for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i]!));
  return { rtol: 1e-10, atol: 1e-12 * scale };
}

function runAll(backendName: string, force: boolean): void {
  describe(`PyTorch ${fixture.torch} layer goldens on "${backendName}"${force ? " (every kernel in WebAssembly)" : ""}`, () => {
    let previous = "js";
    const saved = { ...matmulTuning, minElements: elementwiseTuning.minElements };
    beforeAll(() => {
      previous = getBackend();
      setBackend(backendName);
      if (force) {
        matmulTuning.wasmMinMacs = 0;
        matmulTuning.parallelMinMacs = 0;
        elementwiseTuning.minElements = 0;
      }
    });
    afterAll(() => {
      setBackend(previous);
      Object.assign(matmulTuning, { wasmMinMacs: saved.wasmMinMacs, parallelMinMacs: saved.parallelMinMacs });
      elementwiseTuning.minElements = saved.minElements;
    });

    for (const c of fixture.cases) {
      it(c.name, () => {
        const got = runLayerCase(c);
        expect(got.output.dtype).toBe("float64");
        expect(got.output.shape).toEqual(c.output.shape);
        assertClose(got.output.data, c.output.data, tol(c.output.data), `${c.name}: output`);
        for (const x of c.inputs) {
          assertClose(got.grads.get(x.name)!.data, c.grads[x.name]!, tol(c.grads[x.name]!), `${c.name}: ∂L/∂${x.name}`);
          assertClose(got.plainGrads.get(x.name)!.data, c.grads[x.name]!, tol(c.grads[x.name]!), `${c.name}: ∂L/∂${x.name} (plain pass)`);
          assertClose(got.hvp.get(x.name)!.data, c.hvp[x.name]!, tol(c.hvp[x.name]!), `${c.name}: Hessian·r w.r.t. ${x.name}`);
        }
        for (const [name, want] of Object.entries(c.after ?? {})) {
          assertClose(got.constants.get(name)!.data, want, tol(want), `${c.name}: ${name} after the call`);
        }
      });
    }
  });
}

describe("the layer goldens cover every layer op and option", () => {
  it("has cases for each op, including strides, padding, dilation, groups and both batchNorm modes", () => {
    const ops = new Set(fixture.cases.map((c) => c.op));
    for (const op of [
      "conv1d",
      "conv2d",
      "unfold",
      "fold",
      "maxPool2d",
      "avgPool2d",
      "layerNorm",
      "batchNorm",
      "take",
      "embedding",
      "indexAdd",
    ]) {
      expect(ops.has(op), op).toBe(true);
    }
    const conv = fixture.cases.filter((c) => c.op === "conv2d").map((c) => c.attrs);
    expect(conv.some((a) => a["groups"] !== 1 && a["groups"] !== undefined)).toBe(true);
    expect(conv.some((a) => JSON.stringify(a["dilation"]) !== "1")).toBe(true);
    expect(conv.some((a) => JSON.stringify(a["stride"]) !== "1")).toBe(true);
    expect(fixture.cases.filter((c) => c.op === "batchNorm").map((c) => c.attrs["training"])).toEqual(
      expect.arrayContaining([true, false]),
    );
  });
});

runAll("js", false);
if (wasmSupported()) runAll("wasm", true);
