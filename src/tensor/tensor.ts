/** @file The Tensor: a contiguous typed array with a shape, a dtype, and (when computed) the graph node that made it. */
import type { GraphNode } from "../autograd/node.js";
import { DTypeError, GradientError, ShapeError, ValueError } from "../errors.js";
import { dtypeOf, type DType, type TypedArray } from "./dtype.js";
import { exposeArray } from "./ownership.js";
import { fmtShape, sizeOf, stridesOf } from "./shape.js";
import { formatTensor } from "./format.js";

let nextId = 1;

/**
 * An n-dimensional array of float32 or float64 numbers that remembers how it was computed,
 * so that `backward()` can apply the chain rule. Create one with `tensor`, `zeros`, `randn`, ...
 * Operations are methods (`x.mul(2)`) and functions (`mul(x, 2)`); see the API list in the README.
 * @example
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.square().sum().backward();
 * x.grad?.toArray(); // [2, 4, 6]
 */
export class Tensor {
  /**
   * Internal: the row-major typed array behind `data`. Kernels read it here, so that it stays
   * private (see tensor/ownership.ts) and a backend may reuse its copy instead of copying it again.
   * Not for users: read values with `dataSync()`/`toArray()`, write through `data`.
   * @internal
   */
  storage: TypedArray;
  /** Size of each axis. */
  readonly shape: number[];
  /** The element type. */
  readonly dtype: DType;
  /** The node that computed this tensor, or null for a leaf (created by the user). */
  node: GraphNode | null;
  private _grad: Tensor | null = null;
  /** A name shown in graphs, equations and errors. */
  name: string | undefined;
  /** A unique, increasing id (stable order for graph pictures). */
  readonly id: number;
  /** Internal: the last backward traversal that visited this tensor (avoids a Set per pass). */
  visitMark = 0;
  /** Internal: the gradient summed so far for this tensor during a backward pass. */
  pendingGrad: Tensor | null = null;
  /** Internal: whether `data` has handed out the current array (it then stays public; no need to say so again). */
  private handedOut = false;
  private _requiresGrad: boolean;

  constructor(data: TypedArray, shape: number[], requiresGrad = false, node: GraphNode | null = null) {
    checkData(data, shape);
    this.storage = data;
    this.shape = shape;
    this.dtype = dtypeOf(data);
    this._requiresGrad = requiresGrad;
    this.node = node;
    this.id = nextId++;
  }

  /**
   * Row-major contiguous data, readable and writable in place (optimizers update parameters this
   * way). Once handed out here the array may change at any time, so backends stop caching copies of it.
   */
  get data(): TypedArray {
    if (!this.handedOut) {
      exposeArray(this.storage);
      this.handedOut = true;
    }
    return this.storage;
  }

  set data(value: TypedArray) {
    // kernels size their operands by the tensor's dtype and shape: another dtype or length would be
    // misread (the wasm backend copies such an array in by its own element size, past the room asked)
    if (!(value instanceof Float32Array || value instanceof Float64Array) || dtypeOf(value) !== this.dtype) {
      throw new DTypeError(
        `data: ${this.describe()} cannot hold a ${value?.constructor?.name ?? typeof value}; assign a ${this.dtype === "float64" ? "Float64Array" : "Float32Array"}, or make a new tensor with tensor(array).`,
      );
    }
    if (value.length !== this.storage.length) {
      throw new ShapeError(
        `data: ${this.describe()} has ${this.storage.length} elements but the new array has ${value.length}; assign an array of the same length, or make a new tensor with tensor(array, { shape }).`,
      );
    }
    this.storage = value;
    this.handedOut = false;
  }

  /** The gradient accumulated by `backward()`, or null. Assign null, or a tensor of this shape and dtype. */
  get grad(): Tensor | null {
    return this._grad;
  }

  set grad(value: Tensor | null) {
    if (value !== null && !(value instanceof Tensor)) {
      throw new ValueError(
        `grad: the gradient of ${this.describe()} must be a Tensor or null, got ${Array.isArray(value) ? "an array" : typeof value}; assign tensor(values) of shape ${fmtShape(this.shape)}.`,
      );
    }
    if (value !== null && value.dtype !== this.dtype) {
      throw new DTypeError(
        `grad: ${this.describe()} cannot take a ${value.dtype} gradient (${value.describe()}); cast it with .cast("${this.dtype}").`,
      );
    }
    if (value !== null && (value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i]))) {
      throw new ShapeError(
        `grad: the gradient of ${this.describe()} must have its shape ${fmtShape(this.shape)}, got ${value.describe()}.`,
      );
    }
    this._grad = value;
  }

  /** Whether gradients flow to (or through) this tensor. Settable on leaves only. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (this.node && !value) {
      throw new GradientError(
        `requiresGrad: ${this.describe()} was computed by "${this.node.op}"; only leaves can stop requiring grad. Use x.detach() for a copy outside the graph.`,
      );
    }
    this._requiresGrad = value;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return this.storage.length;
  }

  /** Row-major strides in elements (chainrule tensors are always contiguous). */
  get strides(): number[] {
    return stridesOf(this.shape);
  }

  /** True when the user created this tensor (it has no graph node). */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /**
   * Gives this tensor a name for graphs, equations and errors; returns the tensor.
   * @example
   * const W = randn([2, 3]).named("W");
   */
  named(name: string): this {
    this.name = checkName(name, "named");
    return this;
  }

  /**
   * The values as nested arrays (a plain number for a 0-d tensor).
   * @example
   * tensor([[1, 2], [3, 4]]).toArray(); // [[1, 2], [3, 4]]
   */
  toArray(): number | NestedArray {
    if (this.shape.length === 0) return this.storage[0]!;
    const build = (axis: number, offset: number): NestedArray => {
      const n = this.shape[axis]!;
      const out: NestedArray = new Array(n);
      if (axis === this.shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = this.storage[offset + i]!;
      } else {
        const stride = sizeOf(this.shape.slice(axis + 1));
        for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * stride);
      }
      return out;
    };
    return build(0, 0);
  }

  /**
   * The value of a one-element tensor as a number.
   * @example
   * tensor([[3]]).item(); // 3
   */
  item(): number {
    if (this.storage.length !== 1) {
      throw new ValueError(
        `item: ${this.describe()} has ${this.storage.length} elements; item() needs exactly one. Reduce first (x.sum(), x.mean()) or read all values with toArray().`,
      );
    }
    return this.storage[0]!;
  }

  /**
   * A copy of the values as a flat typed array (row-major).
   * @example
   * tensor([[1, 2], [3, 4]]).dataSync(); // Float32Array [1, 2, 3, 4]
   */
  dataSync(): TypedArray {
    return this.storage.slice();
  }

  /**
   * A readable rendering with values, shape and dtype.
   * @example
   * String(tensor([1, 2])); // "tensor([1, 2], shape=[2], dtype=float32)"
   */
  toString(): string {
    return formatTensor(this);
  }

  /** What `console.log(tensor)` prints in Node: `String(tensor)`, not the internals (no node: import, so it bundles for browsers). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** A short description for messages: `"W" [2, 3] float32` or `tensor#12 [2, 3] float32`. */
  describe(): string {
    const label = this.name ? `"${this.name}"` : `tensor#${this.id}`;
    return `${label} ${fmtShape(this.shape)} ${this.dtype}`;
  }

  /**
   * A tensor with the same data that is cut off from the graph (no gradient flows through it).
   * @example
   * const c = w.mul(2).detach(); c.requiresGrad; // false
   */
  detach(): Tensor {
    const t = new Tensor(this.storage, this.shape.slice());
    t.name = this.name;
    return t;
  }

  /**
   * Clears the accumulated gradient (sets `grad` to null).
   * @example
   * w.zeroGrad(); w.grad; // null
   */
  zeroGrad(): void {
    this.grad = null;
  }
}

/** Checks a tensor name is a string, naming the caller. */
export function checkName(name: unknown, op: string): string {
  if (typeof name === "string") return name;
  throw new ValueError(`${op}: a name must be a string, got ${typeof name} (${String(name)}); e.g. x.named("W").`);
}

/** The constructor's check: a float typed array whose length is the product of `shape` (non-negative integers). */
function checkData(data: TypedArray, shape: number[]): void {
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new DTypeError(
      `Tensor: data must be a Float32Array or Float64Array, got ${(data as unknown)?.constructor?.name ?? typeof data}; use tensor(values) to convert.`,
    );
  }
  if (!Array.isArray(shape)) throw new ShapeError(`Tensor: the shape must be an array of sizes like [2, 3], got ${typeof shape}.`);
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`Tensor: invalid shape ${JSON.stringify(shape)}; a shape is an array of non-negative integers like [2, 3].`);
    }
    n *= d;
  }
  if (n !== data.length) {
    throw new ShapeError(
      `Tensor: shape ${fmtShape(shape)} needs ${n} elements but the data has ${data.length}; pass data of that length, or make the tensor with tensor(array, { shape }).`,
    );
  }
}

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = (number | NestedArray)[];
