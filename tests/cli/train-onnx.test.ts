/** @file `chainrule train --save-onnx`: the file runs in ONNX Runtime with chainrule's predictions; bad paths fail before training. */
import { chmod, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChainrule } from "../helpers/run-cli.js";
import { loadCheckpoint, readCheckpointInfo } from "../../cli/train/checkpoint.js";
import { argmaxRows, makeOptimizer, prepare } from "../../cli/train/loop.js";
import { noGrad, Tensor } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";
import { decodeOnnx, runOnnx } from "../helpers/onnx-runtime.js";

const chainrule = runChainrule;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-train-onnx-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("chainrule train --save-onnx", () => {
  it("moons: ONNX Runtime on the raw test features gives chainrule's logits and predictions", async () => {
    const onnx = join(dir, "m.onnx");
    const ckpt = join(dir, "m.safetensors");
    const { stdout } = await chainrule(
      "train",
      "--dataset",
      "moons",
      "--epochs",
      "10",
      "--save-onnx",
      onnx,
      "--save",
      ckpt,
      "--json",
      "--quiet",
    );
    const report = JSON.parse(stdout);
    expect(report.onnxTo).toBe(onnx);

    // chainrule's side: the saved model on the standardised test part
    const info = await readCheckpointInfo(ckpt);
    const p = prepare({ dataset: "moons", seed: 0, testFraction: 0.2 }, info.stats);
    const { model } = await loadCheckpoint(ckpt, info, p.dataset, (m) => makeOptimizer("adam", m.parameters(), 0.01));
    const logits = noGrad(() => model.eval().forward(p.test.x));

    // ONNX Runtime's side: the file on the raw test features
    const bytes = new Uint8Array(await (await import("node:fs/promises")).readFile(onnx));
    const out = await runOnnx(bytes, p.raw.test.x);
    expect(out.dims).toEqual([p.test.x.shape[0], 2]);
    assertClose(out.data, logits.data, { rtol: 1e-5, atol: 1e-5 }, "moons logits");
    const ortPred = argmaxRows(new Tensor(Float32Array.from(out.data), [...out.dims]));
    expect(ortPred).toEqual(argmaxRows(logits));
    const accuracy = ortPred.filter((c, i) => c === p.test.y.data[i]).length / ortPred.length;
    expect(accuracy).toBe(report.testAccuracy);
    expect(accuracy).toBeGreaterThan(0.9);

    const d = decodeOnnx(bytes);
    expect(d.metadata).toEqual({ "chainrule.dataset": "moons", "chainrule.sizes": info.sizes.join(",") });
    expect(d.graph.initializers.map((t) => t.name)).toEqual(["standardize.mean", "standardize.std", ...Object.keys(model.stateDict())]);
  });

  it("the summary names the ONNX file", async () => {
    const onnx = join(dir, "summary.onnx");
    const { stdout } = await chainrule("train", "--dataset", "moons", "--epochs", "1", "--save-onnx", onnx, "--quiet");
    expect(stdout).toMatch(new RegExp(`onnx\\s+${onnx.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("an unwritable path fails before training starts", async () => {
    const missing = join(dir, "no-such-folder", "m.onnx");
    await expect(chainrule("train", "--dataset", "moons", "--epochs", "50", "--save-onnx", missing)).rejects.toThrow(
      /--save-onnx: the folder .*no-such-folder does not exist/,
    );
    // the path is checked even before --load reads its file
    await expect(chainrule("train", "--load", join(dir, "absent.safetensors"), "--save-onnx", missing)).rejects.toThrow(/--save-onnx/);
    const folder = join(dir, "a-folder");
    await mkdir(folder);
    await expect(chainrule("train", "--dataset", "moons", "--save-onnx", folder)).rejects.toThrow(/is a folder/);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, "locked");
      await mkdir(locked);
      await chmod(locked, 0o500);
      await expect(chainrule("train", "--dataset", "moons", "--save-onnx", join(locked, "m.onnx"))).rejects.toThrow(/permission denied/);
    }
    expect(await readdir(folder)).toEqual([]);
  });
});
