/** @file The reference transpose against a naive index-by-index permutation, over shapes with size-1, size-0 and mergeable axes. */
import { describe, expect, it } from "vitest";
import { transposeJs } from "../../src/backends/js/movement.js";

/** out[i] = x[the input offset of output index i], computed one index at a time. */
function naive(x: Float64Array, shape: number[], perm: number[]): Float64Array {
  const outShape = perm.map((p) => shape[p]!);
  const total = outShape.reduce((a, b) => a * b, 1);
  const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    let rest = i;
    let src = 0;
    for (let d = outShape.length - 1; d >= 0; d--) {
      src += (rest % outShape[d]!) * inStrides[perm[d]!]!;
      rest = Math.floor(rest / outShape[d]!);
    }
    out[i] = x[src]!;
  }
  return out;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe("transposeJs", () => {
  const shapes = [[5], [3, 4], [1, 4], [2, 3, 4], [2, 1, 3], [2, 3, 1, 4], [3, 2, 4, 5], [1, 1, 3], [2, 0, 3], [4, 1, 1, 2]];
  for (const shape of shapes) {
    it(`every permutation of ${JSON.stringify(shape)} equals the index-by-index copy`, () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const x = Float64Array.from({ length: size }, (_, i) => i + 0.5);
      for (const perm of permutations(shape.length)) {
        const out = new Float64Array(size).fill(NaN);
        transposeJs(x, shape, perm, out);
        expect(Array.from(out), JSON.stringify(perm)).toEqual(Array.from(naive(x, shape, perm)));
      }
    });
  }

  it("a 0-d tensor copies its one value", () => {
    const out = new Float32Array(1);
    transposeJs(Float32Array.of(7), [], [], out);
    expect(out[0]).toBe(7);
  });
});
