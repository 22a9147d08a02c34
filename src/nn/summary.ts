/** @file model.summary(): the layers of a module as a table of output (or parameter) shapes and parameter counts. */
import { noGrad } from "../tape/grad-mode.js";
import { ValueError } from "../errors.js";
import { fmtShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import type { Module } from "./module.js";

type Forward = (input: Tensor, ...rest: Tensor[]) => Tensor;

/** The output shapes each module produced while `root.forward(example)` ran once, without a graph, in eval mode. */
function traceShapes(root: Module, modules: readonly Module[], example: Tensor): Map<Module, string[]> {
  if (!(example instanceof Tensor)) {
    throw new ValueError(`summary: the example input must be a Tensor shaped like a batch the model takes, got ${typeof example}.`);
  }
  const shapes = new Map<Module, string[]>();
  const saved = modules.map((m) => ({ m, own: Object.hasOwn(m, "forward"), forward: m.forward, training: m.training }));
  try {
    for (const { m, forward } of saved) {
      // an instance forward also stops Sequential fusing Linear and ReLU, so each reports its own output
      (m as { forward: Forward }).forward = (...args) => {
        const y = forward.apply(m, args);
        if (y instanceof Tensor) shapes.set(m, [...(shapes.get(m) ?? []), fmtShape(y.shape)]);
        return y;
      };
      m.training = false; // eval mode: dropout draws nothing, so the global random state is untouched
    }
    noGrad(() => root.forward(example));
  } finally {
    for (const { m, own, forward, training } of saved) {
      if (own) (m as { forward: Forward }).forward = forward;
      else delete (m as { forward?: Forward }).forward;
      m.training = training;
    }
  }
  return shapes;
}

/** "[4, 8]", "[1, 2] ×2" for one shape seen twice, "[1, 2], [3, 2]" for several, "—" for none. */
function shapeCell(seen: readonly string[] | undefined): string {
  if (!seen || seen.length === 0) return "—";
  const distinct = [...new Set(seen)];
  return distinct.length === 1 && seen.length > 1 ? `${distinct[0]} ×${seen.length}` : distinct.join(", ");
}

/**
 * The table behind `Module.summary`: a row per leaf module (and per module holding parameters of its
 * own), each with the shapes it output for `example` (or its parameters' shapes) and its parameter
 * count, a shared parameter counted once; then the total, trainable and frozen.
 * @example
 * summarize(new Linear(2, 1), tensor([[1, 2]]), (m) => m.namedParameters()); // "Layer  Output shape  Count\n…"
 */
export function summarize(root: Module, example: Tensor | undefined, ownParameters: (m: Module) => [string, Tensor][]): string {
  const named = root.namedModules();
  const shapes =
    example === undefined
      ? null
      : traceShapes(
          root,
          named.map(([, m]) => m),
          example,
        );
  const seen = new Set<Tensor>();
  const rows: string[][] = shapes ? [["Input", fmtShape(example!.shape), ""]] : [];
  let trainable = 0;
  let frozen = 0;
  for (const [path, m] of named) {
    const own = ownParameters(m).filter(([, p]) => !seen.has(p));
    for (const [, p] of own) {
      seen.add(p);
      if (p.requiresGrad) trainable += p.size;
      else frozen += p.size;
    }
    if (m.childModules().length > 0 && own.length === 0) continue;
    const label = path ? `${path} (${m.constructor.name})` : m.constructor.name;
    const middle = shapes ? shapeCell(shapes.get(m)) : own.map(([k, p]) => `${k} ${fmtShape(p.shape)}`).join(", ") || "—";
    rows.push([label, middle, String(own.reduce((n, [, p]) => n + p.size, 0))]);
  }
  const header = ["Layer", shapes ? "Output shape" : "Parameters", "Count"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  const rule = "─".repeat(widths.reduce((a, b) => a + b, 0) + 4);
  const total = `Total: ${trainable + frozen} parameters (${trainable} trainable, ${frozen} frozen)`;
  return [line(header), rule, ...rows.map(line), rule, total].join("\n");
}
