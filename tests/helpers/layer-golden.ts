/** @file Runs the layer cases of tests/fixtures/goldens/layers.json (scripts/goldens/layers.py) with chainrule. */
import * as cr from "../../src/index.js";
import type { Pair, Tensor } from "../../src/index.js";

/** A stored tensor: shape and flat row-major data. */
export interface GoldenTensor {
  shape: number[];
  data: number[];
}

/** One case: an op with its options, PyTorch's output, gradients of Σ output·weight and a Hessian-vector product. */
export interface LayerCase {
  name: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: ({ name: string } & GoldenTensor)[];
  constants: ({ name: string } & GoldenTensor)[];
  indices?: GoldenTensor;
  output: GoldenTensor;
  weight: number[];
  grads: Record<string, number[]>;
  hvpDirection: Record<string, number[]>;
  hvp: Record<string, number[]>;
  after?: Record<string, number[]>;
}

/** The fixture file. */
export interface LayerGoldens {
  generator: string;
  torch: string;
  dtype: string;
  cases: LayerCase[];
}

const f64 = (t: GoldenTensor, requiresGrad = false): Tensor => cr.tensor(Float64Array.from(t.data), { shape: t.shape, requiresGrad });

/** PyTorch's int-or-list options as chainrule's `Pair` (a conv1d length stays a number). */
const pairOf = (v: unknown): Pair | undefined =>
  v === undefined || v === null ? undefined : typeof v === "number" ? v : ([...(v as number[])] as [number, number]);
const numOf = (v: unknown): number => v as number;

/** Applies the case's op to its named tensors (inputs and constants) with chainrule. */
function apply(c: LayerCase, t: Map<string, Tensor>): Tensor {
  const a = c.attrs;
  const idx = c.indices ? (c.indices.shape.length === 1 ? c.indices.data : f64(c.indices)) : [];
  const window = { stride: pairOf(a["stride"]), padding: pairOf(a["padding"]), dilation: pairOf(a["dilation"]) };
  switch (c.op) {
    case "conv2d":
      return cr.conv2d(t.get("x")!, t.get("w")!, t.get("b") ?? null, { ...window, groups: numOf(a["groups"]) });
    case "conv1d":
      return cr.conv1d(t.get("x")!, t.get("w")!, t.get("b") ?? null, {
        stride: numOf(a["stride"]),
        padding: numOf(a["padding"]),
        dilation: numOf(a["dilation"]),
        groups: numOf(a["groups"]),
      });
    case "unfold":
      return cr.unfold(t.get("x")!, pairOf(a["kernel"])!, window);
    case "fold":
      return cr.fold(t.get("cols")!, pairOf(a["outputSize"])!, pairOf(a["kernel"])!, window);
    case "maxPool2d":
    case "avgPool2d": {
      const opts = { stride: pairOf(a["stride"]), padding: pairOf(a["padding"]) };
      return (c.op === "maxPool2d" ? cr.maxPool2d : cr.avgPool2d)(t.get("x")!, pairOf(a["kernel"])!, opts);
    }
    case "layerNorm":
      return cr.layerNorm(t.get("x")!, a["normalizedShape"] as number[], t.get("w") ?? null, t.get("b") ?? null, numOf(a["eps"]));
    case "batchNorm":
      return cr.batchNorm(t.get("x")!, t.get("runningMean")!, t.get("runningVar")!, t.get("w") ?? null, t.get("b") ?? null, {
        training: a["training"] as boolean,
        momentum: numOf(a["momentum"]),
        eps: numOf(a["eps"]),
      });
    case "take":
      return cr.take(t.get("x")!, idx, numOf(a["axis"]));
    case "embedding":
      return cr.embedding(idx, t.get("w")!);
    case "indexAdd":
      return cr.indexAdd(t.get("src")!, idx, numOf(a["axis"]), numOf(a["size"]));
    default:
      throw new Error(`layer golden: unknown op "${c.op}"`);
  }
}

/**
 * Runs one case in float64: the output, the gradients of Σ output·weight w.r.t. every input (from a plain
 * pass and from one that records the graph), the
 * Hessian-vector product along the stored directions, and the constants after the call (batchNorm's
 * running statistics, updated in place).
 */
export function runLayerCase(c: LayerCase): {
  output: Tensor;
  grads: Map<string, Tensor>;
  plainGrads: Map<string, Tensor>;
  hvp: Map<string, Tensor>;
  constants: Map<string, Tensor>;
} {
  const inputs = c.inputs.map((x) => f64(x, true));
  const constants = new Map(c.constants.map((k) => [k.name, f64(k)]));
  const named = new Map<string, Tensor>([...c.inputs.map((x, i) => [x.name, inputs[i]!] as const), ...constants]);
  const output = apply(c, named);
  const loss = output.mul(cr.tensor(Float64Array.from(c.weight), { shape: c.output.shape })).sum();
  // a plain pass first (fused rules, saved activations), then one that records the graph
  const plain = cr.gradients(loss, inputs);
  const g = cr.gradients(loss, inputs, undefined, { createGraph: true });
  const dirs = c.inputs.map((x) => cr.tensor(Float64Array.from(c.hvpDirection[x.name]!), { shape: x.shape }));
  const psi = g.map((gi, i) => gi.mul(dirs[i]!).sum()).reduce((s, v) => s.add(v));
  const hv = psi.requiresGrad ? cr.gradients(psi, inputs) : inputs.map((x) => cr.zerosLike(x));
  return {
    output,
    grads: new Map(c.inputs.map((x, i) => [x.name, g[i]!])),
    plainGrads: new Map(c.inputs.map((x, i) => [x.name, plain[i]!])),
    hvp: new Map(c.inputs.map((x, i) => [x.name, hv[i]!])),
    constants,
  };
}
