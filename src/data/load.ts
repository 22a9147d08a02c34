/** @file `load(name)`: every shipped dataset by name, and a catalogue describing them. */
import { ValueError } from "../errors.js";
import type { DType } from "../tensor/dtype.js";
import type { Dataset, Task } from "./dataset.js";
import { loadBreastCancer, loadDigits, loadIris } from "./real.js";
import { circles, moons, sine, spirals, xor, type SpiralOptions } from "./synthetic.js";

/** Names accepted by `load`. */
export const datasetNames = ["xor", "moons", "circles", "spirals", "sine", "iris", "breast-cancer", "digits"] as const;

/** One of `datasetNames`. */
export type DatasetName = (typeof datasetNames)[number];

/** Options of `load`: `n`, `noise`, `seed` (and `classes` for spirals) shape the generated sets; `dtype` applies to all. */
export type LoadOptions = SpiralOptions & { dtype?: DType };

/** What `describeDataset` tells about a dataset without loading it. */
export interface DatasetInfo {
  name: DatasetName;
  task: Task;
  /** Whether the samples are generated from a seed (else shipped real data). */
  generated: boolean;
  samples: number;
  features: number;
  classes: number;
  description: string;
}

const INFO: Record<DatasetName, Omit<DatasetInfo, "name">> = {
  xor: {
    task: "classification",
    generated: true,
    samples: 400,
    features: 2,
    classes: 2,
    description: "XOR of the signs of two coordinates",
  },
  moons: { task: "classification", generated: true, samples: 500, features: 2, classes: 2, description: "two interleaving half circles" },
  circles: { task: "classification", generated: true, samples: 500, features: 2, classes: 2, description: "a circle inside a circle" },
  spirals: { task: "classification", generated: true, samples: 600, features: 2, classes: 3, description: "three interleaved spiral arms" },
  sine: { task: "regression", generated: true, samples: 200, features: 1, classes: 0, description: "y = sin(x) + noise" },
  iris: { task: "classification", generated: false, samples: 150, features: 4, classes: 3, description: "Fisher's Iris flowers (UCI)" },
  "breast-cancer": {
    task: "classification",
    generated: false,
    samples: 569,
    features: 30,
    classes: 2,
    description: "Breast Cancer Wisconsin, diagnostic (UCI)",
  },
  digits: {
    task: "classification",
    generated: false,
    samples: 1797,
    features: 64,
    classes: 10,
    description: "8×8 handwritten digits (UCI)",
  },
};

function checkName(name: string): DatasetName {
  const known = datasetNames as readonly string[];
  if (known.includes(name)) return name as DatasetName;
  const alias = name.replace(/_/g, "-");
  if (known.includes(alias)) return alias as DatasetName;
  throw new ValueError(`load: unknown dataset "${name}"; choose one of ${datasetNames.join(", ")}.`);
}

/**
 * Facts about a shipped dataset (default size, features, classes) without building it.
 * @example
 * describeDataset("digits").samples; // 1797
 */
export function describeDataset(name: string): DatasetInfo {
  const key = checkName(name);
  return { name: key, ...INFO[key] };
}

/**
 * Loads a shipped dataset by name. Generated ones take `{ n, noise, seed }` (spirals also `classes`);
 * real ones (iris, breast-cancer, digits) are embedded in the package and take only `dtype`.
 * @example
 * const digits = load("digits");           // x: [1797, 64], y: [1797]
 * const moons = load("moons", { n: 200, noise: 0.15, seed: 1 });
 */
export function load(name: DatasetName | (string & {}), opts: LoadOptions = {}): Dataset {
  const key = checkName(name);
  if (!INFO[key].generated) {
    const extra = (["n", "noise", "classes"] as const).filter((k) => opts[k] !== undefined);
    if (extra.length > 0) {
      throw new ValueError(`load("${key}"): ${extra.join(", ")} only apply to generated datasets; ${key} is real data with fixed samples.`);
    }
  }
  if (key !== "spirals" && opts.classes !== undefined) {
    throw new ValueError(`load("${key}"): classes only applies to "spirals".`);
  }
  switch (key) {
    case "xor":
      return xor(opts);
    case "moons":
      return moons(opts);
    case "circles":
      return circles(opts);
    case "spirals":
      return spirals(opts);
    case "sine":
      return sine(opts);
    case "iris":
      return loadIris(opts);
    case "breast-cancer":
      return loadBreastCancer(opts);
    case "digits":
      return loadDigits(opts);
    default: {
      const never: never = key;
      throw new ValueError(`load: unknown dataset ${String(never)}`);
    }
  }
}
