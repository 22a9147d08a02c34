/** @file The shipped word list: what it holds, and a split that depends only on its seed. */
import { describe, expect, it } from "vitest";
import { data } from "../../src/index.js";

describe("data.words", () => {
  it("holds 52,271 sorted, distinct lower-case words of 3–10 letters", () => {
    const ws = data.words();
    expect(ws.length).toBe(52271);
    expect(ws.every((w) => /^[a-z]{3,10}$/.test(w))).toBe(true);
    expect(ws.every((w, i) => i === 0 || ws[i - 1]! < w)).toBe(true);
    expect([ws[0], ws.at(-1)]).toEqual(["aardvark", "zygotes"]);
    expect(ws).toContain("chain");
    expect(Object.isFrozen(ws)).toBe(true);
  });

  it("splits 90/10 by seed: disjoint, complete, the same for the same seed", () => {
    const a = data.wordsSplit({ seed: 0 });
    expect([a.train.length, a.dev.length]).toEqual([47044, 5227]);
    expect(new Set([...a.train, ...a.dev]).size).toBe(52271);
    expect(data.wordsSplit({ seed: 0 }).dev).toEqual(a.dev);
    expect(data.wordsSplit({ seed: 1 }).dev).not.toEqual(a.dev);
    expect(data.wordsSplit({ seed: 0, devFraction: 0.2 }).dev.length).toBe(10454);
    expect(() => data.wordsSplit({ devFraction: 1 })).toThrow(/devFraction must be in \(0, 1\)/);
  });
});
