/** @file `chainrule train --model cnn --save-onnx`: the file takes raw digit pixels as images and runs in ONNX Runtime with chainrule's results. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asImages, buildCnn } from "../../cli/train/cnn.js";
import { argmaxRows, prepare } from "../../cli/train/loop.js";
import { nn, noGrad, Tensor } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";
import { decodeOnnx, runOnnx } from "../helpers/onnx-runtime.js";
import { runChainrule } from "../helpers/run-cli.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-train-cnn-onnx-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The raw digits test features (pixels 0..16) as images [n, 1, 8, 8]: what the ONNX file takes. */
function rawTestImages(seed: number): { x: Tensor; y: Tensor } {
  const p = prepare({ dataset: "digits", seed, testFraction: 0.2 });
  const raw = p.raw.test;
  return { x: new Tensor(Float32Array.from(raw.x.data), [raw.x.shape[0]!, 1, 8, 8]), y: raw.y };
}

describe("chainrule train --model cnn --save-onnx", () => {
  it("--epochs 0: ONNX Runtime on raw pixels gives the logits of the untrained CNN within 1e-5", async () => {
    const onnx = join(dir, "cnn0.onnx");
    const report = JSON.parse(
      (await runChainrule("train", "--model", "cnn", "--epochs", "0", "--save-onnx", onnx, "--json", "--quiet")).stdout,
    );
    expect(report.onnxTo).toBe(onnx);
    const bytes = new Uint8Array(await readFile(onnx));
    const { x } = rawTestImages(0);
    const model = buildCnn(10, 0).eval();
    const images = asImages(prepare({ dataset: "digits", seed: 0, testFraction: 0.2 }).raw.test).x;
    const logits = noGrad(() => model.forward(images));
    const out = await runOnnx(bytes, x);
    expect(out.dims).toEqual([x.shape[0], 10]);
    assertClose(out.data, logits.data, { rtol: 1e-5, atol: 1e-5 }, "untrained CNN logits");

    const d = decodeOnnx(bytes);
    expect(d.graph.inputs[0]!.shape).toEqual(["batch", 1, 8, 8]);
    expect(d.metadata["chainrule.model"]).toBe("cnn");
    expect(d.graph.initializers.map((t) => t.name)).toEqual(["standardize.mean", "standardize.std", ...Object.keys(model.stateDict())]);
  });

  it("after training: ONNX Runtime's test loss and accuracy equal the report's", { timeout: 300_000 }, async () => {
    const onnx = join(dir, "cnn1.onnx");
    const { stdout } = await runChainrule(
      "train",
      "--dataset",
      "digits",
      "--model",
      "cnn",
      "--epochs",
      "1",
      "--save-onnx",
      onnx,
      "--json",
      "--quiet",
    );
    const report = JSON.parse(stdout);
    const { x, y } = rawTestImages(0);
    const out = await runOnnx(new Uint8Array(await readFile(onnx)), x);
    const logits = new Tensor(Float32Array.from(out.data), [...out.dims]);
    const loss = nn.crossEntropy(logits, y).item();
    assertClose([loss], [report.testLoss], { rtol: 1e-5, atol: 2e-5 }, "test loss from ONNX Runtime");
    const accuracy = argmaxRows(logits).filter((c, i) => c === y.data[i]).length / y.shape[0]!;
    expect(accuracy).toBe(report.testAccuracy);
    expect(accuracy).toBeGreaterThan(0.8);
  });

  it("the summary names the file, and an unwritable path fails before training", async () => {
    const onnx = join(dir, "summary.onnx");
    const { stdout } = await runChainrule("train", "--model", "cnn", "--epochs", "0", "--save-onnx", onnx, "--quiet");
    expect(stdout).toContain(onnx);
    await expect(
      runChainrule("train", "--model", "cnn", "--epochs", "5", "--save-onnx", join(dir, "no-such-folder", "m.onnx"), "--quiet"),
    ).rejects.toThrow(/--save-onnx: the folder .*no-such-folder does not exist/);
  });
});
