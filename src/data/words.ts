/** @file The shipped word list (SCOWL via Debian's wamerican: 52,271 lower-case words of 3–10 letters) and its seeded train/dev split. */
import { ValueError } from "../errors.js";
import { Rng } from "../tensor/random.js";
import { WORD_COUNT, WORDS_CODED } from "./embedded/words.generated.js";

let cached: readonly string[] | null = null;

/**
 * All 52,271 words, sorted: the lower-case a–z words of 3–10 letters of SCOWL's American English
 * list (Debian's wamerican; licence in data/SOURCES.md). Decoded once and shared (frozen).
 * @example
 * words().length; // 52271
 * words()[0]; // "aardvark"
 */
export function words(): readonly string[] {
  if (cached) return cached;
  const text = WORDS_CODED.replace(/\n/g, "");
  const out: string[] = [];
  let prev = "";
  let i = 0;
  while (i < text.length) {
    const shared = text.charCodeAt(i++) - 48;
    let j = i;
    while (j < text.length && text.charCodeAt(j) >= 97) j++;
    prev = prev.slice(0, shared) + text.slice(i, j);
    out.push(prev);
    i = j;
  }
  if (out.length !== WORD_COUNT)
    throw new ValueError(`words: decoded ${out.length} words, expected ${WORD_COUNT}; the embedded list is damaged.`);
  cached = Object.freeze(out);
  return cached;
}

/** Options of `wordsSplit`. */
export interface WordsSplitOptions {
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Share of the words held out as dev, in (0, 1) (default 0.1). */
  devFraction?: number;
}

/**
 * The words shuffled with `seed` and cut into train (the first 90%) and dev (the last round(10%)).
 * @example
 * const { train, dev } = wordsSplit({ seed: 0 });
 * [train.length, dev.length]; // [47044, 5227]
 */
export function wordsSplit(opts: WordsSplitOptions = {}): { train: string[]; dev: string[] } {
  const f = opts.devFraction ?? 0.1;
  if (!(f > 0 && f < 1)) throw new ValueError(`wordsSplit: devFraction must be in (0, 1), got ${f}.`);
  const all = new Rng(opts.seed ?? 0).shuffle(words().slice());
  const nDev = Math.round(all.length * f);
  return { train: all.slice(0, all.length - nDev), dev: all.slice(all.length - nDev) };
}
