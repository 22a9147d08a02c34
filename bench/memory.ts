/** @file `npm run bench -- --memory`: trains a small MLP for 10,000 SGD steps and shows that process memory stays flat. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { getBackend, logSoftmax, matmul, noGrad, relu, tensor, type Tensor } from "../src/index.js";
import { uniform } from "./data.js";

/** Options of the memory run. */
export interface MemoryOptions {
  steps: number;
  json: boolean;
}

/** Runs a full garbage collection (exposing `gc` for this process if needed). */
function collect(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
}

const MB = 1024 * 1024;

/**
 * Trains a 64-128-128-10 MLP (batch 64, so every matmul takes the wasm path) and samples
 * heapUsed, external+arrayBuffers and rss after a full GC at 11 points.
 * @example
 * await runMemory({ steps: 10_000, json: false });
 */
export async function runMemory(opts: MemoryOptions): Promise<void> {
  const sizes = [64, 128, 128, 10];
  const batch = 64;
  const w: Tensor[] = [];
  const b: Tensor[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    w.push(tensor(uniform(sizes[l]! * sizes[l + 1]!, 40 + l, 0.2), { shape: [sizes[l]!, sizes[l + 1]!], requiresGrad: true }));
    b.push(tensor(new Float32Array(sizes[l + 1]!), { shape: [sizes[l + 1]!], requiresGrad: true }));
  }
  const x = tensor(uniform(batch * sizes[0]!, 5), { shape: [batch, sizes[0]!] });
  const onehot = tensor(
    Float32Array.from({ length: batch * 10 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
    { shape: [batch, 10] },
  );
  const params = [...w, ...b];
  const samples: { step: number; heapMB: number; externalMB: number; rssMB: number; loss: number }[] = [];
  let loss = NaN;
  const t0 = performance.now();
  for (let step = 0; step <= opts.steps; step++) {
    if (step % (opts.steps / 10) === 0) {
      collect();
      const m = process.memoryUsage();
      samples.push({ step, heapMB: m.heapUsed / MB, externalMB: (m.external + m.arrayBuffers) / MB, rssMB: m.rss / MB, loss });
      if (!opts.json) {
        const s = samples[samples.length - 1]!;
        process.stdout.write(
          `step ${String(step).padStart(6)}  heapUsed ${s.heapMB.toFixed(1)} MB  external ${s.externalMB.toFixed(1)} MB  rss ${s.rssMB.toFixed(1)} MB  loss ${loss.toFixed(4)}\n`,
        );
      }
    }
    if (step === opts.steps) break;
    let h = x;
    for (let l = 0; l < w.length; l++) {
      const z = matmul(h, w[l]!).add(b[l]!);
      h = l + 1 < w.length ? relu(z) : z;
    }
    const lossT = logSoftmax(h, -1).mul(onehot).sum(-1).mean().neg();
    lossT.backward();
    loss = lossT.item();
    noGrad(() => {
      for (const q of params) {
        const g = q.grad!.data;
        for (let i = 0; i < q.data.length; i++) q.data[i] = q.data[i]! - 0.05 * g[i]!;
        q.grad = null;
      }
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const first = samples[1] ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  const growth = { heapMB: last.heapMB - first.heapMB, rssMB: last.rssMB - first.rssMB };
  if (opts.json) {
    process.stdout.write(JSON.stringify({ backend: getBackend(), steps: opts.steps, seconds, samples, growth }, null, 2) + "\n");
  } else {
    process.stdout.write(
      `${opts.steps} steps on "${getBackend()}" in ${seconds.toFixed(1)} s; growth from step ${first.step}: ` +
        `heapUsed ${growth.heapMB.toFixed(2)} MB, rss ${growth.rssMB.toFixed(2)} MB\n`,
    );
  }
}
