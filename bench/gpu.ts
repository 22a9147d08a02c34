/** @file Entry of the GPU benchmark bundle (`.gpu/bench-gpu.mjs`, see docs/webgpu.md): the webgpu workloads, the table, optionally the JSON report in a file, then exit. */
import { writeFileSync } from "node:fs";
import { runGpuBench } from "./gpu-run.js";

const USAGE = "usage: node bench-gpu.mjs [--quick] [--json] [--out report.json]";
const args = process.argv.slice(2);
let out: string | null = null;
const flags = new Set<string>();
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--out" && args[i + 1]) out = args[++i]!;
  else if (a.startsWith("--out=")) out = a.slice(6);
  else if (a === "--quick" || a === "--json") flags.add(a);
  else {
    process.stderr.write(`bench-gpu: unknown argument "${a}"; ${USAGE}\n`);
    process.exit(2);
  }
}
const report = await runGpuBench({ quick: flags.has("--quick"), json: flags.has("--json") });
// a file keeps the report apart from whatever else the device's wrapper prints on stdout
if (out) writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
// the Dawn device keeps the event loop alive
process.exit(0);
