/** @file Runs the GPU benchmark on chainrule's webgpu backend: batches of steps timed up to the GPU finishing them, medians of rounds, a table or JSON. */
import { getBackend, memory, setBackend } from "../src/index.js";
import { settle } from "../src/backends/webgpu/runner.js";
import { median } from "./harness.js";
import { machineLine } from "./machine.js";
import { formatTable, type WorkloadResult } from "./table.js";
import { GPU_FULL, GPU_QUICK, gpuWorkloads } from "./gpu-workloads.js";

/** Options of a GPU run. */
export interface GpuBenchOptions {
  /** Small sizes and few short rounds (SwiftShader smoke runs). */
  quick: boolean;
  json: boolean;
  /** Where the table (and progress) goes; stdout gets the table, or the JSON document with `json`. */
  log?: (line: string) => void;
}

/** The JSON document of a GPU run (the shape scripts/bench-torch-gpu.py prints too). */
export interface GpuBenchReport {
  machine: string;
  adapter: string;
  sizes: "full" | "quick";
  workloads: WorkloadResult[];
}

/**
 * Milliseconds per step: steps run in doubling batches without any read, each batch followed by a wait for the GPU,
 * until at least `ms` have passed.
 * @example
 * await timeSteps(() => void matmul(a, b), 200);
 */
export async function timeSteps(step: () => void, ms: number): Promise<number> {
  let n = 0;
  let batch = 1;
  const t0 = performance.now();
  for (;;) {
    for (let i = 0; i < batch; i++) step();
    await settle();
    n += batch;
    const elapsed = performance.now() - t0;
    if (elapsed >= ms && n >= 2) return elapsed / n;
    batch = Math.min(batch * 2, 256);
  }
}

/**
 * Runs every GPU workload on the webgpu backend (the previous backend is selected again afterwards) and prints the
 * table, or the JSON document; returns the report.
 * @example
 * await runGpuBench({ quick: true, json: false });
 */
export async function runGpuBench(opts: GpuBenchOptions): Promise<GpuBenchReport> {
  const log = opts.log ?? ((s: string) => void process.stderr.write(`${s}\n`));
  const previous = getBackend();
  try {
    await setBackend("webgpu");
  } catch (e) {
    throw new Error(`bench --backend webgpu: the WebGPU backend could not load: ${(e as Error).message}`);
  }
  try {
    const rounds = opts.quick ? 3 : 7;
    const sampleMs = opts.quick ? 50 : 300;
    const results: WorkloadResult[] = [];
    for (const w of gpuWorkloads(opts.quick ? GPU_QUICK : GPU_FULL)) {
      log(`running ${w.name} …`);
      const step = w.setup();
      await timeSteps(step, sampleMs / 2);
      const ms: number[] = [];
      for (let r = 0; r < rounds; r++) ms.push(await timeSteps(step, sampleMs));
      results.push({ name: w.name, unit: w.unit, higherIsBetter: w.higherIsBetter, results: { chainrule: w.score(median(ms) / 1000) } });
    }
    const adapter = memory().webgpu?.adapter ?? "unknown adapter";
    const machine = machineLine(`webgpu (${adapter})`);
    const sizes = opts.quick ? "quick" : "full";
    const method = `medians of ${rounds} rounds of ≥ ${sampleMs} ms, each batch of steps timed until the GPU finished it; ${sizes} sizes`;
    const table = formatTable(results, machine, method);
    if (opts.json) {
      log(table);
      process.stdout.write(`${JSON.stringify({ machine, adapter, sizes, workloads: results }, null, 2)}\n`);
    } else process.stdout.write(`${table}\n`);
    return { machine, adapter, sizes, workloads: results };
  } finally {
    await setBackend(previous);
  }
}
