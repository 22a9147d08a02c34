/** @file Structural checks of an ONNX graph before it is written: names resolve in order, initializers fit their dims. */
import { ExportError } from "../errors.js";
import { DataType, type GraphProto } from "./proto.js";

const BYTES: Record<number, number> = { [DataType.FLOAT]: 4, [DataType.DOUBLE]: 8, [DataType.INT64]: 8 };

/**
 * Throws an ExportError naming the first problem found: a node input that is neither a graph input, an
 * initializer nor the output of an earlier node; a name produced twice; an initializer whose bytes do not
 * match its dims and type; a graph output nothing produces; a graph input or output without a type.
 * @example
 * checkGraph(graph); // passes silently for a well-formed graph
 */
export function checkGraph(g: GraphProto): void {
  const fail = (msg: string): never => {
    throw new ExportError(`exportOnnx: the exported graph is malformed (a bug in a converter): ${msg}`);
  };
  const defined = new Set<string>();
  const define = (name: string, what: string): void => {
    if (!name) fail(`${what} has an empty name.`);
    if (defined.has(name)) fail(`"${name}" (${what}) is defined twice.`);
    defined.add(name);
  };
  for (const v of g.inputs) {
    if (!(v.elemType in BYTES)) fail(`graph input "${v.name}" has element type ${v.elemType}.`);
    define(v.name, "graph input");
  }
  for (const t of g.initializers) {
    const count = t.dims.reduce((p, d) => p * d, 1);
    if (t.dims.some((d) => !Number.isInteger(d) || d < 0)) fail(`initializer "${t.name}" has dims [${t.dims.join(", ")}].`);
    const size = BYTES[t.dataType];
    if (size === undefined) fail(`initializer "${t.name}" has data type ${t.dataType}.`);
    if (t.rawData.length !== count * size!) {
      fail(`initializer "${t.name}" has dims [${t.dims.join(", ")}] (${count} values) but ${t.rawData.length} bytes of data.`);
    }
    define(t.name, "initializer");
  }
  for (const n of g.nodes) {
    if (!n.opType) fail(`node "${n.name}" has no operator.`);
    for (const i of n.inputs) {
      if (!defined.has(i)) fail(`node "${n.name}" (${n.opType}) reads "${i}", which no graph input, initializer or earlier node provides.`);
    }
    if (n.outputs.length === 0) fail(`node "${n.name}" (${n.opType}) has no outputs.`);
    for (const o of n.outputs) define(o, `output of node "${n.name}"`);
  }
  for (const v of g.outputs) {
    if (!defined.has(v.name)) fail(`graph output "${v.name}" is not produced by any node.`);
    if (!(v.elemType in BYTES)) fail(`graph output "${v.name}" has element type ${v.elemType}.`);
  }
  if (g.outputs.length === 0) fail("the graph has no outputs.");
}
