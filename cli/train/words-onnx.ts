/** @file `--save-onnx` for the words transformer: the model with its head as one module, its ONNX converter, and the writer. */
import { nn, registerOnnxConverter, saveOnnx, tensor, type Tensor } from "../../src/index.js";
import { CharTransformer, VOCAB } from "./words-model.js";

/**
 * The CharTransformer's layers ending with its head: token ids [batch, length] → logits [batch, length, 27].
 * It holds the same layer objects under the same names (tok, pos, blocks, ln_f, head), so its parameter
 * names are the saved model's.
 * @example
 * new WordsLogits(model).forward(tensor([[0, 3, 1]])).shape; // [1, 3, 27]
 */
export class WordsLogits extends nn.Module {
  readonly tok: nn.Embedding;
  readonly pos: nn.PositionalEmbedding;
  readonly blocks: nn.Sequential;
  readonly lnF: nn.LayerNorm;
  readonly head: nn.Linear;

  constructor(model: CharTransformer) {
    super();
    this.tok = this.registerModule("tok", model.tok);
    this.pos = this.registerModule("pos", model.pos);
    this.blocks = this.registerModule("blocks", model.blocks);
    this.lnF = this.registerModule("ln_f", model.lnF);
    this.head = this.registerModule("head", model.head);
  }

  /** Logits [batch, length, 27] of token ids [batch, length]. */
  forward(tokens: Tensor): Tensor {
    return this.scoped(() => this.head.forward(this.lnF.forward(this.blocks.forward(this.pos.forward(this.tok.forward(tokens))))));
  }
}

const CHAIN = ["tok", "pos", "blocks", "ln_f", "head"] as const;
registerOnnxConverter(WordsLogits, (m, x, ctx) => {
  const layers = { tok: m.tok, pos: m.pos, blocks: m.blocks, ln_f: m.lnF, head: m.head };
  return CHAIN.reduce((h, key) => ctx.child(key, layers[key], h), x);
});
registerOnnxConverter(CharTransformer, (m, x, ctx) => {
  const layers = { tok: m.tok, pos: m.pos, blocks: m.blocks, ln_f: m.lnF };
  return CHAIN.slice(0, 4).reduce((h, key) => ctx.child(key, layers[key as keyof typeof layers], h), x);
});

/**
 * Writes the trained words transformer as ONNX: input "input" int64 token ids [batch, context] (0 = start
 * and padding, 1–26 = a–z), output "output" logits [batch, context, 27]. The attention is causal, so the
 * logits at position t depend on tokens 0..t only: pad a shorter word with 0 and read position t.
 * @example
 * await writeWordsOnnx("words.onnx", model);
 */
export async function writeWordsOnnx(path: string, model: CharTransformer): Promise<void> {
  const context = model.config.context;
  const example = tensor(new Float32Array(context), { shape: [1, context] });
  const metadata = {
    "chainrule.dataset": "words",
    "chainrule.model": "transformer",
    "chainrule.input": `int64 token ids [batch, ${context}]: 0 start/padding, 1-26 a-z; causal, so logits at t depend on tokens 0..t`,
    "chainrule.output": `logits [batch, ${context}, ${VOCAB}] of the next token`,
  };
  await saveOnnx(path, new WordsLogits(model), example, { indices: true, metadata });
}
