/** @file `npm run bench`: chainrule vs TensorFlow.js and jax-js on matmul, an MLP step and the worksheet's f. */
import os from "node:os";
import { getBackend } from "../src/index.js";
import { wasmInfo } from "../src/backends/wasm/index.js";
import { runWorkload, type Workload } from "./harness.js";
import { runMemory } from "./memory.js";
import { formatTable } from "./table.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice(7);
const peers = args
  .find((a) => a.startsWith("--peers="))
  ?.slice(8)
  .split(",");

/** The workloads, each with chainrule and its peers (peers load only when benchmarking them). */
async function workloads(): Promise<Workload[]> {
  const [cr, tfjs, jax] = await Promise.all([import("./peers/chainrule.js"), import("./peers/tfjs.js"), import("./peers/jax.js")]);
  const list: Workload[] = [];
  for (const n of [128, 256, 512, 1024]) {
    list.push({
      name: `matmul-${n}`,
      unit: "GFLOP/s",
      higherIsBetter: true,
      score: (s) => (2 * n ** 3) / s / 1e9,
      contenders: [cr.matmulContender(n), ...tfjs.matmulContenders(n), ...jax.matmulContenders(n)],
    });
  }
  list.push({
    name: "mlp-step",
    unit: "ms",
    higherIsBetter: false,
    score: (s) => s * 1e3,
    contenders: [cr.mlpContender(), ...tfjs.mlpContenders(), ...jax.mlpContenders()],
  });
  list.push({
    name: "seed-f-16",
    unit: "µs",
    higherIsBetter: false,
    score: (s) => s * 1e6,
    contenders: [cr.seedFContender(), ...tfjs.seedFContenders(), ...jax.seedFContenders()],
  });
  for (const w of list) w.contenders = w.contenders.filter((c) => !peers || peers.includes(c.peer));
  return list.filter((w) => !only || w.name === only);
}

async function main(): Promise<void> {
  if (args.includes("--memory")) {
    await runMemory({ json, steps: Number(args.find((a) => a.startsWith("--steps="))?.slice(8) ?? 10_000) });
    return;
  }
  // Peers print notices through console; keep stdout for the table or the JSON document.
  const out = (s: string) => process.stdout.write(s + "\n");
  const log = (s: string) => process.stderr.write(s + "\n");
  console.log = console.info = console.warn = (...a: unknown[]) => log(a.map(String).join(" "));
  const opts = { rounds: quick ? 3 : 7, sampleMs: quick ? 60 : 150, warmupMs: quick ? 150 : 400, log };
  const results = [];
  for (const w of await workloads()) {
    log(`running ${w.name} …`);
    const r = await runWorkload(w, opts);
    results.push({ name: w.name, unit: w.unit, higherIsBetter: w.higherIsBetter, results: r });
  }
  const wasm = wasmInfo();
  const kernels = getBackend() === "wasm" && wasm ? ` (${wasm.variant}, ${wasm.threads} threads)` : "";
  const machine = `${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}, chainrule backend ${getBackend()}${kernels}`;
  // with --json the table still goes to stderr, so one run gives both
  if (json) {
    log(formatTable(results, machine));
    out(JSON.stringify({ machine, workloads: results }, null, 2));
  } else out(formatTable(results, machine));
}

await main();
