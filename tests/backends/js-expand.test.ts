/** @file expandJs against a per-element reference over broadcast patterns (its set/fill fast paths included). */
import { describe, it, expect } from "vitest";
import { expandJs } from "../../src/backends/js/movement.js";

/** out[i] = x at the broadcast index of i, computed one element at a time. */
function reference(x: Float64Array, shape: number[], outShape: number[]): number[] {
  const total = outShape.reduce((a, b) => a * b, 1);
  const lead = outShape.length - shape.length;
  const out: number[] = [];
  for (let i = 0; i < total; i++) {
    let rem = i;
    let src = 0;
    let stride = 1;
    for (let d = outShape.length - 1; d >= 0; d--) {
      const k = rem % outShape[d]!;
      rem = Math.floor(rem / outShape[d]!);
      if (d >= lead) {
        const size = shape[d - lead]!;
        src += (size === 1 ? 0 : k) * stride;
        stride *= size;
      }
    }
    out.push(x[src]!);
  }
  return out;
}

describe("expandJs", () => {
  const cases: [number[], number[]][] = [
    [[], [4]],
    [[3], [2, 3]],
    [
      [1, 3],
      [4, 3],
    ],
    [
      [128, 1],
      [128, 10],
    ],
    [
      [2, 1, 1],
      [2, 3, 4],
    ],
    [
      [2, 1, 3],
      [2, 4, 3],
    ],
    [
      [1, 5, 1],
      [3, 5, 2],
    ],
    [
      [5, 1],
      [2, 5, 3],
    ],
    [
      [1, 1, 5],
      [3, 1, 5],
    ],
    [
      [2, 3],
      [2, 3],
    ],
    [
      [3, 1],
      [0, 3, 2],
    ],
  ];
  for (const [shape, outShape] of cases) {
    it(`${JSON.stringify(shape)} → ${JSON.stringify(outShape)}`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = Float64Array.from({ length: n }, (_, i) => i + 1);
      const out = new Float64Array(outShape.reduce((a, b) => a * b, 1)).fill(NaN);
      expandJs(x, shape, out, outShape);
      expect(Array.from(out)).toEqual(reference(x, shape, outShape));
    });
  }
});
