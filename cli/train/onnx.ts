/** @file `--save-onnx`: the trained MLP or CNN, with its input scaling, as an ONNX file; and the early check that the path is writable. */
import { access, constants, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { saveOnnx, ValueError, type data, type nn, type Tensor } from "../../src/index.js";

/**
 * Throws a ValueError unless a file can be written at `path` (its folder exists and is writable; an
 * existing entry there is a writable file), so a bad path fails before any training.
 * @example
 * await checkWritable("model.onnx", "--save-onnx");
 */
export async function checkWritable(path: string, flag: string): Promise<void> {
  const dir = dirname(resolve(path));
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new ValueError(`train ${flag}: the folder ${dir} does not exist; create it or pick another path.`);
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new ValueError(`train ${flag}: ${path} is a folder; give a file name such as ${path}/model.onnx.`);
  try {
    await access(existing ? path : dir, constants.W_OK);
  } catch {
    throw new ValueError(`train ${flag}: cannot write ${existing ? path : `into ${dir}`} (permission denied); pick another path.`);
  }
}

/**
 * Writes the trained model as ONNX. The file takes raw features: the standardisation fitted in training
 * is part of the graph. Input "input" [batch, features], output "output" [batch, classes] (logits) or [batch, 1].
 * @example
 * await writeOnnx("moons.onnx", model, p.stats, p.test.x, { dataset: "moons" });
 */
export async function writeOnnx(
  path: string,
  model: nn.Module,
  stats: data.Standardization,
  example: Tensor,
  metadata: Record<string, string>,
): Promise<void> {
  await saveOnnx(path, model, example, { standardize: stats, metadata });
}

/**
 * Writes the trained digits CNN as ONNX. The file takes the dataset's raw pixel values (0..16) laid out
 * as images: input "input" [batch, 1, 8, 8] (the 64 features row by row), output "output" [batch, 10]
 * (logits); the division by 16 that training applies is part of the graph.
 * @example
 * await writeCnnOnnx("digits-cnn.onnx", model, test.x);
 */
export async function writeCnnOnnx(path: string, model: nn.Module, example: Tensor): Promise<void> {
  const side = example.shape[3]!;
  const scale = { mean: new Array<number>(side).fill(0), std: new Array<number>(side).fill(16) };
  const metadata = { "chainrule.dataset": "digits", "chainrule.model": "cnn", "chainrule.input": "raw pixels 0..16 as [batch, 1, 8, 8]" };
  await saveOnnx(path, model, example, { standardize: scale, metadata });
}
