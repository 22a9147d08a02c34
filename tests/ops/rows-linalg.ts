/** @file Op-table rows: matrix products (1-d, 2-d, batched, transposed), dot, outer, and reductions with axes/keepdims. */
import * as cr from "../../src/index.js";
import { logsumexpR, matmulR, maxR, meanR, minR, nd, sumR, zip, type Nd } from "../helpers/nd-ref.js";
import { distinct, REAL, range, type OpRow } from "./op-row.js";

function mm(name: string, a: number[], b: number[], transA = false, transB = false): OpRow {
  return {
    name: `matmul ${name}`,
    covers: ["matmul"],
    inputs: [{ shape: a }, { shape: b }],
    f: (x, y) => (transA || transB ? cr.matmul(x!, y!, { transA, transB }) : x!.matmul(y!)),
    ref: (x, y) => matmulR(x!, y!, transA, transB),
  };
}

/** The reference x Wᵀ + b (then ReLU). */
function linearR(x: Nd, w: Nd, b: Nd | undefined, relu: boolean): Nd {
  const p = matmulR(x, w, false, true);
  const z = b ? zip([p, b], (u, v) => u + v) : p;
  return relu ? zip([z], (v) => Math.max(v, 0)) : z;
}

/** linear(x, W, b) = x Wᵀ + b (then ReLU): the fused primitive for a batch with a bias, matmul, add and relu otherwise. */
function lin(name: string, x: number[], w: number[], withBias: boolean, relu = false): OpRow {
  return {
    name: `linear ${name}`,
    covers: ["linear"],
    inputs: [{ shape: x }, { shape: w }, ...(withBias ? [{ shape: [w[0]!] }] : [])],
    f: (a, b, c) => cr.linear(a!, b!, c ?? null, relu ? { activation: "relu" } : {}),
    ref: (a, b, c) => linearR(a!, b!, c, relu),
    // finite differences need every pre-activation away from ReLU's kink
    accept: relu
      ? (data) => {
          const shapes = [x, w, ...(withBias ? [[w[0]!]] : [])];
          const z = linearR(nd(shapes[0]!, data[0]!), nd(shapes[1]!, data[1]!), withBias ? nd(shapes[2]!, data[2]!) : undefined, false);
          return z.data.every((v) => Math.abs(v) > 0.1);
        }
      : undefined,
  };
}

export const matmulRows: OpRow[] = [
  lin("fused [3,4]·[2,4]ᵀ + [2]", [3, 4], [2, 4], true),
  lin("fused one row [1,5]·[3,5]ᵀ + [3]", [1, 5], [3, 5], true),
  lin("no bias [3,4]·[2,4]ᵀ", [3, 4], [2, 4], false),
  lin("1-d [4]·[2,4]ᵀ + [2]", [4], [2, 4], true),
  lin("batched [2,3,4]·[2,4]ᵀ + [2]", [2, 3, 4], [2, 4], true),
  lin("fused ReLU [3,4]·[2,4]ᵀ + [2]", [3, 4], [2, 4], true, true),
  lin("ReLU without bias [3,4]·[2,4]ᵀ", [3, 4], [2, 4], false, true),
  lin("ReLU 1-d [4]·[3,4]ᵀ + [3]", [4], [3, 4], true, true),
  mm("1-d·1-d [4]@[4]", [4], [4]),
  mm("2-d·1-d [3,4]@[4]", [3, 4], [4]),
  mm("1-d·2-d [4]@[4,2]", [4], [4, 2]),
  mm("2-d [3,4]@[4,2]", [3, 4], [4, 2]),
  mm("batched [2,3,4]@[4,2]", [2, 3, 4], [4, 2]),
  mm("batch broadcast [2,1,3,4]@[3,4,2]", [2, 1, 3, 4], [3, 4, 2]),
  mm("1-d·batched [4]@[2,4,3]", [4], [2, 4, 3]),
  mm("batched·1-d [2,3,4]@[4]", [2, 3, 4], [4]),
  mm("size-1 axes [1,4]@[4,1]", [1, 4], [4, 1]),
  mm("transA [4,3]ᵀ@[4,2]", [4, 3], [4, 2], true),
  mm("transB [3,4]@[2,4]ᵀ", [3, 4], [2, 4], false, true),
  mm("transA transB [4,3]ᵀ@[2,4]ᵀ", [4, 3], [2, 4], true, true),
  mm("batched transA transB [2,4,3]ᵀ@[1,2,4]ᵀ", [2, 4, 3], [1, 2, 4], true, true),
  mm("1-d with transB [4]@[2,4]ᵀ", [4], [2, 4], false, true),
  // the kernel's special paths: k = 1 (outer product), Aᵀ times a vector, wide general case
  mm("k=1 [3,1]@[1,4]", [3, 1], [1, 4]),
  mm("transA k=1 [1,3]ᵀ@[1,4]", [1, 3], [1, 4], true),
  mm("k=1 with a tail [3,1]@[1,7]", [3, 1], [1, 7]),
  mm("transB k=1 with a tail [3,1]@[7,1]ᵀ", [3, 1], [7, 1], false, true),
  mm("2-d·1-d with a tail [7,3]@[3]", [7, 3], [3]),
  mm("transA·1-d [4,3]ᵀ@[4]", [4, 3], [4], true),
  mm("transA n=1 [4,3]ᵀ@[4,1]", [4, 3], [4, 1], true),
  mm("transA transB n=1 [4,3]ᵀ@[1,4]ᵀ", [4, 3], [1, 4], true, true),
  mm("batched transA·1-d [2,4,3]ᵀ@[4]", [2, 4, 3], [4], true),
  mm("wide [5,7]@[7,6]", [5, 7], [7, 6]),
  {
    name: "dot [5]·[5]",
    covers: ["dot"],
    inputs: [{ shape: [5] }, { shape: [5] }],
    f: (a, b) => a!.dot(b!),
    ref: (a, b) => matmulR(a!, b!),
  },
  {
    name: "dot function",
    covers: ["dot"],
    inputs: [{ shape: [3] }, { shape: [3] }],
    f: (a, b) => cr.dot(a!, b!),
    ref: (a, b) => matmulR(a!, b!),
  },
  {
    name: "outer [3]⊗[4]",
    covers: ["outer"],
    inputs: [{ shape: [3] }, { shape: [4] }],
    f: (a, b) => cr.outer(a!, b!),
    ref: (a, b) => zip([{ shape: [3, 1], data: a!.data }, b!], (x, y) => x * y),
  },
  {
    name: "outer method [2]⊗[2]",
    covers: ["outer"],
    inputs: [{ shape: [2] }, { shape: [2] }],
    f: (a, b) => a!.outer(b!),
    ref: (a, b) => zip([{ shape: [2, 1], data: a!.data }, b!], (x, y) => x * y),
  },
];

type Reducer = "sum" | "mean" | "max" | "min" | "logsumexp";
const refs: Record<Reducer, (a: Nd, axis?: number | number[], keepdims?: boolean) => Nd> = {
  sum: sumR,
  mean: meanR,
  max: maxR,
  min: minR,
  logsumexp: logsumexpR,
};

function red(op: Reducer, shape: number[], axis?: number | number[], keepdims?: boolean): OpRow {
  const label = `${op} ${JSON.stringify(shape)} axis=${JSON.stringify(axis ?? "all")}${keepdims ? " keepdims" : ""}`;
  const extremum = op === "max" || op === "min";
  return {
    name: label,
    covers: [op],
    inputs: [{ shape, domain: op === "logsumexp" ? range(-3, 3) : REAL }],
    f: (x) =>
      axis === undefined && keepdims === undefined ? x![op]() : keepdims === undefined ? cr[op](x!, axis) : x![op](axis, keepdims),
    ref: (x) => refs[op](x!, axis, keepdims ?? false),
    ...(extremum ? { prepare: distinct } : {}),
  };
}

export const reduceRows: OpRow[] = [
  red("sum", [2, 3, 4]),
  red("sum", [2, 3, 4], 0),
  red("sum", [2, 3, 4], -1, true),
  red("sum", [2, 3, 4], [0, 2]),
  red("sum", [2, 3, 4], [0, 2], true),
  red("sum", [3, 1], 1),
  red("sum", []),
  red("mean", [2, 3, 4]),
  red("mean", [2, 3, 4], 1),
  red("mean", [2, 3, 4], [0, 2], true),
  red("mean", [1, 5], 0, false),
  red("max", [2, 3, 4]),
  red("max", [2, 3, 4], 1),
  red("max", [2, 3, 4], -1, true),
  red("max", [2, 3, 4], [0, 2]),
  red("min", [2, 3, 4]),
  red("min", [2, 3, 4], 0),
  red("min", [3, 4], [0, 1], true),
  red("min", [4, 1], 1),
  red("logsumexp", [2, 3, 4]),
  red("logsumexp", [2, 3, 4], 1),
  red("logsumexp", [2, 3, 4], -1, true),
  red("logsumexp", [2, 3, 4], [0, 2]),
  red("logsumexp", [5], 0, false),
];
