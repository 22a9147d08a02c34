/** @file Writes the words split of `chainrule train --dataset words` (seed 0, 10% dev) as JSON, for the PyTorch run of the same model (torch-words.py). */
import { writeFileSync } from "node:fs";
import { data } from "../../src/index.js";

const out = process.argv[2] ?? "words-split.json";
const seed = Number(process.argv[3] ?? 0);
const split = data.wordsSplit({ seed, devFraction: 0.1 });
writeFileSync(out, JSON.stringify({ seed, train: split.train, dev: split.dev }));
console.log(`wrote ${out}: ${split.train.length} train / ${split.dev.length} dev words (seed ${seed})`);
