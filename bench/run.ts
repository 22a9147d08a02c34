/** @file `npm run bench`: chainrule vs TensorFlow.js and jax-js on matmul, an MLP step and the worksheet's f. */
import { runIsolated } from "./coordinator.js";
import { runWorkload } from "./harness.js";
import { parseBenchArgs } from "./options.js";
import { chainruleBackend, machineLine } from "./machine.js";
import { formatTable, type WorkloadResult } from "./table.js";
import { inProcessWorkloads, selectPeers, selectWorkloads } from "./workloads.js";

const { json, quick, inProcess, only, memory, steps, peers: wanted, backend: where } = parseBenchArgs(process.argv);
const peers = selectPeers(wanted);

const METHOD = {
  isolated: "each peer in its own process, medians of interleaved rounds",
  inProcess: "all peers in one process (--in-process), medians of interleaved rounds",
};

async function main(): Promise<void> {
  if (where === "webgpu") {
    const ignored = Object.entries({
      "--only": only,
      "--peers": wanted,
      "--in-process": inProcess || undefined,
      "--memory": memory || undefined,
    });
    const set = ignored.filter(([, v]) => v !== undefined).map(([k]) => k);
    if (set.length > 0)
      throw new Error(`bench --backend webgpu runs only the GPU workloads (with --quick and --json); drop ${set.join(", ")}.`);
    const { runGpuBench } = await import("./gpu-run.js");
    await runGpuBench({ quick, json });
    return;
  }
  if (memory) {
    const { runMemory } = await import("./memory.js");
    await runMemory({ json, steps });
    return;
  }
  // Peers print notices through console; keep stdout for the table or the JSON document.
  const out = (s: string) => process.stdout.write(s + "\n");
  const log = (s: string) => process.stderr.write(s + "\n");
  console.log = console.info = console.warn = (...a: unknown[]) => log(a.map(String).join(" "));
  // 11 rounds: the host is shared, and load from other tenants comes in bursts of seconds that a
  // median of fewer rounds (7 before) can land in; every peer gets the same rounds
  const opts = { rounds: quick ? 3 : 11, sampleMs: quick ? 60 : 150, warmupMs: quick ? 150 : 400, log };
  const specs = selectWorkloads(only);
  let results: WorkloadResult[] = [];
  let backend: string | undefined;
  if (inProcess) {
    for (const w of await inProcessWorkloads(specs, peers)) {
      log(`running ${w.name} …`);
      const r = await runWorkload(w, opts);
      results.push({ name: w.name, unit: w.unit, higherIsBetter: w.higherIsBetter, results: r });
    }
  } else {
    const run = await runIsolated(specs, peers, opts);
    results = run.results;
    backend = run.info["chainrule"];
  }
  // without a chainrule process, this one loads chainrule (only now, after timing) to report its backend
  const machine = machineLine(backend ?? (await chainruleBackend()));
  const table = formatTable(results, machine, inProcess ? METHOD.inProcess : METHOD.isolated);
  // with --json the table still goes to stderr, so one run gives both
  if (json) {
    log(table);
    out(JSON.stringify({ machine, workloads: results }, null, 2));
  } else out(table);
}

await main();
