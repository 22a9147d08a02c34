/** @file The webgpu matmul kernel (64×64 tiles, 4×4 per thread) against the JS kernel: ragged sizes over several tiles, all transposes, bias and ReLU, batches at offsets. */
import { afterEach, describe, it } from "vitest";
import { setBackend } from "../../src/index.js";
import { jsBackend } from "../../src/backends/js/index.js";
import { webgpuBackend } from "../../src/backends/webgpu/index.js";
import { readBack } from "../../src/backends/webgpu/runner.js";
import { assertClose } from "../helpers/close.js";
import { TestRng } from "../helpers/test-rng.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";

const reason = await webgpuUnavailable();
const TOL = { rtol: 1e-5, atol: 1e-5 };

function draw(rng: TestRng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

describe.skipIf(reason !== null)(`matmul on the webgpu backend${reason ? ` (skipped: ${reason})` : ""}`, () => {
  afterEach(() => setBackend("js"));

  it("ragged sizes across tiles and K steps, every transpose, with and without a fused bias and ReLU", async () => {
    await setBackend("webgpu");
    const rng = new TestRng(5);
    for (const [m, k, n] of [
      [1, 16, 1],
      [70, 37, 130],
      [129, 17, 65],
      [3, 200, 5],
    ] as const) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const fused of [null, "bias", "relu"] as const) {
            const a = draw(rng, m * k);
            const b = draw(rng, k * n);
            const bias = fused ? draw(rng, n) : null;
            const args = { aOffset: 0, bOffset: 0, outOffset: 0, m, k, n, transA, transB, bias, relu: fused === "relu" };
            const want = new Float32Array(m * n);
            jsBackend.matmul({ ...args, a, b, out: want });
            const out = new Float32Array(m * n);
            webgpuBackend.matmul({ ...args, a, b, out });
            assertClose(await readBack(out, m * n), want, TOL, `${m}×${k}×${n} transA ${transA} transB ${transB} ${fused}`);
          }
        }
      }
    }
  });

  it("batched products read A and B at their offsets and write each product in turn", async () => {
    await setBackend("webgpu");
    const rng = new TestRng(6);
    const [m, k, n] = [66, 20, 67];
    const a = draw(rng, 3 * m * k);
    const b = draw(rng, 2 * k * n);
    const args = { aOffsets: [0, 2 * m * k, m * k], bOffsets: [k * n, 0, k * n], m, k, n, transA: false, transB: true };
    const want = new Float32Array(3 * m * n);
    jsBackend.matmulBatched({ ...args, a, b, out: want });
    const out = new Float32Array(3 * m * n);
    webgpuBackend.matmulBatched({ ...args, a, b, out });
    assertClose(await readBack(out, 3 * m * n), want, TOL, "batched");
  });
});
