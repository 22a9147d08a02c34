/** @file `chainrule sample`: words drawn from a language model saved by `train --model transformer --save`. */
import { InvalidArgumentError, type Command } from "commander";
import { FormatError, loadModel, loadSafetensors, Rng } from "../../src/index.js";
import { CharTransformer, sampleWords, type WordsModelConfig } from "../train/words-model.js";
import { WORDS_KEY, type WordsCheckpoint } from "../train/words-run.js";

export interface SampleFlags {
  load: string;
  n: number;
  seed: number;
  temperature: number;
  json?: boolean;
}

/** The model description of a saved words model, checked. */
function readConfig(path: string, raw: string | undefined): WordsModelConfig {
  if (raw === undefined) {
    throw new FormatError(
      `sample --load: ${path} has no "${WORDS_KEY}" metadata; sample reads files written by "chainrule train --model transformer --save".`,
    );
  }
  let info: WordsCheckpoint;
  try {
    info = JSON.parse(raw) as WordsCheckpoint;
  } catch (e) {
    throw new FormatError(`sample --load: metadata "${WORDS_KEY}" of ${path} is not valid JSON (${(e as Error).message}).`);
  }
  const m = info?.model;
  const ints = m && [m.dim, m.heads, m.blocks, m.context, m.seed].every((v) => Number.isInteger(v) && v >= 0);
  if (info?.format !== 1 || !ints || !(m.mlpRatio > 0)) {
    throw new FormatError(
      `sample --load: metadata "${WORDS_KEY}" of ${path} is incomplete (needs format 1 and model dim, heads, blocks, context, mlpRatio, seed).`,
    );
  }
  return m;
}

/**
 * Loads the model and prints `n` sampled words, one per line (or a JSON array); returns them.
 * @example
 * await runSample({ load: "words.safetensors", n: 20, seed: 0, temperature: 1 });
 */
export async function runSample(flags: SampleFlags): Promise<string[]> {
  const file = await loadSafetensors(flags.load);
  const model = new CharTransformer(readConfig(flags.load, file.metadata[WORDS_KEY]));
  await loadModel(flags.load, model);
  const out = sampleWords(model, flags.n, new Rng(flags.seed), flags.temperature);
  process.stdout.write(flags.json ? `${JSON.stringify(out)}\n` : `${out.join("\n")}\n`);
  return out;
}

function positive(name: string, integer: boolean) {
  return (v: string): number => {
    const n = Number(v);
    if (!(Number.isFinite(n) && n > 0) || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`${name} must be a positive ${integer ? "integer" : "number"}, got "${v}".`);
    }
    return n;
  };
}

/**
 * Registers `chainrule sample` on the program.
 * @example
 * registerSample(program); // chainrule sample --load words.safetensors -n 20
 */
export function registerSample(program: Command): void {
  program
    .command("sample")
    .description("Print words drawn from a language model saved by `chainrule train --dataset words --model transformer --save`.")
    .requiredOption("--load <file>", "the saved model (safetensors)")
    .option("-n <count>", "how many words", positive("-n", true), 20)
    .option(
      "--seed <n>",
      "seed of the draws",
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`--seed must be an integer ≥ 0, got "${v}".`);
        return n;
      },
      0,
    )
    .option("--temperature <t>", "divides the logits: below 1 safer words, above 1 wilder ones", positive("--temperature", false), 1)
    .option("--json", "print a JSON array instead of one word per line")
    .addHelpText(
      "after",
      "\nExample:\n  chainrule train --dataset words --model transformer --save words.safetensors\n  chainrule sample --load words.safetensors -n 20 --temperature 0.8",
    )
    .action(async (flags: SampleFlags) => {
      await runSample(flags);
    });
}
