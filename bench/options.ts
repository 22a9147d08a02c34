/** @file The flags of `npm run bench`, parsed with commander like the `chainrule` command (so --help exits and unknown flags are errors). */
import { Command, InvalidArgumentError } from "commander";

/** What one benchmark run is asked to do. */
export interface BenchOptions {
  json: boolean;
  quick: boolean;
  inProcess: boolean;
  memory: boolean;
  steps: number;
  only?: string;
  peers?: string[];
  /** "webgpu": the GPU workloads on chainrule's webgpu backend (bench/gpu-run.ts) instead of the CPU comparison. */
  backend: "wasm" | "webgpu";
}

function backendName(v: string): "wasm" | "webgpu" {
  if (v === "wasm" || v === "webgpu") return v;
  throw new InvalidArgumentError(`--backend must be wasm (the CPU comparison, default) or webgpu (the GPU workloads), got "${v}".`);
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`--steps must be an integer ≥ 1, got "${v}".`);
  return n;
}

/**
 * The benchmark's command-line program (pass `exitOverride` to get errors instead of process exits).
 * @example
 * benchProgram().parse(["node", "run.js", "--quick"]).opts();
 */
export function benchProgram(): Command {
  return new Command()
    .name("npm run bench --")
    .description(
      "chainrule vs TensorFlow.js and jax-js on matmul, an MLP step, the worksheet's f, conv2d and a transformer step (medians of interleaved rounds).",
    )
    .option("--json", "print one JSON document on stdout (the table goes to stderr)")
    .option(
      "--backend <name>",
      "wasm (default: chainrule vs the peers on the CPU) or webgpu (matmul 1024–4096, a 784-1024-1024-10 MLP step, f; --quick: small sizes)",
      backendName,
      "wasm",
    )
    .option("--quick", "3 short rounds instead of 11 (a smoke run, not for numbers)")
    .option("--in-process", "run every peer in this process instead of one process each")
    .option("--only <workloads>", "comma-separated workload names to run")
    .option("--peers <peers>", "comma-separated peers to run (chainrule, tfjs-…, jax-js)", (v: string) => v.split(","))
    .option("--memory", "measure memory over a long training run instead of timing")
    .option("--steps <n>", "training steps of --memory", positiveInt, 10_000)
    .showHelpAfterError()
    .allowExcessArguments(false);
}

/**
 * Parses the benchmark's flags (`argv` as in process.argv); --help prints the help and exits, an unknown
 * flag prints an error and exits with code 1 (or throws, with `exitOverride`).
 * @example
 * parseBenchArgs(["node", "run.js", "--only=mlp-step", "--quick"]).only; // "mlp-step"
 */
export function parseBenchArgs(argv: readonly string[], program: Command = benchProgram()): BenchOptions {
  const o = program.parse(argv as string[]).opts<BenchOptions>();
  const flag = (v: boolean | undefined): boolean => v === true;
  return {
    json: flag(o.json),
    quick: flag(o.quick),
    inProcess: flag(o.inProcess),
    memory: flag(o.memory),
    steps: o.steps,
    only: o.only,
    peers: o.peers,
    backend: o.backend,
  };
}
