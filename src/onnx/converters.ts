/** @file The table from module class to ONNX converter, and the walk that converts a module tree with it. */
import { ExportError, ValueError } from "../errors.js";
import { Module } from "../nn/module.js";
import { BUILTIN_CONVERTERS } from "./builtin-converters.js";
import type { OnnxGraph, OnnxValue } from "./graph.js";
import type { Attribute } from "./proto.js";

/** What a converter gets besides its module and input: the graph, its place in the model, and helpers. */
export interface ConvertContext {
  graph: OnnxGraph;
  /** The module's dotted path in the model ("" for the root, `layers.0` for a child). */
  path: string;
  /** The module described for messages: `module "layers.0" (Linear)`. */
  where: string;
  /** An empty attribute list. */
  noAttributes: Attribute[];
  /** Adds a node applying `op` to `inputs` (named after this module) and returns its output's name. */
  node(op: string, inputs: string[], attributes?: Attribute[]): string;
  /** Converts the child module registered under `key`, applied to `x`. */
  child(key: string, module: Module, x: OnnxValue): OnnxValue;
}

/**
 * Turns one module applied to `x` into ONNX nodes (added to `ctx.graph`); returns the output value
 * with its shape. Throw an ExportError for settings that have no ONNX form.
 */
export type OnnxConverter<M extends Module = Module> = (module: M, x: OnnxValue, ctx: ConvertContext) => OnnxValue;

/** A module class and its converter. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConverterEntry = [abstract new (...args: any[]) => Module, OnnxConverter<any>];

const table = new Map<ConverterEntry[0], OnnxConverter>(BUILTIN_CONVERTERS);

/**
 * Teaches `exportOnnx` a module class: `convert(module, x, ctx)` adds the module's ONNX nodes and returns
 * its output. Matches the class exactly (subclasses need their own entry). Replaces an earlier entry.
 * @example
 * class Double extends nn.Module { forward(x: Tensor) { return x.mul(2); } }
 * registerOnnxConverter(Double, (m, x, ctx) => ({ name: ctx.node("Add", [x.name, x.name]), shape: x.shape }));
 * exportOnnx(new Double(), zeros([1, 3])); // Uint8Array
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerOnnxConverter<M extends Module>(cls: abstract new (...args: any[]) => M, convert: OnnxConverter<M>): void {
  if (typeof cls !== "function" || !(cls.prototype instanceof Module)) {
    throw new ValueError(`registerOnnxConverter: the first argument must be a Module subclass, got ${String(cls)}.`);
  }
  if (typeof convert !== "function") throw new ValueError(`registerOnnxConverter: the converter for ${cls.name} must be a function.`);
  table.set(cls, convert as OnnxConverter);
}

function describe(path: string, m: Module): string {
  return `module ${path ? `"${path}"` : "(the root)"} (${m.constructor.name})`;
}

/**
 * Converts `module` (at `path` in the model) applied to `x`, and recursively its children.
 * @example
 * const y = convertModule(graph, model, "", { name: "input", shape: ["batch", 2] });
 */
export function convertModule(graph: OnnxGraph, module: Module, path: string, x: OnnxValue): OnnxValue {
  const where = describe(path, module);
  const convert = table.get(module.constructor as ConverterEntry[0]);
  if (!convert) {
    const known = [...table.keys()].map((c) => c.name).join(", ");
    throw new ExportError(
      `exportOnnx: ${where} has no ONNX form. Modules with one: ${known}. Register yours with registerOnnxConverter(${module.constructor.name}, (m, x, ctx) => …).`,
    );
  }
  if (Object.hasOwn(module, "forward")) {
    throw new ExportError(
      `exportOnnx: ${where} has its forward replaced on the instance, so its ONNX form would not match what it computes.`,
    );
  }
  const ctx: ConvertContext = {
    graph,
    path,
    where,
    noAttributes: [],
    node: (op, inputs, attributes) => graph.node(op, inputs, { where, path, attributes }),
    child: (key, child, input) => convertModule(graph, child, path ? `${path}.${key}` : key, input),
  };
  return convert(module, x, ctx);
}
