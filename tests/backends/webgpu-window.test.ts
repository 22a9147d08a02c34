/** @file The webgpu im2col/col2im kernels against the JS ones over many geometries, and a tiny CNN training on webgpu as on js. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { memory, nn, optim, randn, setBackend, tensor, Tensor } from "../../src/index.js";
import { col2imJs, im2colJs } from "../../src/backends/js/conv.js";
import { webgpuBackend } from "../../src/backends/webgpu/index.js";
import { readBack } from "../../src/backends/webgpu/runner.js";
import type { WindowGeometry } from "../../src/backends/kernels.js";
import { assertClose } from "../helpers/close.js";
import { TestRng } from "../helpers/test-rng.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";

const reason = await webgpuUnavailable();

/** The geometry of a window over [n, c, h, w] (the formula of ops/window.ts). */
function geom(
  n: number,
  c: number,
  h: number,
  w: number,
  k: [number, number],
  s: [number, number],
  p: [number, number],
  d: [number, number],
) {
  const oh = Math.floor((h + 2 * p[0] - d[0] * (k[0] - 1) - 1) / s[0]) + 1;
  const ow = Math.floor((w + 2 * p[1] - d[1] * (k[1] - 1) - 1) / s[1]) + 1;
  return { n, c, h, w, kh: k[0], kw: k[1], sh: s[0], sw: s[1], ph: p[0], pw: p[1], dh: d[0], dw: d[1], oh, ow } satisfies WindowGeometry;
}

const geometries: WindowGeometry[] = [
  geom(2, 3, 5, 5, [3, 3], [1, 1], [0, 0], [1, 1]),
  geom(1, 2, 7, 6, [3, 2], [2, 1], [1, 1], [1, 2]),
  geom(3, 1, 8, 8, [2, 2], [2, 2], [0, 0], [1, 1]),
  geom(1, 4, 9, 5, [3, 3], [3, 2], [1, 1], [2, 1]),
  geom(2, 2, 1, 11, [1, 3], [1, 2], [0, 1], [1, 1]),
];

/** A Float32Array of uniform draws in [−1, 1). */
function draw(rng: TestRng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/** A small CNN (conv, ReLU, max pool, linear) trained a few SGD steps: losses per step and the final parameters. */
async function trainCnn(backend: string, steps: number): Promise<{ losses: number[]; params: Float32Array[] }> {
  await setBackend(backend);
  const net = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1, seed: 5, dtype: "float32" }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(4 * 4 * 4, 3, { seed: 6, dtype: "float32" }),
  );
  const x = randn([6, 1, 8, 8], { seed: 7, dtype: "float32" });
  const y = [0, 1, 2, 2, 1, 0];
  const opt = new optim.SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = nn.crossEntropy(net.forward(x), y);
    loss.backward();
    opt.step();
    losses.push((await loss.dataAsync())[0]!);
  }
  const params = await Promise.all(net.parameters().map(async (p: Tensor) => (await p.dataAsync()) as Float32Array));
  return { losses, params };
}

describe.skipIf(reason !== null)(`im2col/col2im on the webgpu backend${reason ? ` (skipped: ${reason})` : ""}`, () => {
  afterEach(() => setBackend("js"));

  it("im2col copies the same windows as the JS kernel (zero and −∞ padding, strides, dilation)", async () => {
    await setBackend("webgpu");
    const rng = new TestRng(11);
    for (const g of geometries) {
      const x = draw(rng, g.n * g.c * g.h * g.w);
      const size = g.n * g.c * g.kh * g.kw * g.oh * g.ow;
      for (const pad of [0, -Infinity]) {
        const want = new Float32Array(size);
        im2colJs(x, g, pad, want);
        const out = new Float32Array(size);
        webgpuBackend.im2col(x, g, pad, out);
        expect(Array.from(await readBack(out, size)), JSON.stringify(g)).toEqual(Array.from(want));
      }
    }
  });

  it("col2im sums the columns back like the JS kernel, onto zeros and onto values already there", async () => {
    await setBackend("webgpu");
    const rng = new TestRng(12);
    for (const g of geometries) {
      const cols = draw(rng, g.n * g.c * g.kh * g.kw * g.oh * g.ow);
      const size = g.n * g.c * g.h * g.w;
      const start = draw(rng, size);
      for (const init of [new Float32Array(size), start]) {
        const want = Float32Array.from(init);
        col2imJs(cols, g, want);
        const out = Float32Array.from(init);
        webgpuBackend.col2im(cols, g, out);
        assertClose(await readBack(out, size), want, { rtol: 1e-6, atol: 1e-6 }, JSON.stringify(g));
      }
    }
  });

  it("a tiny CNN (Conv2d, MaxPool2d, Linear) trains SGD steps as on js, with no read inside a step", async () => {
    const ref = await trainCnn("js", 4);
    const gpu = await trainCnn("webgpu", 4);
    assertClose(Float32Array.from(gpu.losses), Float32Array.from(ref.losses), { rtol: 1e-4, atol: 1e-5 }, "losses");
    gpu.params.forEach((p, i) => assertClose(p, ref.params[i]!, { rtol: 1e-4, atol: 1e-5 }, `parameter ${i}`));
    expect(gpu.losses[3]!).toBeLessThan(gpu.losses[0]!);
    // one step, recorded without reading: a single submit, no read until the loss is awaited
    await setBackend("webgpu");
    const net = new nn.Sequential(new nn.Conv2d(1, 2, 3, { seed: 1, dtype: "float32" }), new nn.MaxPool2d(2), new nn.Flatten());
    const x = tensor(
      Float32Array.from({ length: 2 * 36 }, (_, i) => Math.sin(i)),
      { shape: [2, 1, 6, 6] },
    );
    const opt = new optim.SGD(net.parameters(), { lr: 0.1 });
    const before = { ...memory().webgpu! };
    net.forward(x).sum().backward();
    opt.step();
    await Promise.resolve();
    const after = memory().webgpu!;
    expect(after.reads - before.reads).toBe(0);
    expect(after.submits - before.submits).toBe(1);
  });

  it("GPU memory stays flat over CNN steps (columns, pooled windows and gradients return to the pool)", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    await setBackend("webgpu");
    const net = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1, seed: 2 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.AvgPool2d(2),
      new nn.Flatten(),
      new nn.Linear(16, 3, { seed: 3 }),
    );
    const x = randn([4, 1, 8, 8], { seed: 4 });
    const opt = new optim.SGD(net.parameters(), { lr: 0.05, momentum: 0.9 });
    const live = async (): Promise<number> => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 10));
      }
      return memory().webgpu!.liveBytes;
    };
    const steps = async (n: number): Promise<void> => {
      for (let s = 0; s < n; s++) {
        opt.zeroGrad();
        nn.crossEntropy(net.forward(x), [0, 1, 2, 0]).backward();
        opt.step();
        await Promise.resolve();
      }
    };
    await steps(3);
    const early = await live();
    await steps(30);
    const late = await live();
    expect(early).toBeGreaterThan(0);
    expect(late).toBeLessThanOrEqual(early * 1.1);
  });
});
