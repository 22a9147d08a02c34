/** @file Op-table rows: cumsum, tril/triu, and topk's values (its indices and argmax/argmin have no gradient). */
import * as cr from "../../src/index.js";
import { nd, ravel, size, unravel, type Nd } from "../helpers/nd-ref.js";
import { distinct, type OpRow } from "./op-row.js";

/** Running sums along `axis`, by index loops. */
function cumsumR(x: Nd, axis: number): Nd {
  const out = x.data.map((_, i) => {
    const idx = unravel(i, x.shape);
    let s = 0;
    for (let t = 0; t <= idx[axis]!; t++)
      s +=
        x.data[
          ravel(
            idx.map((v, d) => (d === axis ? t : v)),
            x.shape,
          )
        ]!;
    return s;
  });
  return nd(x.shape, out);
}

/** The triangle kept by tril (`lower`) or triu with offset k, on the last two axes. */
function triangleR(x: Nd, k: number, lower: boolean): Nd {
  const n = x.shape.length;
  return nd(
    x.shape,
    x.data.map((v, i) => {
      const idx = unravel(i, x.shape);
      const d = idx[n - 1]! - idx[n - 2]!;
      return (lower ? d <= k : d >= k) ? v : 0;
    }),
  );
}

/** The k largest (or smallest) values along `axis`, best first, by sorting each line. */
function topkR(x: Nd, k: number, axis: number, largest: boolean): Nd {
  const shape = x.shape.map((d, i) => (i === axis ? k : d));
  const out = new Array<number>(size(shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    const line = Array.from(
      { length: x.shape[axis]! },
      (_, t) =>
        x.data[
          ravel(
            idx.map((v, d) => (d === axis ? t : v)),
            x.shape,
          )
        ]!,
    );
    line.sort((a, b) => (largest ? b - a : a - b));
    out[i] = line[idx[axis]!]!;
  }
  return nd(shape, out);
}

export const indexRows: OpRow[] = [
  {
    name: "cumsum [3,4] axis 1",
    covers: ["cumsum"],
    inputs: [{ shape: [3, 4] }],
    f: (x) => cr.cumsum(x!, 1),
    ref: (x) => cumsumR(x!, 1),
  },
  {
    name: "cumsum [2,3,4] axis 0",
    covers: ["cumsum"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => x!.cumsum(0),
    ref: (x) => cumsumR(x!, 0),
  },
  {
    name: "cumsum [2,5,3] axis -2, twice",
    covers: ["cumsum"],
    inputs: [{ shape: [2, 5, 3] }],
    f: (x) => cr.cumsum(cr.cumsum(x!, -2), -2),
    ref: (x) => cumsumR(cumsumR(x!, 1), 1),
  },
  {
    name: "cumsum [6] then squared (second derivative non-zero)",
    covers: ["cumsum"],
    inputs: [{ shape: [6] }],
    f: (x) => cr.cumsum(x!, 0).square(),
    ref: (x) => {
      const c = cumsumR(x!, 0);
      return nd(
        c.shape,
        c.data.map((v) => v * v),
      );
    },
  },
  {
    name: "tril [4,4]",
    covers: ["tril"],
    inputs: [{ shape: [4, 4] }],
    f: (x) => cr.tril(x!),
    ref: (x) => triangleR(x!, 0, true),
  },
  {
    name: "tril [2,3,5] k=-1, then exp",
    covers: ["tril"],
    inputs: [{ shape: [2, 3, 5] }],
    f: (x) => x!.tril(-1).exp(),
    ref: (x) => {
      const t = triangleR(x!, -1, true);
      return nd(t.shape, t.data.map(Math.exp));
    },
  },
  {
    name: "tril [3,4] k=2",
    covers: ["tril"],
    inputs: [{ shape: [3, 4] }],
    f: (x) => cr.tril(x!, 2),
    ref: (x) => triangleR(x!, 2, true),
  },
  {
    name: "triu [5,3]",
    covers: ["triu"],
    inputs: [{ shape: [5, 3] }],
    f: (x) => cr.triu(x!),
    ref: (x) => triangleR(x!, 0, false),
  },
  {
    name: "triu [2,2,4,4] k=1, squared",
    covers: ["triu"],
    inputs: [{ shape: [2, 2, 4, 4] }],
    f: (x) => x!.triu(1).square(),
    ref: (x) => {
      const t = triangleR(x!, 1, false);
      return nd(
        t.shape,
        t.data.map((v) => v * v),
      );
    },
  },
  {
    name: "triu [4,3] k=-2",
    covers: ["triu"],
    inputs: [{ shape: [4, 3] }],
    f: (x) => cr.triu(x!, -2),
    ref: (x) => triangleR(x!, -2, false),
  },
  {
    name: "topk values [3,5] k=2 (largest, last axis)",
    covers: ["topk"],
    inputs: [{ shape: [3, 5] }],
    prepare: distinct,
    f: (x) => cr.topk(x!, 2).values,
    ref: (x) => topkR(x!, 2, 1, true),
  },
  {
    name: "topk values [4,2,3] k=3 axis 0 smallest, cubed",
    covers: ["topk"],
    inputs: [{ shape: [4, 2, 3] }],
    prepare: distinct,
    f: (x) => x!.topk(3, { axis: 0, largest: false }).values.pow(3),
    ref: (x) => {
      const t = topkR(x!, 3, 0, false);
      return nd(
        t.shape,
        t.data.map((v) => v ** 3),
      );
    },
  },
];
