/** @file The Tensor: a contiguous storage with a shape, a dtype, and (when computed) the graph node that made it. */
import type { GraphNode } from "../tape/node.js";
import type { DType, TypedArray } from "./dtype.js";
import { backend, backendNamed } from "../backends/registry.js";
import { exposeStorage, type Storage } from "../backends/storage.js";
import { fmtShape, stridesOf } from "./shape.js";
import { formatTensor } from "./format.js";
import { nest, type NestedArray } from "./nest.js";
import {
  checkAssignedData,
  checkCanMove,
  checkCanRequireGrad,
  checkData,
  checkGradFits,
  checkName,
  checkOneElement,
  checkRequiresGrad,
  checkSyncRead,
  isStorageHandle,
  notAGradient,
} from "./tensor-checks.js";

let nextId = 1;

/**
 * An n-dimensional array of float32 or float64 numbers (or int32 indices) that remembers how it was computed,
 * so that `backward()` can apply the chain rule. Create one with `tensor`, `zeros`, `randn`, ...
 * Operations are methods (`x.mul(2)`) and functions (`mul(x, 2)`); see the API list in the README.
 * @example
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.square().sum().backward();
 * x.grad?.toArray(); // [2, 4, 6]
 */
export class Tensor {
  /**
   * Internal: the storage handle its backend owns (shared by `detach` and `reshape` views), with
   * the version counter backward checks. See docs/storage.md.
   * @internal
   */
  store: Storage;
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
  private _requiresGrad: boolean;

  /** `data`: a typed array (wrapped by the current backend, no copy) or a storage handle to share. */
  constructor(data: TypedArray | Storage, shape: number[], requiresGrad = false, node: GraphNode | null = null) {
    // kernel outputs arrive as storage handles (made by the op, valid by construction): checked first
    if (isStorageHandle(data)) this.store = data;
    else {
      checkData(data, shape);
      const b = backend();
      this.store = b.storage.fromHost(b, data);
    }
    this.shape = shape;
    this.dtype = this.store.dtype;
    this._requiresGrad = requiresGrad;
    this.node = node;
    this.id = nextId++;
    if (requiresGrad) checkCanRequireGrad(this);
  }

  /**
   * Internal: the typed array kernels read and write (the host backends' storage payload).
   * Not for users: read values with `dataSync()`/`toArray()` or `await dataAsync()`, write through `data`.
   * @internal
   */
  get storage(): TypedArray {
    return this.store.payload;
  }

  /**
   * Row-major contiguous data, readable and writable in place, on backends that read synchronously
   * (js, wasm). Once handed out here the array may change at any time: backends stop caching copies
   * of it, and backward checks a content hash of it where a graph node saved it.
   * @example
   * const w = tensor([1, 2]); w.data[0] = 5; w.toArray(); // [5, 2]
   */
  get data(): TypedArray {
    const s = this.store;
    if (!s.exposed) {
      checkSyncRead(this, "data", "await t.dataAsync() for a copy, or write with t.data = array");
      exposeStorage(s);
    }
    return s.payload;
  }

  set data(value: TypedArray) {
    checkAssignedData(this, value);
    // a new storage one version on: graph nodes that saved the old values see the change, views keep
    // the old array (as before); the caller keeps `value`, so it is handed out from the start
    const owner = this.store.backend;
    const next = owner.storage.fromHost(owner, value);
    next.version = this.store.version + 1;
    if (owner.storage.readSync) exposeStorage(next);
    this.store = next;
  }

  /** The gradient accumulated by `backward()`, or null. Assign null, or a tensor of this shape and dtype. */
  get grad(): Tensor | null {
    return this._grad;
  }

  set grad(value: Tensor | null) {
    if (value !== null && !(value instanceof Tensor)) throw notAGradient(this, value);
    if (value !== null) checkGradFits(this, value);
    this._grad = value;
  }

  /** Whether gradients flow to (or through) this tensor. Settable on leaves only. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    checkRequiresGrad(this, value);
    this._requiresGrad = value;
  }

  /**
   * The name of the backend whose storage holds the values (see `to`).
   * @example
   * tensor([1]).to("js").backend; // "js"
   */
  get backend(): string {
    return this.store.backend.name;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return this.store.length;
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
   * The values as nested arrays (a plain number for a 0-d tensor), on backends that read synchronously.
   * @example
   * tensor([[1, 2], [3, 4]]).toArray(); // [[1, 2], [3, 4]]
   */
  toArray(): number | NestedArray {
    checkSyncRead(this, "toArray", "await t.array()");
    return nest(this.storage, this.shape);
  }

  /**
   * The value of a one-element tensor as a number, on backends that read synchronously.
   * @example
   * tensor([[3]]).item(); // 3
   */
  item(): number {
    checkOneElement(this);
    checkSyncRead(this, "item", "(await t.dataAsync())[0]");
    return this.storage[0]!;
  }

  /**
   * A copy of the values as a flat typed array (row-major), on backends that read synchronously.
   * @example
   * tensor([[1, 2], [3, 4]]).dataSync(); // Float32Array [1, 2, 3, 4]
   */
  dataSync(): TypedArray {
    checkSyncRead(this, "dataSync", "await t.dataAsync()");
    return this.store.backend.storage.readSync!(this.store);
  }

  /**
   * A copy of the values as a flat typed array (row-major), on every backend (a GPU backend reads
   * its buffers asynchronously). The synchronous forms are `dataSync()` and the `data` array.
   * @example
   * const values = await tensor([[1, 2], [3, 4]]).dataAsync(); // Float32Array [1, 2, 3, 4]
   */
  dataAsync(): Promise<TypedArray> {
    return this.store.backend.storage.read(this.store);
  }

  /**
   * The values as nested arrays (a plain number for a 0-d tensor), on every backend.
   * @example
   * const rows = await tensor([[1, 2], [3, 4]]).array(); // [[1, 2], [3, 4]]
   */
  async array(): Promise<number | NestedArray> {
    return nest(await this.dataAsync(), this.shape);
  }

  /**
   * The same values on another backend: a new tensor whose storage that backend owns (this tensor
   * itself when it is there already). A leaf keeps its name and `requiresGrad`; moving is not
   * differentiable, so a computed tensor that requires grad cannot move (move the leaves instead).
   * @example
   * const w = tensor([1, 2]).to("js"); w.toArray(); // [1, 2]
   */
  to(backendName: string): Tensor {
    const target = backendNamed(backendName, "to");
    if (target === this.store.backend) return this;
    checkCanMove(this, backendName);
    checkSyncRead(this, "to", `tensor(await t.dataAsync(), { shape: t.shape }) after await setBackend("${backendName}")`);
    const t = new Tensor(
      target.storage.fromHost(target, this.store.backend.storage.readSync!(this.store)),
      this.shape.slice(),
      this.requiresGrad,
    );
    t.name = this.name;
    return t;
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
    const t = new Tensor(this.store, this.shape.slice());
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
