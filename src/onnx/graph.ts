/** @file OnnxGraph: the graph under construction while exporting — nodes, initializers, unique names, opset checks. */
import { ExportError } from "../errors.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkOpInOpset } from "./opsets.js";
import { DataType, type Attribute, type DataTypeCode, type Dim, type NodeProto, type TensorProto } from "./proto.js";

/**
 * A tensor flowing through the exported graph: its ONNX name and shape (dim 0 may be the symbol "batch").
 * `type: "int64"` marks integer indices (the graph input of a model that starts with an Embedding);
 * without it the value has the graph's float type.
 */
export interface OnnxValue {
  name: string;
  shape: Dim[];
  type?: "int64";
}

/** The ONNX element type of a chainrule dtype. */
export function elemTypeOf(dtype: DType): DataTypeCode {
  return dtype === "float64" ? DataType.DOUBLE : DataType.FLOAT;
}

/**
 * The graph being built. Converters add nodes with `node`, weights with `parameter` (named by the
 * model's stateDict key) and constants with `constant`; every name is unique and every node's operator
 * is checked against the target opset.
 * @example
 * const out = g.node("Relu", [x.name], { where: 'module "1" (ReLU)' });
 */
export class OnnxGraph {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();
  private readonly constants = new Map<string, string>();
  private readonly added = new Set<Tensor>();

  /**
   * @param opset the target opset
   * @param dtype the element type of every tensor in the graph
   * @param paramNames each parameter's and buffer's stateDict key (shared tensors appear once)
   */
  constructor(
    readonly opset: number,
    readonly dtype: DType,
    private readonly paramNames: Map<Tensor, string>,
  ) {}

  /** Reserves `name` (e.g. the graph input), throwing if something already has it. */
  reserve(name: string, what: string): string {
    if (this.used.has(name)) throw new ExportError(`exportOnnx: the name "${name}" (${what}) is already used in the graph; pick another.`);
    this.used.add(name);
    return name;
  }

  /** `base`, or `base_1`, `base_2`, … when taken. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /**
   * Adds a node applying `op` to `inputs`; returns the name of its (single) output.
   * `where` (the module, for messages) and `path` (the module path, for names) describe the caller.
   * @example
   * g.node("Gemm", [x.name, w, b], { where, path: "layers.0", attributes: [{ name: "transB", kind: "int", value: 1 }] });
   */
  node(op: string, inputs: string[], opts: { where: string; path?: string; attributes?: Attribute[] }): string {
    checkOpInOpset(op, this.opset, opts.where);
    const name = this.fresh(`${opts.path || "model"}/${op}`);
    const output = this.fresh(`${name}_output`);
    this.nodes.push({ opType: op, name, inputs, outputs: [output], attributes: opts.attributes ?? [] });
    return output;
  }

  /**
   * The initializer of a model parameter or buffer (BatchNorm's `running_mean`), named by its stateDict
   * key (`layers.0.weight`); added once. Its values are converted to the graph's element type.
   * @example
   * const w = g.parameter(linear.weight, 'module "0" (Linear)');
   */
  parameter(t: Tensor, where: string): string {
    const name = this.paramNames.get(t);
    if (name === undefined) {
      throw new ExportError(
        `exportOnnx: ${where} uses a tensor ${t.describe()} that is not a registered parameter or buffer of the model; register it with registerParameter (or registerBuffer) so it has a name.`,
      );
    }
    if (!this.added.has(t)) {
      this.added.add(t);
      this.addInitializer(this.reserve(name, "a parameter"), t.shape, t.data);
    }
    return name;
  }

  /**
   * The initializer of a scalar constant (shared by every node that uses the same value).
   * @example
   * g.constant(0.5); // "const_0.5"
   */
  constant(value: number): string {
    return this.filled(value, []);
  }

  /**
   * The initializer of a tensor of shape `dims` filled with `value` (shared by every node that uses the
   * same one), e.g. the scale of a LayerNorm without a learned weight.
   * @example
   * g.filled(1, [16]); // "const_1_16"
   */
  filled(value: number, dims: readonly number[]): string {
    const key = `${value}|${dims.join(",")}`;
    let name = this.constants.get(key);
    if (name === undefined) {
      name = this.fresh(dims.length === 0 ? `const_${value}` : `const_${value}_${dims.join("x")}`);
      this.constants.set(key, name);
      this.addInitializer(name, dims, new Array<number>(dims.reduce((p, d) => p * d, 1)).fill(value));
    }
    return name;
  }

  /**
   * An initializer with the given values, named `name` (which must be free).
   * @example
   * g.values("standardize.mean", [2], [0.1, -0.3]);
   */
  values(name: string, dims: readonly number[], data: ArrayLike<number>): string {
    this.addInitializer(this.reserve(name, "a constant"), dims, data);
    return name;
  }

  /**
   * A shared int64 initializer (Reshape's shape, Slice's starts and ends): the values as a 1-d tensor.
   * @example
   * g.int64s([0, -1, 4, 8]); // "const_i64_0_-1_4_8"
   */
  int64s(values: readonly number[]): string {
    const key = `i64|${values.join(",")}`;
    let name = this.constants.get(key);
    if (name === undefined) {
      name = this.fresh(`const_i64_${values.join("_")}`);
      this.constants.set(key, name);
      const raw = new Uint8Array(values.length * 8);
      const view = new DataView(raw.buffer);
      values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
      this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, rawData: raw });
    }
    return name;
  }

  /**
   * A shared float initializer made once per `key` by `make` (a table such as the causal mask), named `const_<key>`.
   * @example
   * g.table("causal_5", [5, 5], () => causalMask(5, 5, "float64").data);
   */
  table(key: string, dims: readonly number[], make: () => ArrayLike<number>): string {
    let name = this.constants.get(`table|${key}`);
    if (name === undefined) {
      name = this.fresh(`const_${key}`);
      this.constants.set(`table|${key}`, name);
      this.addInitializer(name, dims, make());
    }
    return name;
  }

  private addInitializer(name: string, dims: readonly number[], data: ArrayLike<number>): void {
    const double = this.dtype === "float64";
    const size = double ? 8 : 4;
    const raw = new Uint8Array(data.length * size);
    const view = new DataView(raw.buffer);
    // ONNX raw_data is little-endian whatever the machine
    if (double) for (let i = 0; i < data.length; i++) view.setFloat64(i * 8, data[i]!, true);
    else for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
    this.initializers.push({ name, dims: dims.slice(), dataType: elemTypeOf(this.dtype), rawData: raw });
  }
}
