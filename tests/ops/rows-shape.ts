/** @file Op-table rows: reshape, transpose, expand, squeeze/unsqueeze/flatten, slice, concat, stack and cast. */
import * as cr from "../../src/index.js";
import { concatR, expandR, map, nd, sliceR, stackR, transposeR } from "../helpers/nd-ref.js";
import { type OpRow } from "./op-row.js";

const relabel =
  (shape: number[]) =>
  (...xs: { data: number[] }[]) =>
    nd(shape, xs[0]!.data.slice());

export const shapeRows: OpRow[] = [
  {
    name: "reshape [2,3,4]→[6,4]",
    covers: ["reshape"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => x!.reshape([6, 4]),
    ref: relabel([6, 4]),
  },
  {
    name: "reshape [2,3,4]→[4,-1]",
    covers: ["reshape"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => cr.reshape(x!, [4, -1]),
    ref: relabel([4, 6]),
  },
  { name: "reshape [1]→[]", covers: ["reshape"], inputs: [{ shape: [1] }], f: (x) => x!.reshape([]), ref: relabel([]) },
  {
    name: "transpose default [2,3,4]",
    covers: ["transpose"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => x!.transpose(),
    ref: (x) => transposeR(x!),
  },
  {
    name: "transpose perm [1,0,2]",
    covers: ["transpose"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => cr.transpose(x!, [1, 0, 2]),
    ref: (x) => transposeR(x!, [1, 0, 2]),
  },
  {
    name: "transpose perm [2,0,1] (negative axes)",
    covers: ["transpose"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => x!.transpose([-1, 0, 1]),
    ref: (x) => transposeR(x!, [2, 0, 1]),
  },
  { name: "T [3,4]", covers: ["T"], inputs: [{ shape: [3, 4] }], f: (x) => x!.T, ref: (x) => transposeR(x!) },
  {
    name: "expand [3,1]→[2,3,4]",
    covers: ["expand"],
    inputs: [{ shape: [3, 1] }],
    f: (x) => x!.expand([2, 3, 4]),
    ref: (x) => expandR(x!, [2, 3, 4]),
  },
  {
    name: "expand []→[2,3]",
    covers: ["expand"],
    inputs: [{ shape: [] }],
    f: (x) => cr.expand(x!, [2, 3]),
    ref: (x) => expandR(x!, [2, 3]),
  },
  { name: "squeeze [1,3,1]", covers: ["squeeze"], inputs: [{ shape: [1, 3, 1] }], f: (x) => x!.squeeze(), ref: relabel([3]) },
  { name: "squeeze axis 0", covers: ["squeeze"], inputs: [{ shape: [1, 3, 1] }], f: (x) => cr.squeeze(x!, 0), ref: relabel([3, 1]) },
  { name: "unsqueeze axis 1", covers: ["unsqueeze"], inputs: [{ shape: [3, 4] }], f: (x) => x!.unsqueeze(1), ref: relabel([3, 1, 4]) },
  { name: "unsqueeze axis -1", covers: ["unsqueeze"], inputs: [{ shape: [3] }], f: (x) => cr.unsqueeze(x!, -1), ref: relabel([3, 1]) },
  { name: "flatten [2,3,4]", covers: ["flatten"], inputs: [{ shape: [2, 3, 4] }], f: (x) => x!.flatten(), ref: relabel([24]) },
  {
    name: "slice step [8] 1:7:2",
    covers: ["slice"],
    inputs: [{ shape: [8] }],
    f: (x) => x!.slice({ start: 1, stop: 7, step: 2 }),
    ref: (x) => sliceR(x!, { start: 1, stop: 7, step: 2 }),
  },
  {
    name: "slice index drops axis [3,4][:,1]",
    covers: ["slice"],
    inputs: [{ shape: [3, 4] }],
    f: (x) => cr.slice(x!, null, 1),
    ref: (x) => sliceR(x!, null, 1),
  },
  {
    name: "slice negative [2,5,3][-1, -3:]",
    covers: ["slice"],
    inputs: [{ shape: [2, 5, 3] }],
    f: (x) => x!.slice(-1, { start: -3 }),
    ref: (x) => sliceR(x!, -1, { start: -3 }),
  },
  {
    name: "slice then fan-out (overlapping windows)",
    covers: ["slice", "add"],
    inputs: [{ shape: [6] }],
    f: (x) => x!.slice({ stop: 4 }).add(x!.slice({ start: 2 })),
    ref: (x) =>
      nd(
        [4],
        [0, 1, 2, 3].map((i) => x!.data[i]! + x!.data[i + 2]!),
      ),
  },
  {
    name: "concat axis 0 [2,3]+[1,3]+[4,3]",
    covers: ["concat"],
    inputs: [{ shape: [2, 3] }, { shape: [1, 3] }, { shape: [4, 3] }],
    f: (a, b, c) => cr.concat([a!, b!, c!], 0),
    ref: (a, b, c) => concatR([a!, b!, c!], 0),
  },
  {
    name: "concat axis -1 [2,1]+[2,3]",
    covers: ["concat"],
    inputs: [{ shape: [2, 1] }, { shape: [2, 3] }],
    f: (a, b) => cr.concat([a!, b!], -1),
    ref: (a, b) => concatR([a!, b!], -1),
  },
  {
    name: "concat fan-out [x, x]",
    covers: ["concat"],
    inputs: [{ shape: [3] }],
    f: (a) => cr.concat([a!, a!.mul(2)], 0),
    ref: (a) => concatR([a!, map(a!, (v) => 2 * v)], 0),
  },
  {
    name: "stack axis 0 3×[2,3]",
    covers: ["stack"],
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3] }],
    f: (a, b, c) => cr.stack([a!, b!, c!], 0),
    ref: (a, b, c) => stackR([a!, b!, c!], 0),
  },
  {
    name: "stack axis -1 2×[2,3]",
    covers: ["stack"],
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }],
    f: (a, b) => cr.stack([a!, b!], -1),
    ref: (a, b) => stackR([a!, b!], -1),
  },
  {
    name: "stack axis 1 2×[3]",
    covers: ["stack"],
    inputs: [{ shape: [3] }, { shape: [3] }],
    f: (a, b) => cr.stack([a!, b!], 1),
    ref: (a, b) => stackR([a!, b!], 1),
  },
  {
    name: "cast float64→float32",
    covers: ["cast"],
    inputs: [{ shape: [2, 3] }],
    f: (x) => x!.cast("float32"),
    ref: (x) => map(x!, Math.fround),
    skipDerivatives: "a float32 result cannot be differenced in float64; the cast gradient has a named test",
    fwdTol: { rtol: 0, atol: 0 },
  },
];
