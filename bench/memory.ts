/** @file `npm run bench -- --memory`: trains a small MLP for 10,000 SGD steps and shows that process memory stays flat. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { getBackend, nn, optim, tensor } from "../src/index.js";
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
 * Trains a 64-128-128-10 nn.MLP with optim.SGD (momentum) on a batch of 64, so every matmul takes
 * the wasm path, and samples
 * heapUsed, external+arrayBuffers and rss after a full GC at 11 points.
 * @example
 * await runMemory({ steps: 10_000, json: false });
 */
export async function runMemory(opts: MemoryOptions): Promise<void> {
  const sizes = [64, 128, 128, 10];
  const batch = 64;
  const model = new nn.MLP(sizes, { seed: 0 });
  const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const x = tensor(uniform(batch * sizes[0]!, 5), { shape: [batch, sizes[0]!] });
  const labels = Array.from({ length: batch }, (_, i) => i % 10);
  const samples: { step: number; heapMB: number; externalMB: number; rssMB: number; loss: number }[] = [];
  let loss = NaN;
  const t0 = performance.now();
  const every = Math.max(1, Math.floor(opts.steps / 10));
  for (let step = 0; step <= opts.steps; step++) {
    if (step % every === 0 || step === opts.steps) {
      collect();
      const m = process.memoryUsage();
      samples.push({ step, heapMB: m.heapUsed / MB, externalMB: (m.external + m.arrayBuffers) / MB, rssMB: m.rss / MB, loss });
      if (!opts.json) {
        const s = samples[samples.length - 1]!;
        process.stdout.write(
          `step ${String(step).padStart(6)}  heapUsed ${s.heapMB.toFixed(1)} MB  external ${s.externalMB.toFixed(1)} MB  rss ${s.rssMB.toFixed(1)} MB  loss ${Number.isNaN(loss) ? "—" : loss.toFixed(4)}\n`,
        );
      }
    }
    if (step === opts.steps) break;
    opt.zeroGrad();
    const lossT = nn.crossEntropy(model.forward(x), labels);
    lossT.backward();
    opt.step();
    loss = lossT.item();
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
