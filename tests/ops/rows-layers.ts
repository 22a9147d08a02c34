/** @file Op-table rows: unfold/fold, conv2d/conv1d, pooling, take/indexAdd/embedding, layerNorm and batchNorm. */
import * as cr from "../../src/index.js";
import { nd } from "../helpers/nd-ref.js";
import { batchNormR, conv2dR, foldR, indexAddR, layerNormR, poolR, takeR, unfoldR } from "../helpers/window-ref.js";
import { distinct, type OpRow } from "./op-row.js";

const reshapeR = (shape: number[]) => (x: { data: number[] }) => nd(shape, x.data.slice());

export const layerRows: OpRow[] = [
  {
    name: "conv2d [2,3,5,5]*[4,3,3,3]+b",
    covers: ["conv2d"],
    inputs: [{ shape: [2, 3, 5, 5] }, { shape: [4, 3, 3, 3] }, { shape: [4] }],
    f: (x, w, b) => cr.conv2d(x!, w!, b!),
    ref: (x, w, b) => conv2dR(x!, w!, b, {}),
  },
  {
    name: "conv2d stride [2,1] padding 1 dilation [1,2], no bias",
    covers: ["conv2d"],
    inputs: [{ shape: [1, 2, 5, 6] }, { shape: [2, 2, 2, 3] }],
    f: (x, w) => cr.conv2d(x!, w!, null, { stride: [2, 1], padding: 1, dilation: [1, 2] }),
    ref: (x, w) => conv2dR(x!, w!, undefined, { s: [2, 1], p: [1, 1], d: [1, 2] }),
  },
  {
    name: "conv2d groups 2 padding 1",
    covers: ["conv2d"],
    inputs: [{ shape: [1, 4, 4, 4] }, { shape: [6, 2, 3, 3] }, { shape: [6] }],
    f: (x, w, b) => cr.conv2d(x!, w!, b!, { padding: 1, groups: 2 }),
    ref: (x, w, b) => conv2dR(x!, w!, b, { p: [1, 1] }, 2),
  },
  {
    name: "conv2d depthwise (groups = channels) stride 2",
    covers: ["conv2d"],
    inputs: [{ shape: [2, 3, 5, 5] }, { shape: [3, 1, 3, 3] }],
    f: (x, w) => cr.conv2d(x!, w!, null, { stride: 2, groups: 3 }),
    ref: (x, w) => conv2dR(x!, w!, undefined, { s: [2, 2] }, 3),
  },
  {
    name: "conv1d [2,3,7]*[4,3,3]+b stride 2 padding 1",
    covers: ["conv1d"],
    inputs: [{ shape: [2, 3, 7] }, { shape: [4, 3, 3] }, { shape: [4] }],
    f: (x, w, b) => cr.conv1d(x!, w!, b!, { stride: 2, padding: 1 }),
    ref: (x, w, b) => {
      const y = conv2dR(nd([2, 3, 1, 7], x!.data), nd([4, 3, 1, 3], w!.data), b, { s: [1, 2], p: [0, 1] });
      return nd([2, 4, y.shape[3]!], y.data);
    },
  },
  {
    name: "unfold [1,2,4,4] kernel 2 padding 1 dilation [1,2]",
    covers: ["unfold"],
    inputs: [{ shape: [1, 2, 4, 4] }],
    f: (x) => cr.unfold(x!, 2, { padding: 1, dilation: [1, 2] }),
    ref: (x) => unfoldR(x!, { k: [2, 2], p: [1, 1], d: [1, 2] }),
  },
  {
    name: "fold [2,8,4] → 3×3, kernel 2",
    covers: ["fold"],
    inputs: [{ shape: [2, 8, 4] }],
    f: (c) => cr.fold(c!, [3, 3], 2),
    ref: (c) => foldR(c!, [3, 3], { k: [2, 2] }),
  },
  {
    name: "fold [1,4,9] → 4×5, kernel [2,2] stride 2 padding 1",
    covers: ["fold"],
    inputs: [{ shape: [1, 4, 9] }],
    f: (c) => cr.fold(c!, [4, 5], 2, { stride: 2, padding: 1 }),
    ref: (c) => foldR(c!, [4, 5], { k: [2, 2], s: [2, 2], p: [1, 1] }),
  },
  {
    name: "maxPool2d [2,2,4,4] kernel 2",
    covers: ["maxPool2d"],
    inputs: [{ shape: [2, 2, 4, 4] }],
    f: (x) => cr.maxPool2d(x!, 2),
    ref: (x) => poolR(x!, { k: [2, 2], s: [2, 2] }, "max"),
    prepare: distinct,
  },
  {
    name: "maxPool2d [1,2,5,5] kernel 3 stride 2 padding 1",
    covers: ["maxPool2d"],
    inputs: [{ shape: [1, 2, 5, 5] }],
    f: (x) => cr.maxPool2d(x!, 3, { stride: 2, padding: 1 }),
    ref: (x) => poolR(x!, { k: [3, 3], s: [2, 2], p: [1, 1] }, "max"),
    prepare: distinct,
  },
  {
    name: "avgPool2d [2,2,4,5] kernel [2,3] stride 1 padding 1",
    covers: ["avgPool2d"],
    inputs: [{ shape: [2, 2, 4, 5] }],
    f: (x) => cr.avgPool2d(x!, [2, 3], { stride: 1, padding: 1 }),
    ref: (x) => poolR(x!, { k: [2, 3], p: [1, 1] }, "avg"),
  },
  {
    name: "take [3,4] rows [2,0,2]",
    covers: ["take"],
    inputs: [{ shape: [3, 4] }],
    f: (x) => cr.take(x!, [2, 0, 2]),
    ref: (x) => takeR(x!, [2, 0, 2], 0),
  },
  {
    name: "take [2,3,4] axis -1 by a [2,2] index tensor",
    covers: ["take"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) =>
      cr.take(
        x!,
        cr.tensor([
          [3, 1],
          [1, 0],
        ]),
        -1,
      ),
    ref: (x) => reshapeR([2, 3, 2, 2])(takeR(x!, [3, 1, 1, 0], 2)),
  },
  {
    name: "indexAdd [2,3] axis 1 into 4, repeated index",
    covers: ["indexAdd"],
    inputs: [{ shape: [2, 3] }],
    f: (s) => cr.indexAdd(s!, [3, 0, 3], 1, 4),
    ref: (s) => indexAddR(s!, [3, 0, 3], 1, 4),
  },
  {
    name: "embedding [5,3] at [[4,1],[1,0]]",
    covers: ["embedding"],
    inputs: [{ shape: [5, 3] }],
    f: (w) =>
      cr.embedding(
        cr.tensor([
          [4, 1],
          [1, 0],
        ]),
        w!,
      ),
    ref: (w) => reshapeR([2, 2, 3])(takeR(w!, [4, 1, 1, 0], 0)),
  },
  {
    name: "layerNorm [3,4] over [4] with weight and bias",
    covers: ["layerNorm"],
    inputs: [{ shape: [3, 4] }, { shape: [4] }, { shape: [4] }],
    f: (x, w, b) => cr.layerNorm(x!, [4], w!, b!),
    ref: (x, w, b) => layerNormR(x!, 4, w, b),
  },
  {
    name: "layerNorm [2,2,3] over [2,3]",
    covers: ["layerNorm"],
    inputs: [{ shape: [2, 2, 3] }],
    f: (x) => cr.layerNorm(x!, [2, 3]),
    ref: (x) => layerNormR(x!, 6),
  },
  {
    name: "batchNorm training [4,3] with weight and bias",
    covers: ["batchNorm"],
    inputs: [{ shape: [4, 3] }, { shape: [3] }, { shape: [3] }],
    f: (x, w, b) => cr.batchNorm(x!, null, null, w!, b!, { training: true }),
    ref: (x, w, b) => batchNormR(x!, w!, b!),
  },
  {
    name: "batchNorm training [2,3,2,2] per channel",
    covers: ["batchNorm"],
    inputs: [{ shape: [2, 3, 2, 2] }, { shape: [3] }, { shape: [3] }],
    f: (x, w, b) => cr.batchNorm(x!, null, null, w!, b!, { training: true }),
    ref: (x, w, b) => batchNormR(x!, w!, b!),
  },
  {
    name: "batchNorm eval [3,2,2] with running statistics",
    covers: ["batchNorm"],
    inputs: [{ shape: [3, 2, 2] }, { shape: [2] }, { shape: [2] }],
    f: (x, w, b) => {
      const opts = { dtype: x!.dtype };
      return cr.batchNorm(x!, cr.tensor([0.3, -0.2], opts), cr.tensor([0.5, 2], opts), w!, b!);
    },
    ref: (x, w, b) =>
      batchNormR(x!, w!, b!, [
        [0.3, -0.2],
        [0.5, 2],
      ]),
  },
];
