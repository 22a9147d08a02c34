/** @file A model (and optionally its optimizer) as safetensors tensors + metadata, and back — validated before anything changes. */
import { FormatError } from "../errors.js";
import type { Module } from "../nn/module.js";
import type { Optimizer, OptimizerStateDict, ParamState } from "../optim/optimizer.js";
import type { TypedArray } from "../tensor/dtype.js";
import { fmtShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import type { SafetensorsFile } from "./safetensors.js";
import { writeStorage } from "../backends/storage.js";
import { namedRecord, own } from "./records.js";

/** Prefix of the optimizer's buffers in a model file: `optimizer/<parameter name>/<buffer>`. */
export const OPTIMIZER_PREFIX = "optimizer/";
/** Metadata key holding the optimizer's type, hyperparameters and per-parameter step counts (JSON). */
export const OPTIMIZER_KEY = "chainrule.optimizer";

interface OptimizerMeta {
  type: string;
  hyper: OptimizerStateDict["hyper"];
  steps: Record<string, number | null>;
}

function nameMap(module: Module, optimizer: Optimizer): string[] {
  const names = new Map<Tensor, string>(module.namedParameters().map(([n, p]) => [p, n]));
  return optimizer.params.map((p, i) => {
    const n = names.get(p);
    if (n === undefined)
      throw new FormatError(
        `saveModel/loadModel: optimizer parameter ${i} (${p.describe()}) is not a parameter of the module; build the optimizer from module.parameters().`,
      );
    return n;
  });
}

/**
 * The tensors and metadata that represent `module` (its parameters, by dotted name) and, if given, the
 * optimizer's state (buffers as `optimizer/<name>/<buffer>` tensors; type, hyperparameters and step
 * counts as JSON under the metadata key "chainrule.optimizer").
 * @example
 * const { tensors, metadata } = modelToSafetensors(model, opt);
 */
export function modelToSafetensors(module: Module, optimizer?: Optimizer, metadata: Record<string, string> = {}): SafetensorsFile {
  const tensors = namedRecord(Object.entries(module.stateDict()));
  const meta = namedRecord(Object.entries(metadata));
  if (optimizer) {
    const names = nameMap(module, optimizer);
    const sd = optimizer.stateDict();
    const steps = namedRecord<number | null>();
    sd.state.forEach((s, i) => {
      const name = names[i]!;
      steps[name] = s ? s.step : null;
      const shape = optimizer.params[i]!.shape.slice();
      for (const [k, b] of Object.entries(s?.buffers ?? {})) tensors[`${OPTIMIZER_PREFIX}${name}/${k}`] = new Tensor(b, shape);
    });
    meta[OPTIMIZER_KEY] = JSON.stringify({ type: sd.type, hyper: sd.hyper, steps } satisfies OptimizerMeta);
  }
  return { tensors, metadata: meta };
}

const CODE = { float32: "F32", float64: "F64", int32: "I32" } as const;

function checkTensorFits(where: string, name: string, t: Tensor | undefined, like: Tensor): void {
  if (!t)
    throw new FormatError(
      `${where}: tensor "${name}" is missing from the file (the model has it as ${fmtShape(like.shape)} ${CODE[like.dtype]}).`,
    );
  if (t.dtype !== like.dtype) {
    throw new FormatError(
      `${where}: tensor "${name}" has dtype ${CODE[t.dtype]} in the file but the model's is ${CODE[like.dtype]} (${like.dtype}); build the model with dtype "${t.dtype}" or convert the file.`,
    );
  }
  if (t.shape.length !== like.shape.length || t.shape.some((d, i) => d !== like.shape[i])) {
    throw new FormatError(
      `${where}: tensor "${name}" has shape ${fmtShape(t.shape)} in the file but ${fmtShape(like.shape)} in the model; build the model with the sizes it was saved with.`,
    );
  }
}

function optimizerState(where: string, file: SafetensorsFile, optimizer: Optimizer, names: string[]): OptimizerStateDict {
  const raw = own(file.metadata, OPTIMIZER_KEY);
  if (raw === undefined)
    throw new FormatError(
      `${where}: the file has no optimizer state (metadata "${OPTIMIZER_KEY}"); save it with saveModel(path, model, optimizer).`,
    );
  let meta: OptimizerMeta;
  try {
    meta = JSON.parse(raw) as OptimizerMeta;
  } catch (e) {
    throw new FormatError(`${where}: metadata "${OPTIMIZER_KEY}" is not valid JSON (${(e as Error).message}).`);
  }
  if (!meta || typeof meta !== "object" || typeof meta.steps !== "object" || meta.steps === null)
    throw new FormatError(`${where}: metadata "${OPTIMIZER_KEY}" lacks "steps".`);
  const state: (ParamState | null)[] = names.map((name, i) => {
    const step = own(meta.steps, name);
    if (step === null || step === undefined) return null;
    const buffers = namedRecord<TypedArray>();
    const prefix = `${OPTIMIZER_PREFIX}${name}/`;
    for (const [k, t] of Object.entries(file.tensors)) {
      if (!k.startsWith(prefix)) continue;
      checkTensorFits(where, k, t, optimizer.params[i]!);
      buffers[k.slice(prefix.length)] = t.data;
    }
    return { step, buffers };
  });
  const sd: OptimizerStateDict = { type: meta.type, hyper: meta.hyper, state };
  const problem = optimizer.checkStateDict(sd);
  if (problem) throw new FormatError(`${where}: the optimizer state does not fit: ${problem}.`);
  return sd;
}

/**
 * Copies a decoded model file into `module` (and `optimizer`). Every tensor is checked first — present,
 * same dtype, same shape, no unknown parameter names when `strict` (default) — and the optimizer state is
 * checked too; only then is anything written, so a failed load leaves the model and optimizer unchanged.
 * Returns the metadata without chainrule's own keys.
 * @example
 * loadModelFromSafetensors(decodeSafetensors(bytes), model, opt);
 */
export function loadModelFromSafetensors(
  file: SafetensorsFile,
  module: Module,
  optimizer?: Optimizer,
  opts: { strict?: boolean; source?: string } = {},
): Record<string, string> {
  const where = `loadModel${opts.source ? ` ("${opts.source}")` : ""}`;
  const params = Object.entries(module.stateDict());
  for (const [n, p] of params) checkTensorFits(where, n, own(file.tensors, n), p);
  if (opts.strict ?? true) {
    const known = new Set(params.map(([n]) => n));
    const extra = Object.keys(file.tensors).filter((k) => !known.has(k) && !k.startsWith(OPTIMIZER_PREFIX));
    if (extra.length > 0) {
      throw new FormatError(
        `${where}: the file has tensors the model lacks: ${extra.map((k) => `"${k}"`).join(", ")}. Load with { strict: false } to ignore them.`,
      );
    }
  }
  const sd = optimizer ? optimizerState(where, file, optimizer, nameMap(module, optimizer)) : null;
  for (const [n, p] of params) {
    writeStorage(p.store, file.tensors[n]!.storage);
  }
  if (optimizer && sd) optimizer.loadStateDict(sd);
  return namedRecord(Object.entries(file.metadata).filter(([k]) => k !== OPTIMIZER_KEY));
}
