/** @file Creation refuses what would silently go wrong later: NaN from creators, bad seeds, mismatched constructor data, non-string names, impossible sizes, a grad that is no tensor. */
import { describe, expect, it } from "vitest";
import {
  add,
  arange,
  DTypeError,
  full,
  linspace,
  manualSeed,
  matmul,
  nn,
  rand,
  randn,
  Rng,
  ShapeError,
  Tensor,
  tensor,
  ValueError,
  zeros,
} from "../../src/index.js";

describe("the NaN-refused-at-creation rule holds for every creator", () => {
  it("full([2], NaN) is refused; NaN and ±Infinity fills need allowNonFinite, like tensor()", () => {
    expect(() => full([2], NaN)).toThrow(ValueError);
    expect(() => full([2], NaN)).toThrow(/full: the fill value is NaN.*allowNonFinite/);
    expect(() => full([2], -Infinity)).toThrow(/full: the fill value is -Infinity/);
    expect(full([2], -Infinity, { allowNonFinite: true }).toArray()).toEqual([-Infinity, -Infinity]);
    expect(full([1], NaN, { allowNonFinite: true }).toArray()).toEqual([NaN]);
    // an empty tensor has nothing to poison, but the value is still checked
    expect(() => full([0], NaN)).toThrow(ValueError);
  });

  it("linspace and arange refuse non-finite ends instead of filling NaN", () => {
    expect(() => linspace(0, Infinity, 3)).toThrow(/linspace: stop is Infinity; .*start and stop must be finite/);
    expect(() => linspace(NaN, 1, 3)).toThrow(/linspace: start is NaN/);
    expect(() => arange(NaN)).toThrow(/arange: stop is NaN/);
    expect(() => arange(0, Infinity)).toThrow(/arange: stop is Infinity/);
    expect(linspace(0, 1, 3).toArray()).toEqual([0, 0.5, 1]);
  });

  it("a NaN or non-number fill is refused by value, not by its effect", () => {
    expect(() => full([2], "1" as never)).toThrow(/full: the fill value is "1", not a number/);
  });
});

describe("seeds are integers", () => {
  it.each([NaN, 1.5, "abc", Infinity])("manualSeed(%s), randn/rand { seed } and new Rng refuse it", (seed) => {
    expect(() => manualSeed(seed as number)).toThrow(ValueError);
    expect(() => manualSeed(seed as number)).toThrow(/manualSeed: seed .* is not an integer/);
    expect(() => randn([2], { seed: seed as number })).toThrow(/randn: seed .* is not an integer/);
    expect(() => rand([2], { seed: seed as number })).toThrow(/rand: seed/);
    expect(() => new Rng(seed as number)).toThrow(/Rng: seed/);
    expect(() => new nn.Linear(2, 2, { seed: seed as number })).toThrow(ValueError);
  });

  it("integer seeds, negative ones included, still draw the same numbers every time", () => {
    expect(randn([3], { seed: -7 }).toArray()).toEqual(randn([3], { seed: -7 }).toArray());
    manualSeed(3);
    const a = rand([2]).toArray();
    manualSeed(3);
    expect(rand([2]).toArray()).toEqual(a);
  });
});

describe("the Tensor constructor checks its data against its shape", () => {
  it("new Tensor(new Float32Array(3), [2, 2]) is a ShapeError, not an out-of-bounds read", () => {
    expect(() => new Tensor(new Float32Array(3), [2, 2])).toThrow(ShapeError);
    expect(() => new Tensor(new Float32Array(3), [2, 2])).toThrow(/Tensor: shape \[2, 2\] needs 4 elements but the data has 3/);
  });

  it("refuses fractional or negative dims and data that is not a Float32Array/Float64Array", () => {
    expect(() => new Tensor(new Float32Array(3), [1.5, 2])).toThrow(/Tensor: invalid shape \[1\.5,2\]/);
    expect(() => new Tensor(new Float32Array(0), [-1, 0])).toThrow(ShapeError);
    expect(() => new Tensor([1, 2] as never, [2])).toThrow(DTypeError);
    expect(new Tensor(new Float64Array(6), [2, 3]).shape).toEqual([2, 3]);
  });
});

describe("names are strings", () => {
  it("named(123) is a ValueError; so is a non-string name option", () => {
    expect(() => tensor([1]).named(123 as never)).toThrow(ValueError);
    expect(() => tensor([1]).named(123 as never)).toThrow(/named: a name must be a string, got number \(123\)/);
    expect(() => tensor([1], { name: 5 as never })).toThrow(/tensor: a name must be a string/);
    expect(tensor([1]).named("W").name).toBe("W");
  });
});

describe("shapes above 2³² elements", () => {
  it("are refused before allocating, naming the op, the shape and the limit", () => {
    expect(() => zeros([65536, 65537])).toThrow(ShapeError);
    expect(() => zeros([65536, 65537])).toThrow(/zeros: shape \[65536, 65537\] has 4295032832 elements, above the limit of 4294967296/);
    expect(() => add(zeros([65536, 1]), zeros([65537]))).toThrow(/add: .*\[65536, 65537\] has 4295032832 elements/);
    expect(() => matmul(zeros([65536, 1]), zeros([1, 65537]))).toThrow(/matmul: .*4295032832 elements/);
  });
});

describe("assigning a gradient", () => {
  it("a plain array assigned to p.grad is refused at assignment, not later with a TypeError about 'join'", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    expect(() => {
      p.grad = [1, 2] as never;
    }).toThrow(ValueError);
    expect(() => {
      p.grad = [1, 2] as never;
    }).toThrow(/grad: .*must be a Tensor or null, got an array/);
  });

  it("a gradient of another shape or dtype is refused; null and a matching tensor are accepted", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    expect(() => {
      p.grad = zeros([3]);
    }).toThrow(/grad: .*must have its shape \[2\], got .*\[3\]/);
    expect(() => {
      p.grad = zeros([2], { dtype: "float64" });
    }).toThrow(DTypeError);
    p.grad = tensor([0.5, 0.5]);
    p.mul(2).sum().backward();
    expect(p.grad.toArray()).toEqual([2.5, 2.5]);
    p.grad = null;
    expect(p.grad).toBeNull();
  });
});
