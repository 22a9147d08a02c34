/** @file The webgpu backend's index kernels (SwiftShader in CI): int32 round trips, argmax/argmin, topk, cumsum, take/indexAdd and embedding training against the JS backend. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import {
  argmax,
  argmin,
  cumsum,
  gradients,
  indexAdd,
  memory,
  nn,
  optim,
  randn,
  setBackend,
  take,
  tensor,
  Tensor,
  ValueError,
} from "../../src/index.js";
import { backend } from "../../src/backends/registry.js";
import { assertClose } from "../helpers/close.js";
import { TestRng } from "../helpers/test-rng.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";

const reason = await webgpuUnavailable();
const F32 = { rtol: 1e-4, atol: 1e-5 };

/** `fn` run on the JS backend and on webgpu, every tensor it returns read back. */
async function onBoth(fn: () => Tensor[]): Promise<{ js: (Float32Array | Int32Array)[]; gpu: (Float32Array | Int32Array)[] }> {
  const read = async (backend: string): Promise<(Float32Array | Int32Array)[]> => {
    await setBackend(backend);
    return Promise.all(fn().map(async (t) => (await t.dataAsync()) as Float32Array | Int32Array));
  };
  return { js: await read("js"), gpu: await read("webgpu") };
}

/** Values with ties (drawn from a few levels) and, when `nan`, one NaN per row of 9. */
function levels(n: number, seed: number, nan = false): Float32Array {
  const rng = new TestRng(seed);
  const a = Float32Array.from({ length: n }, () => Math.round(rng.uniform(-3, 3)));
  if (nan) for (let i = 4; i < n; i += 9) a[i] = NaN;
  return a;
}

describe.skipIf(reason !== null)(`index kernels on the webgpu backend${reason ? ` (skipped: ${reason})` : ""}`, () => {
  afterEach(() => setBackend("js"));

  it("int32 tensors upload and read back exactly; float kernels refuse them, naming the cast", async () => {
    await setBackend("webgpu");
    const values = Int32Array.from([0, -1, 2147483647, -2147483648, 7]);
    const t = tensor(values, { shape: [5] });
    expect(t.dtype).toBe("int32");
    expect(await t.dataAsync()).toEqual(values);
    expect(await t.reshape([5, 1]).array()).toEqual([[0], [-1], [2147483647], [-2147483648], [7]]);
    expect(await t.cast("float32").array()).toEqual([0, -1, 2147483648, -2147483648, 7]);
    expect(() => t.exp()).toThrow(/cast\("float32"\)/);
  });

  it("argmax/argmin equal the JS backend: all entries, each axis, ties first, NaN wins", async () => {
    const x = levels(6 * 9, 1, true);
    const { js, gpu } = await onBoth(() => {
      const t = tensor(x, { shape: [6, 9], allowNonFinite: true });
      return [
        argmax(t),
        argmin(t),
        argmax(t, 0),
        argmin(t, 1),
        argmax(t, -1, true),
        argmin(tensor(levels(40, 2), { shape: [2, 4, 5] }), 1),
      ];
    });
    gpu.forEach((g, i) => {
      expect(g).toBeInstanceOf(Int32Array);
      expect(Array.from(g), `result ${i}`).toEqual(Array.from(js[i]!));
    });
  });

  it("topk equals the JS backend: indices and values, sorted or not, largest or smallest, with ties", async () => {
    const x = levels(3 * 40 * 2, 3);
    const cases = [
      { k: 5, axis: 1, largest: true, sorted: true },
      { k: 7, axis: 1, largest: false, sorted: false },
      { k: 40, axis: -2, largest: true, sorted: true },
      { k: 36, axis: 1, largest: false, sorted: false },
      { k: 32, axis: 1, largest: true, sorted: false },
      { k: 2, axis: 2, largest: false, sorted: true },
      { k: 0, axis: 1, largest: true, sorted: true },
    ];
    const { js, gpu } = await onBoth(() =>
      cases.flatMap(({ k, axis, largest, sorted }) => {
        const r = tensor(x, { shape: [3, 40, 2] }).topk(k, { axis, largest, sorted });
        return [r.indices, r.values];
      }),
    );
    gpu.forEach((g, i) => expect(Array.from(g), `case ${i >> 1}, ${i % 2 ? "values" : "indices"}`).toEqual(Array.from(js[i]!)));
  });

  it("topk's gradient (device positions) and cumsum forward and reverse equal the JS backend", async () => {
    const xv = randn([4, 30, 3], { seed: 5, dtype: "float32" }).dataSync() as Float32Array;
    const w = randn([4, 30, 3], { seed: 6, dtype: "float32" }).dataSync() as Float32Array;
    const { js, gpu } = await onBoth(() => {
      const x = tensor(xv, { shape: [4, 30, 3], requiresGrad: true });
      const top = x.topk(6, { axis: 1, sorted: false }).values;
      const c = cumsum(x, 1);
      const loss = top
        .square()
        .sum()
        .add(c.mul(tensor(w, { shape: [4, 30, 3] })).sum());
      const [g] = gradients(loss, [x]);
      return [top, c, cumsum(x, 0), g!];
    });
    gpu.forEach((g, i) => assertClose(g, js[i]!, F32, `output ${i}`));
  });

  it("cumsum along 100 000 entries stays within float32 rounding of the JS kernel's float64 sums (compensated)", async () => {
    const v = Float32Array.from({ length: 100000 }, (_, i) => Math.fround(0.1 + ((i * 7919) % 1000) / 3000));
    const { js, gpu } = await onBoth(() => [cumsum(tensor(v), 0)]);
    // a plain float32 running sum drifts to 2e-6 here
    assertClose(gpu[0]!, js[0]!, { rtol: 3e-7, atol: 0 }, "long cumsum");
  });

  it("take and indexAdd with repeated indices (a host list, an int32 tensor) equal the JS backend, forward and backward", async () => {
    const rng = new TestRng(7);
    const idx = Array.from({ length: 50 }, () => Math.floor(rng.uniform(0, 9)));
    const xv = randn([3, 9, 4], { seed: 8, dtype: "float32" }).dataSync() as Float32Array;
    const { js, gpu } = await onBoth(() => {
      const x = tensor(xv, { shape: [3, 9, 4], requiresGrad: true });
      const t = take(x, tensor(Int32Array.from(idx), { shape: [5, 10] }), 1);
      const s = indexAdd(t.reshape([3, 50, 4]), idx, 1, 9);
      const [g] = gradients(s.square().sum(), [x]);
      return [t, s, g!];
    });
    gpu.forEach((g, i) => assertClose(g, js[i]!, F32, `output ${i}`));
  });

  it("the take and indexAdd kernels read device-resident indices with repeats (argmax's) like the JS kernels, bit for bit", async () => {
    await setBackend("webgpu");
    const best = argmax(tensor(levels(40 * 6, 12), { shape: [40, 6] }), 1);
    const g = randn([3, 40, 2], { seed: 13, dtype: "float32" });
    const table = randn([3, 6, 2], { seed: 14, dtype: "float32" });
    const summed = new Float32Array(36);
    const taken = new Float32Array(3 * 40 * 2);
    backend().indexAdd(g.storage, 3, 6, 2, best.storage as Int32Array, summed);
    backend().take(table.storage, 3, 6, 2, best.storage as Int32Array, taken);
    const gpu = await Promise.all([new Tensor(summed, [36]).dataAsync(), new Tensor(taken, [240]).dataAsync()]);
    const idx = (await best.dataAsync()) as Int32Array;
    expect(new Set(idx).size).toBeLessThan(idx.length);
    const [gv, tv] = [(await g.dataAsync()) as Float32Array, (await table.dataAsync()) as Float32Array];
    await setBackend("js");
    const [refSum, refTake] = [new Float32Array(36), new Float32Array(240)];
    backend().indexAdd(gv, 3, 6, 2, idx, refSum);
    backend().take(tv, 3, 6, 2, idx, refTake);
    expect(Array.from(gpu[0]!)).toEqual(Array.from(refSum));
    expect(Array.from(gpu[1]!)).toEqual(Array.from(refTake));
  });

  it("indices computed on the GPU cannot index take (they never come back without a read): the error names dataAsync", async () => {
    await setBackend("webgpu");
    const x = randn([3, 4], { seed: 9, dtype: "float32" });
    const best = argmax(x, 1);
    expect(() => take(x, best, 1)).toThrow(ValueError);
    expect(() => take(x, best, 1)).toThrow(/take: needs these 3 values on the CPU.*await t\.dataAsync\(\)/);
    expect(() => best.cast("float32")).toThrow(/cast: needs these 3 values on the CPU/);
    const host = tensor(await best.dataAsync(), { shape: [3] });
    expect(await take(x, host, 1).array()).toEqual(await take(x, Array.from(await best.dataAsync()), 1).array());
  });

  it("an embedding model trains on webgpu like on the JS backend (Adam): same losses and parameters", async () => {
    const train = async (backend: string): Promise<{ losses: number[]; params: Float32Array[] }> => {
      await setBackend(backend);
      const emb = new nn.Embedding(12, 5, { seed: 1, dtype: "float32" });
      const lin = new nn.Linear(5, 3, { seed: 2, dtype: "float32" });
      const params = [...emb.parameters(), ...lin.parameters()];
      const opt = new optim.Adam(params, { lr: 0.05 });
      const tokens = tensor(Int32Array.from([1, 4, 4, 7, 0, 11, 4, 2, 3, 3, 3, 9]), { shape: [3, 4] });
      const losses: number[] = [];
      for (let s = 0; s < 6; s++) {
        opt.zeroGrad();
        const loss = nn.crossEntropy(lin.forward(emb.forward(tokens).mean(1)), [0, 2, 1]);
        loss.backward();
        opt.step();
        losses.push((await loss.dataAsync())[0]!);
      }
      return { losses, params: await Promise.all(params.map(async (p) => (await p.dataAsync()) as Float32Array)) };
    };
    const ref = await train("js");
    const gpu = await train("webgpu");
    assertClose(gpu.losses, ref.losses, F32, "losses");
    gpu.params.forEach((p, i) => assertClose(p, ref.params[i]!, { rtol: 1e-4, atol: 1e-4 }, `parameter ${i}`));
    expect(gpu.losses[5]!).toBeLessThan(gpu.losses[0]!);
  });

  it("embedding training keeps GPU memory flat and reads nothing back inside a step (index uploads and plans are collected)", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    await setBackend("webgpu");
    const emb = new nn.Embedding(50, 8, { seed: 3, dtype: "float32" });
    const lin = new nn.Linear(8, 4, { seed: 4, dtype: "float32" });
    const opt = new optim.Adagrad([...emb.parameters(), ...lin.parameters()], { lr: 0.1 });
    const rng = new TestRng(11);
    const settle = async (): Promise<number> => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 10));
      }
      return memory().webgpu!.liveBytes;
    };
    const steps = async (n: number): Promise<void> => {
      for (let s = 0; s < n; s++) {
        // new token ids every step, so each step uploads and plans a new index list
        const ids = Array.from({ length: 24 }, () => Math.floor(rng.uniform(0, 50)));
        opt.zeroGrad();
        nn.crossEntropy(
          lin.forward(emb.forward(ids)),
          Array.from({ length: 24 }, (_, i) => i % 4),
        ).backward();
        opt.step();
        await Promise.resolve();
      }
    };
    await steps(5);
    const early = await settle();
    const reads = memory().webgpu!.reads;
    await steps(60);
    const late = await settle();
    expect(memory().webgpu!.reads).toBe(reads);
    expect(early).toBeGreaterThan(0);
    expect(late).toBeLessThanOrEqual(early * 1.1);
  });
});
