/** @file Entry of the GPU benchmark bundle (`.gpu/bench-gpu.mjs`, see docs/webgpu.md): the webgpu workloads, then exit. */
import { runGpuBench } from "./gpu-run.js";

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--quick" && a !== "--json");
if (unknown.length > 0) {
  process.stderr.write(`bench-gpu: unknown argument ${unknown.join(" ")}; usage: node bench-gpu.mjs [--quick] [--json]\n`);
  process.exit(2);
}
await runGpuBench({ quick: args.includes("--quick"), json: args.includes("--json") });
// the Dawn device keeps the event loop alive
process.exit(0);
