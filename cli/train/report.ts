/** @file The result of `chainrule train`: the JSON document and the human summary printed from it. */
import pc from "picocolors";
import type { EpochRecord } from "./loop.js";

/** What `chainrule train --json` prints (top level: testAccuracy, trainLoss, epochs, seconds, and more). */
export interface TrainReport {
  dataset: string;
  task: "classification" | "regression";
  samples: { train: number; test: number };
  /** `description` names a model other than an MLP (the CNN of `--model cnn`). */
  model: { sizes: number[]; activation: string; parameters: number; description?: string };
  optimizer: string;
  lr: number;
  batchSize: number;
  seed: number;
  /** Epochs trained in this run. */
  epochs: number;
  /** Loss on the whole train part after training (cross-entropy, or MSE for regression). */
  trainLoss: number;
  /** Null for regression. */
  trainAccuracy: number | null;
  testLoss: number;
  testAccuracy: number | null;
  /** Wall-clock seconds of the training loop (epochs and per-epoch evaluation). */
  seconds: number;
  history: EpochRecord[];
  /** Pictures written under --out. */
  files: string[];
  loadedFrom: string | null;
  savedTo: string | null;
  /** Where --save-onnx wrote the ONNX model. */
  onnxTo: string | null;
  /** With --backend webgpu: the backend and its adapter (absent on the CPU backends). */
  backend?: string;
}

/**
 * The end-of-run summary, one string per line.
 * @example
 * console.log(summaryLines(report, false).join("\n"));
 */
export function summaryLines(r: TrainReport, color: boolean): string[] {
  const b = (s: string) => (color ? pc.bold(s) : s);
  const g = (s: string) => (color ? pc.green(s) : s);
  const acc = (a: number | null) => (a === null ? "" : `, accuracy ${a.toFixed(4)}`);
  const lossName = r.task === "classification" ? "cross-entropy" : "MSE";
  const perEpoch = r.epochs > 0 ? ` (${(r.seconds / r.epochs).toFixed(3)} s/epoch)` : "";
  const lines = [
    `${b("dataset")}    ${r.dataset}: ${r.samples.train} train / ${r.samples.test} test samples (${r.task})`,
    `${b("model")}      ${r.model.description ?? `MLP ${r.model.sizes.join(" → ")} (${r.model.activation})`}, ${r.model.parameters.toLocaleString("en-US")} parameters${r.loadedFrom ? `, loaded from ${r.loadedFrom}` : ""}`,
    `${b("training")}   ${r.optimizer} lr ${r.lr}, batch ${r.batchSize}, ${r.epochs} epoch${r.epochs === 1 ? "" : "s"}, seed ${r.seed}${r.backend ? `, on ${r.backend}` : ""}`,
    `${b("train")}      ${lossName} ${r.trainLoss.toFixed(4)}${acc(r.trainAccuracy)}`,
    `${b("test")}       ${lossName} ${r.testLoss.toFixed(4)}${r.testAccuracy === null ? "" : `, accuracy ${g(r.testAccuracy.toFixed(4))}`}`,
    `${b("time")}       ${r.seconds.toFixed(2)} s${perEpoch}`,
  ];
  if (r.files.length > 0) lines.push(`${b("pictures")}   ${r.files.join(", ")}`);
  if (r.savedTo) lines.push(`${b("saved")}      ${r.savedTo}`);
  if (r.onnxTo) lines.push(`${b("onnx")}       ${r.onnxTo}`);
  return lines;
}
