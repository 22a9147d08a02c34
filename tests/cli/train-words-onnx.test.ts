/** @file `chainrule train --dataset words --model transformer --save-onnx`: the file gives the trained model's logits in ONNX Runtime. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CharTransformer, encodeWords } from "../../cli/train/words-model.js";
import { WordsLogits } from "../../cli/train/words-onnx.js";
import { loadModel, noGrad, tensor } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";
import { decodeOnnx, runOnnx } from "../helpers/onnx-runtime.js";
import { runChainrule } from "../helpers/run-cli.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-words-onnx-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("chainrule train --dataset words --model transformer --save-onnx", () => {
  it("5 steps: ONNX Runtime gives the saved model's logits within 1e-5, padded or not", { timeout: 120_000 }, async () => {
    const [onnx, file] = [join(dir, "m.onnx"), join(dir, "m.safetensors")];
    const args = ["--dim", "16", "--heads", "2", "--blocks", "2", "--steps", "5", "--batch-size", "16", "--seed", "2"];
    const { stdout } = await runChainrule(
      "train",
      "--dataset",
      "words",
      "--model",
      "transformer",
      ...args,
      "--save",
      file,
      "--save-onnx",
      onnx,
      "--json",
      "--quiet",
    );
    const report = JSON.parse(stdout);
    expect(report.onnxTo).toBe(onnx);
    const model = new CharTransformer({ dim: 16, heads: 2, blocks: 2, context: 11, mlpRatio: 4, seed: 2 });
    await loadModel(file, model);
    model.eval();

    const bytes = new Uint8Array(await readFile(onnx));
    const d = decodeOnnx(bytes);
    expect(d.graph.inputs[0]).toMatchObject({ elemType: 7, shape: ["batch", 11] });
    expect(d.graph.outputs[0]!.shape).toEqual(["batch", 11, 27]);
    expect(d.metadata["chainrule.model"]).toBe("transformer");

    // words padded to the context with 0: the causal model's logits at t depend on tokens 0..t only
    const words = ["chain", "rule", "a", "transform", "onnx"];
    const batch = encodeWords(words);
    const ids = new Float32Array(words.length * 11);
    const len = batch.x.shape[1]!;
    for (let b = 0; b < words.length; b++) for (let t = 0; t < len; t++) ids[b * 11 + t] = batch.x.data[b * len + t]!;
    const x = tensor(ids, { shape: [words.length, 11] });
    const want = noGrad(() => new WordsLogits(model).forward(x));
    const got = await runOnnx(bytes, { data: BigInt64Array.from(ids, (v) => BigInt(v)), shape: [words.length, 11] });
    expect(got.dims).toEqual([words.length, 11, 27]);
    assertClose(got.data, want.data, { rtol: 1e-5, atol: 1e-5 }, "words logits in ONNX Runtime");
    // the same logits as chainrule on the unpadded batch, at the positions that predict
    const unpadded = noGrad(() => model.logitsAt(model.forward(batch.x), batch.rows)).data;
    const rows = batch.rows.map((r) => Math.floor(r / len) * 11 + (r % len));
    const picked = rows.flatMap((r) => Array.from(got.data.slice(r * 27, (r + 1) * 27)));
    assertClose(picked, unpadded, { rtol: 1e-5, atol: 1e-5 }, "padded ONNX logits vs unpadded chainrule");
  });

  it("a bad --save-onnx path fails before training", async () => {
    await expect(
      runChainrule("train", "--dataset", "words", "--model", "transformer", "--steps", "5", "--save-onnx", join(dir, "nope", "m.onnx")),
    ).rejects.toThrow(/--save-onnx: the folder .*nope does not exist/);
  });
});
