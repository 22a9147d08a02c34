/** @file Seeded random numbers: the same seed gives the same numbers on every machine. */
import { ValueError } from "../errors.js";

/**
 * Checks a seed is an integer (any sign; it is used modulo 2³²), naming the caller.
 * @example
 * checkSeed(1.5, "manualSeed"); // throws ValueError
 */
export function checkSeed(seed: unknown, op: string): number {
  if (typeof seed === "number" && Number.isInteger(seed)) return seed;
  throw new ValueError(
    `${op}: seed ${typeof seed === "string" ? JSON.stringify(seed) : String(seed)} is not an integer; seeds are integers such as 0 or 42 (the same seed gives the same numbers on every machine).`,
  );
}

/**
 * A small, fast, seedable generator (xoshiro128**), with uniform and normal draws.
 * Integer arithmetic only, so the uniform stream is identical in every JS engine.
 * @example
 * const rng = new Rng(42); rng.uniform(); // same number on every machine
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: number) {
    checkSeed(seed, "Rng");
    // splitmix32 spreads the seed over the four state words
    let x = seed >>> 0 || 0x9e3779b9;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform draw in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal draw (Box–Muller, polar-free form). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = this.uniform();
    while (u <= Number.MIN_VALUE) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let globalRng = new Rng((Math.random() * 2 ** 32) >>> 0);

/**
 * Seeds the global generator used by `randn`/`rand`/initialisers when no `seed` is given.
 * @example
 * manualSeed(0); randn([2]).toArray(); // the same two numbers every run
 */
export function manualSeed(seed: number): void {
  globalRng = new Rng(checkSeed(seed, "manualSeed"));
}

/**
 * The generator for a draw: a fresh one for an explicit seed, else the global one.
 * @example
 * rngFor(7).uniform() === rngFor(7).uniform(); // true
 */
export function rngFor(seed?: number, op = "rngFor"): Rng {
  return seed === undefined ? globalRng : new Rng(checkSeed(seed, op));
}
