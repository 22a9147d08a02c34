/** @file The webgpu backend (SwiftShader in CI): the worksheet's f and an MLP train with the JS backend's gradients, no readback inside a step, flat memory, and clear errors. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { DTypeError, memory, nn, optim, randn, setBackend, tensor, Tensor, ValueError, detectAnomaly } from "../../src/index.js";
import { seedF, seedFInputs } from "../../src/examples/worksheet.js";
import { webgpuBackend } from "../../src/backends/webgpu/index.js";
import { assertClose } from "../helpers/close.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";

const reason = await webgpuUnavailable();
const F32 = { rtol: 1e-4, atol: 1e-5 };

/** The message of the error `fn` throws, checking its class. */
function thrown(fn: () => unknown, cls: typeof ValueError | typeof DTypeError = ValueError): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    return (e as Error).message;
  }
  throw new Error("expected an error, none was thrown");
}

function counts(): { reads: number; submits: number; liveBytes: number } {
  const m = memory().webgpu!;
  return { reads: m.reads, submits: m.submits, liveBytes: m.liveBytes };
}

/** A small MLP trained a few SGD steps on `backend`: the loss per step and the final parameters. */
async function trainMlp(
  backend: string,
  steps: number,
  makeOpt: (ps: Tensor[]) => optim.Optimizer = (ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9 }),
): Promise<{ losses: number[]; params: Float32Array[] }> {
  await setBackend(backend);
  const net = new nn.MLP([6, 16, 16, 3], { seed: 3, dtype: "float32" });
  const x = randn([8, 6], { seed: 4, dtype: "float32" });
  const y = [0, 1, 2, 1, 0, 2, 2, 1];
  const opt = makeOpt(net.parameters());
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = nn.crossEntropy(net.forward(x), y);
    loss.backward();
    opt.step();
    losses.push((await loss.dataAsync())[0]!);
  }
  const params = await Promise.all(net.parameters().map(async (p) => (await p.dataAsync()) as Float32Array));
  return { losses, params };
}

describe.skipIf(reason !== null)(`the webgpu backend${reason ? ` (skipped: ${reason})` : ""}`, () => {
  afterEach(() => setBackend("js"));

  it("loads with await setBackend and owns the tensors made while selected; to() moves host tensors onto it", async () => {
    const onJs = tensor([1, 2, 3]);
    await setBackend("webgpu");
    const t = tensor([1, 2]);
    expect(t.backend).toBe("webgpu");
    const moved = onJs.to("webgpu");
    expect(moved.backend).toBe("webgpu");
    expect(await moved.mul(2).array()).toEqual([2, 4, 6]);
    expect(memory().webgpu!.adapter.length).toBeGreaterThan(0);
  });

  it("synchronous reads throw, naming await t.dataAsync() / await t.array(); moving back names the async read", async () => {
    await setBackend("webgpu");
    const y = tensor([1, 2]).mul(3);
    expect(thrown(() => y.sum().item())).toMatch(/item: .*"webgpu" backend.*\(await t\.dataAsync\(\)\)\[0\]/);
    expect(thrown(() => y.dataSync())).toMatch(/await t\.dataAsync\(\)/);
    expect(thrown(() => y.toArray())).toMatch(/await t\.array\(\)/);
    expect(thrown(() => y.data)).toMatch(/await t\.dataAsync\(\)/);
    expect(thrown(() => y.to("js"))).toMatch(/tensor\(await t\.dataAsync\(\), \{ shape: t\.shape \}\) after await setBackend\("js"\)/);
    expect(await y.array()).toEqual([3, 6]);
  });

  it('float64 is refused with an error naming cast("float32") and the CPU backends', async () => {
    await setBackend("webgpu");
    const m = thrown(() => tensor([1, 2], { dtype: "float64" }), DTypeError);
    expect(m).toMatch(/float32 only \(WGSL has no f64/);
    expect(m).toMatch(/x\.cast\("float32"\)/);
    expect(m).toMatch(/setBackend\("js"\) or "wasm"/);
  });

  it("ops without a WGSL kernel throw, naming the op; detectAnomaly says it cannot check", async () => {
    await setBackend("webgpu");
    // the host form of the fused loss has no WGSL kernel by design (ops take the device form)
    const host = () => webgpuBackend.softmaxCrossEntropy(new Float32Array(2), new Float32Array(2), 1, 2, new Float64Array(1));
    expect(thrown(host)).toMatch(/^crossEntropy \(host losses\): the "webgpu" backend has no WGSL kernel/);
    const p = tensor([1, 2], { requiresGrad: true });
    p.mul(p).sum().backward();
    expect(thrown(() => detectAnomaly(() => p.exp()))).toMatch(/detectAnomaly: "exp" ran on the "webgpu" backend/);
  });

  it("the worksheet's f: value and gradients equal the JS backend's in float32", async () => {
    const run = async (backend: string): Promise<Float32Array[]> => {
      await setBackend(backend);
      const inp = seedFInputs(4, 3, { seed: 7, dtype: "float32" });
      inp.W.requiresGrad = true;
      inp.b.requiresGrad = true;
      inp.x.requiresGrad = true;
      const f = seedF(inp, "sigmoid");
      f.backward();
      return Promise.all([f, inp.W.grad!, inp.b.grad!, inp.x.grad!].map(async (t) => (await t.dataAsync()) as Float32Array));
    };
    const ref = await run("js");
    const gpu = await run("webgpu");
    ref.forEach((r, i) => assertClose(gpu[i]!, r, F32, `worksheet f, output ${i}`));
  });

  it("an MLP trains with SGD + momentum like the JS backend: same losses and parameters in float32", async () => {
    const ref = await trainMlp("js", 5);
    const gpu = await trainMlp("webgpu", 5);
    assertClose(gpu.losses, ref.losses, F32, "losses");
    gpu.params.forEach((p, i) => assertClose(p, ref.params[i]!, { rtol: 1e-4, atol: 1e-4 }, `parameter ${i}`));
    expect(gpu.losses[4]!).toBeLessThan(gpu.losses[0]!);
  });

  it("Adam (AMSGrad, weight decay) and AdamW run on the GPU like the JS backend", async () => {
    const makers: ((ps: Tensor[]) => optim.Optimizer)[] = [
      (ps) => new optim.Adam(ps, { lr: 0.01, amsgrad: true, weightDecay: 0.01 }),
      (ps) => new optim.AdamW(ps, { lr: 0.01, maximize: false }),
    ];
    for (const make of makers) {
      const ref = await trainMlp("js", 4, make);
      const gpu = await trainMlp("webgpu", 4, make);
      assertClose(gpu.losses, ref.losses, F32, "losses");
      gpu.params.forEach((p, i) => assertClose(p, ref.params[i]!, { rtol: 1e-4, atol: 1e-4 }, `parameter ${i}`));
    }
  });

  it("a training step reads nothing back and submits its dispatches as one command buffer", async () => {
    await setBackend("webgpu");
    const net = new nn.MLP([4, 8, 2], { seed: 1 });
    const x = randn([5, 4], { seed: 2 });
    const opt = new optim.SGD(net.parameters(), { lr: 0.05 });
    const step = (): Tensor => {
      opt.zeroGrad();
      const loss = nn.crossEntropy(net.forward(x), [0, 1, 1, 0, 1]);
      loss.backward();
      opt.step();
      return loss;
    };
    step();
    await new Promise((r) => setTimeout(r, 0));
    const before = counts();
    const loss = step();
    await Promise.resolve();
    const after = counts();
    expect(after.reads).toBe(before.reads);
    expect(after.submits).toBe(before.submits + 1);
    expect(Number.isFinite((await loss.dataAsync())[0])).toBe(true);
  });

  it("GPU memory stays flat over training steps (buffers are recycled when tensors are collected)", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    await setBackend("webgpu");
    const net = new nn.MLP([16, 32, 4], { seed: 5 });
    const x = randn([32, 16], { seed: 6 });
    const y = Array.from({ length: 32 }, (_, i) => i % 4);
    const opt = new optim.SGD(net.parameters(), { lr: 0.05, momentum: 0.9 });
    const settle = async (): Promise<number> => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 10));
      }
      return counts().liveBytes;
    };
    const steps = async (n: number): Promise<void> => {
      for (let s = 0; s < n; s++) {
        opt.zeroGrad();
        nn.crossEntropy(net.forward(x), y).backward();
        opt.step();
        await Promise.resolve();
      }
    };
    await steps(5);
    const early = await settle();
    await steps(60);
    const late = await settle();
    expect(early).toBeGreaterThan(0);
    expect(late).toBeLessThanOrEqual(early * 1.1);
    expect(memory().webgpu!.reused).toBeGreaterThan(0);
  });
});
