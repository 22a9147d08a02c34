/** @file The character-level transformer of `train --model transformer`: tokens, the model, batches, loss in nats per character, sampling. */
import { nn, noGrad, Rng, softmax, take, tensor, type Tensor } from "../../src/index.js";

/** Token 0 marks both the start and the end of a word; 1–26 are a–z. */
export const VOCAB = 27;
/** The longest word (letters); a word with its start token fits a context of MAX_LETTERS + 1. */
export const MAX_LETTERS = 10;

/** The shape of the model: what a saved file records to rebuild it. */
export interface WordsModelConfig {
  /** Width d of every position's vector. */
  dim: number;
  heads: number;
  blocks: number;
  /** Positions the model sees (the start token and up to MAX_LETTERS letters). */
  context: number;
  /** Dropout on each block's branches while training (absent in files saved before it existed: 0). */
  dropout?: number;
  /** Hidden width of each block's MLP as a multiple of dim. */
  mlpRatio: number;
  seed: number;
}

/**
 * token embedding + learned positions → `blocks` causal pre-norm TransformerBlocks → LayerNorm →
 * Linear to the 27 tokens. Parameter names: tok.weight, pos.weight, blocks.0.attn.in_proj_weight, …, ln_f, head.
 * @example
 * new CharTransformer({ dim: 32, heads: 4, blocks: 2, context: 11, mlpRatio: 4, seed: 0 }).forward(tensor([[0, 1, 2]])).shape; // [1, 3, 32]
 */
export class CharTransformer extends nn.Module {
  readonly tok: nn.Embedding;
  readonly pos: nn.PositionalEmbedding;
  readonly blocks: nn.Sequential;
  readonly lnF: nn.LayerNorm;
  readonly head: nn.Linear;

  constructor(readonly config: WordsModelConfig) {
    super();
    const { dim, heads, blocks, context, mlpRatio, seed, dropout = 0 } = config;
    this.tok = this.registerModule("tok", new nn.Embedding(VOCAB, dim, { seed }));
    this.pos = this.registerModule("pos", new nn.PositionalEmbedding(context, dim, { seed: seed + 1 }));
    const layers = Array.from(
      { length: blocks },
      (_, i) => new nn.TransformerBlock(dim, heads, { mlpRatio, dropout, causal: true, seed: seed + 10 * (i + 1) }),
    );
    this.blocks = this.registerModule("blocks", new nn.Sequential(...layers));
    this.lnF = this.registerModule("ln_f", new nn.LayerNorm(dim));
    this.head = this.registerModule("head", new nn.Linear(dim, VOCAB, { seed: seed + 2 }));
  }

  /** Hidden states [batch, length, dim] of token ids [batch, length] (before the head). */
  forward(tokens: Tensor): Tensor {
    return this.scoped(() => this.lnF.forward(this.blocks.forward(this.pos.forward(this.tok.forward(tokens)))));
  }

  /** Logits [rows, 27] at the flat positions `rows` of hidden states [batch, length, dim]. */
  logitsAt(hidden: Tensor, rows: number[]): Tensor {
    const flat = hidden.reshape([hidden.shape[0]! * hidden.shape[1]!, this.config.dim]);
    return this.head.forward(take(flat, rows, 0));
  }
}

/** A batch of words as inputs and targets: every position that predicts a letter or the end. */
export interface WordBatch {
  /** Token ids [batch, length]: the start token, the letters, then padding (0). */
  x: Tensor;
  /** Flat positions (b·length + t) that predict something. */
  rows: number[];
  /** The token each of those positions should predict. */
  targets: number[];
}

/**
 * The words as a batch: input ".word" and target "word." per word, padded to the longest.
 * @example
 * encodeWords(["abc"]).targets; // [1, 2, 3, 0]
 */
export function encodeWords(ws: readonly string[]): WordBatch {
  const length = Math.max(...ws.map((w) => w.length)) + 1;
  const ids = new Float32Array(ws.length * length);
  const rows: number[] = [];
  const targets: number[] = [];
  ws.forEach((w, b) => {
    for (let t = 0; t <= w.length; t++) {
      if (t > 0) ids[b * length + t] = w.charCodeAt(t - 1) - 96;
      rows.push(b * length + t);
      targets.push(t < w.length ? w.charCodeAt(t) - 96 : 0);
    }
  });
  return { x: tensor(ids, { shape: [ws.length, length] }), rows, targets };
}

/**
 * The mean loss in nats per character (letters and the end token) of `ws`, without a graph, in eval mode.
 * @example
 * lossPerChar(model, split.dev); // e.g. 1.98
 */
export function lossPerChar(model: CharTransformer, ws: readonly string[], batchSize = 512): number {
  const wasTraining = model.training;
  model.eval();
  let total = 0;
  let count = 0;
  noGrad(() => {
    for (let i = 0; i < ws.length; i += batchSize) {
      const b = encodeWords(ws.slice(i, i + batchSize));
      const logits = model.logitsAt(model.forward(b.x), b.rows);
      total += nn.crossEntropy(logits, b.targets, { reduction: "sum" }).item();
      count += b.targets.length;
    }
  });
  model.train(wasTraining);
  return total / count;
}

/** The index where the running sum of `p` passes `u` (the last index if rounding leaves it short). */
function draw(p: readonly number[], u: number): number {
  for (let c = 0; c < p.length; c++) {
    u -= p[c]!;
    if (u < 0) return c;
  }
  return p.length - 1;
}

/**
 * Draws `n` words letter by letter from the model: softmax(logits / temperature), until the end token or MAX_LETTERS letters.
 * @example
 * sampleWords(model, 5, new Rng(0), 1); // ["brantle", …]
 */
export function sampleWords(model: CharTransformer, n: number, rng: Rng, temperature: number): string[] {
  model.eval();
  const seqs: number[][] = Array.from({ length: n }, () => [0]);
  const done = new Array<boolean>(n).fill(false);
  noGrad(() => {
    for (let t = 0; t < Math.min(MAX_LETTERS, model.config.context); t++) {
      const len = t + 1;
      const x = tensor(Float32Array.from(seqs.flat()), { shape: [n, len] });
      const rows = seqs.map((_, b) => b * len + t);
      const p = softmax(model.logitsAt(model.forward(x), rows).div(temperature), -1).toArray() as number[][];
      seqs.forEach((s, b) => {
        if (done[b]) return void s.push(0);
        const next = draw(p[b]!, rng.uniform());
        s.push(next);
        // a word ends with the end token or at MAX_LETTERS letters
        done[b] = next === 0 || t + 1 === MAX_LETTERS;
      });
      if (done.every(Boolean)) break;
    }
  });
  return seqs.map((s) => {
    const letters: string[] = [];
    for (const c of s.slice(1)) {
      if (c === 0) break;
      letters.push(String.fromCharCode(96 + c));
    }
    return letters.join("");
  });
}
