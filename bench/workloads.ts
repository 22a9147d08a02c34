/** @file The benchmark catalogue: each workload, each peer, and which library family a peer's code lives in. */
import type { Contender, Workload } from "./harness.js";

/** One family's contender factories (one contender per peer of the family). */
interface Library {
  matmul(n: number): Contender[];
  mlp(): Contender[];
  seedF(): Contender[];
  conv2d(): Contender[];
  transformer(): Contender[];
}

/** A workload without its contenders: what the coordinating process needs to report it. */
export interface WorkloadSpec {
  name: string;
  unit: Workload["unit"];
  higherIsBetter: boolean;
  /** Converts seconds per step into the unit. */
  score(secondsPerStep: number): number;
  /** This workload's contenders from one library family. */
  make(lib: Library): Contender[];
}

/** Every workload, in report order. */
export const WORKLOADS: readonly WorkloadSpec[] = [
  ...[128, 256, 512, 1024].map((n): WorkloadSpec => ({
    name: `matmul-${n}`,
    unit: "GFLOP/s",
    higherIsBetter: true,
    score: (s) => (2 * n ** 3) / s / 1e9,
    make: (lib) => lib.matmul(n),
  })),
  { name: "mlp-step", unit: "ms", higherIsBetter: false, score: (s) => s * 1e3, make: (lib) => lib.mlp() },
  { name: "seed-f-16", unit: "µs", higherIsBetter: false, score: (s) => s * 1e6, make: (lib) => lib.seedF() },
  { name: "conv2d", unit: "ms", higherIsBetter: false, score: (s) => s * 1e3, make: (lib) => lib.conv2d() },
  { name: "transformer-step", unit: "ms", higherIsBetter: false, score: (s) => s * 1e3, make: (lib) => lib.transformer() },
];

/** Library families and their peers, in report order; a family's module is imported only when one of its peers runs. */
const FAMILIES: readonly { peers: readonly string[]; load(): Promise<Library> }[] = [
  {
    peers: ["chainrule"],
    load: async () => {
      const [m, t] = await Promise.all([import("./peers/chainrule.js"), import("./peers/chainrule-transformer.js")]);
      return {
        matmul: (n) => [m.matmulContender(n)],
        mlp: () => [m.mlpContender()],
        seedF: () => [m.seedFContender()],
        conv2d: () => [m.conv2dContender()],
        transformer: () => [t.transformerContender()],
      };
    },
  },
  {
    peers: ["tfjs-wasm", "tfjs-cpu"],
    load: async () => {
      const [m, t] = await Promise.all([import("./peers/tfjs.js"), import("./peers/tfjs-transformer.js")]);
      return {
        matmul: m.matmulContenders,
        mlp: m.mlpContenders,
        seedF: m.seedFContenders,
        conv2d: m.conv2dContenders,
        transformer: t.transformerContenders,
      };
    },
  },
  {
    peers: ["jax-js", "jax-js-jit"],
    load: async () => {
      const [m, t] = await Promise.all([import("./peers/jax.js"), import("./peers/jax-transformer.js")]);
      return {
        matmul: m.matmulContenders,
        mlp: m.mlpContenders,
        seedF: m.seedFContenders,
        conv2d: m.conv2dContenders,
        transformer: t.transformerContenders,
      };
    },
  },
];

/**
 * Every peer in report order, or those of `wanted` (unknown names are dropped).
 * @example
 * selectPeers(["jax-js", "chainrule"]); // ["chainrule", "jax-js"]
 */
export function selectPeers(wanted?: readonly string[]): string[] {
  return FAMILIES.flatMap((f) => f.peers).filter((p) => !wanted || wanted.includes(p));
}

/**
 * The workloads named in `only` (comma-separated, run in the table's order), or all of them.
 * @example
 * selectWorkloads("mlp-step,matmul-1024").map((w) => w.name); // ["matmul-1024", "mlp-step"]
 */
export function selectWorkloads(only?: string): WorkloadSpec[] {
  const names = only?.split(",").map((s) => s.trim());
  return WORKLOADS.filter((w) => !names || names.includes(w.name));
}

/**
 * The contender of one peer for one workload; imports only that peer's library.
 * @example
 * const [c] = await contendersOf("chainrule", "seed-f-16");
 */
export async function contendersOf(peer: string, workload: string): Promise<Contender[]> {
  const family = FAMILIES.find((f) => f.peers.includes(peer));
  if (!family) throw new Error(`unknown peer "${peer}"; peers: ${selectPeers().join(", ")}`);
  const spec = WORKLOADS.find((w) => w.name === workload);
  if (!spec) throw new Error(`unknown workload "${workload}"; workloads: ${WORKLOADS.map((w) => w.name).join(", ")}`);
  const found = spec.make(await family.load()).filter((c) => c.peer === peer);
  if (found.length === 0) throw new Error(`peer "${peer}" has no contender for ${workload}`);
  return found;
}

/**
 * What a peer's process runs on, for the report's header: chainrule's backend (and wasm kernels).
 * @example
 * await describePeer("chainrule"); // "wasm (relaxed-simd, 2 threads)"
 */
export async function describePeer(peer: string): Promise<string | undefined> {
  if (peer !== "chainrule") return undefined;
  const { chainruleBackend } = await import("./machine.js");
  return chainruleBackend();
}

/**
 * The workloads with the contenders of the selected peers, all in this process (the `--in-process` mode).
 * @example
 * await inProcessWorkloads(selectWorkloads("seed-f-16"), ["chainrule"]);
 */
export async function inProcessWorkloads(specs: readonly WorkloadSpec[], peers: readonly string[]): Promise<Workload[]> {
  const libs = await Promise.all(FAMILIES.filter((f) => f.peers.some((p) => peers.includes(p))).map((f) => f.load()));
  return specs.map((s) => ({
    name: s.name,
    unit: s.unit,
    higherIsBetter: s.higherIsBetter,
    score: s.score,
    contenders: libs.flatMap((lib) => s.make(lib)).filter((c) => peers.includes(c.peer)),
  }));
}
