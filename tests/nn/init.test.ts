/** @file Initialisers: seeded draws with the documented scales. */
import { describe, expect, it } from "vitest";
import { nn, Rng } from "../../src/index.js";

const { init } = nn;

function stats(d: ArrayLike<number>): { mean: number; std: number; maxAbs: number } {
  let s = 0;
  let s2 = 0;
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    s += d[i]!;
    s2 += d[i]! * d[i]!;
    m = Math.max(m, Math.abs(d[i]!));
  }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(s2 / d.length - mean * mean), maxAbs: m };
}

describe("initialisers", () => {
  const shape = [200, 300]; // fanOut 200, fanIn 300

  it("fans follow PyTorch's [out, in, ...receptive] convention", () => {
    expect(init.fans([256, 784])).toEqual({ fanIn: 784, fanOut: 256 });
    expect(init.fans([8, 4, 3, 3])).toEqual({ fanIn: 36, fanOut: 72 });
    expect(init.fans([5])).toEqual({ fanIn: 5, fanOut: 5 });
  });

  it("uniform ones stay within their bound and have variance bound²/3", () => {
    const cases: [nn.Initializer, number][] = [
      [init.glorotUniform, Math.sqrt(6 / 500)],
      [init.heUniform, Math.sqrt(6 / 300)],
      [init.lecunUniform, Math.sqrt(3 / 300)],
      [init.torchDefault, 1 / Math.sqrt(300)],
    ];
    for (const [f, bound] of cases) {
      const s = stats(f(shape, { seed: 1, dtype: "float64" }).data);
      expect(s.maxAbs).toBeLessThanOrEqual(bound);
      expect(s.maxAbs).toBeGreaterThan(0.99 * bound);
      expect(s.std / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
      expect(Math.abs(s.mean)).toBeLessThan(0.01 * bound);
    }
  });

  it("normal ones have the documented standard deviation", () => {
    const cases: [nn.Initializer, number][] = [
      [init.glorotNormal, Math.sqrt(2 / 500)],
      [init.heNormal, Math.sqrt(2 / 300)],
      [init.lecunNormal, Math.sqrt(1 / 300)],
    ];
    for (const [f, std] of cases) {
      const s = stats(f(shape, { seed: 2, dtype: "float64" }).data);
      expect(s.std / std).toBeCloseTo(1, 1);
    }
  });

  it("are seeded, accept a generator and a gain, and make parameters", () => {
    expect(init.heNormal([3, 3], { seed: 5 }).data).toEqual(init.heNormal([3, 3], { seed: 5 }).data);
    expect(init.heNormal([3, 3], { seed: 5 }).data).toEqual(init.heNormal([3, 3], { rng: new Rng(5) }).data);
    const g = init.glorotUniform([4, 4], { seed: 1, gain: 2, dtype: "float64" });
    const h = init.glorotUniform([4, 4], { seed: 1, dtype: "float64" });
    expect(Array.from(g.data)).toEqual(Array.from(h.data).map((v) => 2 * v));
    expect(g.requiresGrad).toBe(true);
    expect(init.zerosInit([2]).toArray()).toEqual([0, 0]);
    expect(init.xavierUniform).toBe(init.glorotUniform);
    expect(init.kaimingNormal).toBe(init.heNormal);
    expect(() => init.heUniform([0, 3])).not.toThrow();
    expect(() => init.heUniform([3, 0])).toThrow(/zero fan/);
    expect(() => init.glorotUniform([2, 2], { gain: -1 })).toThrow(/gain must be a positive/);
  });
});
