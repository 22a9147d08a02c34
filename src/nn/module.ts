/** @file Module: the base of every layer — registered parameters and children, dotted names, train/eval mode, freezing. */
import { namedScope } from "../tape/scope.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { summarize } from "./summary.js";
import { checkBuffer, checkKey, checkParameter, lengthenNames, nameParameter, selectParameters } from "./registration.js";
import { collectState, loadState } from "./state-dict.js";

/**
 * The base class of layers and models. A module owns parameters (leaf tensors with `requiresGrad`)
 * and child modules, registered under names so that `namedParameters()` yields dotted paths such as
 * `layers.0.weight` (the names PyTorch would use, and the keys of a saved file).
 * Subclasses implement `forward`; built-in modules run it inside `namedScope` so graph pictures
 * draw each layer as one cluster.
 * @example
 * class Affine extends Module {
 *   w = this.registerParameter("w", tensor([2], { requiresGrad: true }));
 *   forward(x: Tensor) { return this.scoped(() => x.mul(this.w)); }
 * }
 * new Affine().namedParameters(); // [["w", tensor([2])]]
 */
export abstract class Module {
  /** True in training mode (the default); `eval()` switches it off (Dropout becomes the identity). */
  training = true;
  private readonly params = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();
  private readonly buffers = new Map<string, Tensor>();
  /** The name this module has inside its parent ("" for a root). */
  private key = "";

  /** Computes the module's output. */
  abstract forward(input: Tensor, ...rest: Tensor[]): Tensor;

  /** The label used for this module's graph cluster: the class name, with its key inside the parent (`0:Linear`). */
  get scopeName(): string {
    return this.key ? `${this.key}:${this.constructor.name}` : this.constructor.name;
  }

  /**
   * Runs `fn` inside this module's named scope (see `namedScope`), for use in `forward`.
   * @example
   * forward(x: Tensor) { return this.scoped(() => x.relu()); }
   */
  protected scoped<T>(fn: () => T): T {
    return namedScope(this.scopeName, fn);
  }

  /**
   * Registers a parameter under `name` and returns it. Unnamed tensors get `name` for pictures.
   * @example
   * this.weight = this.registerParameter("weight", zeros([3, 2], { requiresGrad: true }));
   */
  protected registerParameter(name: string, param: Tensor): Tensor {
    checkParameter(name, param, this.children.has(name), this.constructor.name);
    this.params.set(name, param);
    nameParameter(param, name);
    return param;
  }

  /**
   * Registers a buffer under `name` and returns it: state that is saved and loaded with the
   * parameters but not trained (BatchNorm's `running_mean`), so optimizers never see it.
   * @example
   * this.runningMean = this.registerBuffer("running_mean", zeros([4]));
   */
  protected registerBuffer(name: string, buffer: Tensor): Tensor {
    checkBuffer(name, buffer, this.params.has(name) || this.children.has(name), this.constructor.name);
    this.buffers.set(name, buffer);
    return buffer;
  }

  /**
   * `[name, buffer]` pairs with dotted names (`layers.1.running_mean`), own first, then the children's.
   * @example
   * new BatchNorm1d(3).namedBuffers().map(([n]) => n); // ["running_mean", "running_var"]
   */
  namedBuffers(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const walk = (m: Module, pre: string): void => {
      for (const [k, b] of m.buffers) out.push([pre + k, b]);
      for (const [k, c] of m.children) walk(c, `${pre}${k}.`);
    };
    walk(this, prefix ? `${prefix}.` : "");
    return out;
  }

  /**
   * Registers a child module under `name` (its parameters appear as `name.…`) and returns it.
   * @example
   * this.fc = this.registerModule("fc", new Linear(4, 2));
   */
  protected registerModule<M extends Module>(name: string, child: M): M {
    checkKey(name, "registerModule");
    if (!(child instanceof Module)) throw new ValueError(`registerModule: "${name}" must be a Module, got ${typeof child}.`);
    if (this.params.has(name)) throw new ValueError(`registerModule: "${name}" is already a parameter of ${this.constructor.name}.`);
    this.children.set(name, child);
    child.key = name;
    lengthenNames(child.namedParameters(name));
    return child;
  }

  /**
   * All parameters (own first, then the children's, in registration order), frozen ones included.
   * @example
   * const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
   */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * `[name, parameter]` pairs with dotted names (`layers.0.weight`); a tensor shared by two modules appears once.
   * @example
   * new Linear(2, 1).namedParameters().map(([n]) => n); // ["weight", "bias"]
   */
  namedParameters(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const walk = (m: Module, pre: string): void => {
      for (const [k, p] of m.params) {
        if (!seen.has(p)) {
          seen.add(p);
          out.push([pre + k, p]);
        }
      }
      for (const [k, c] of m.children) walk(c, `${pre}${k}.`);
    };
    walk(this, prefix ? `${prefix}.` : "");
    return out;
  }

  /**
   * `[name, module]` pairs for this module ("") and every descendant.
   * @example
   * new MLP([2, 3, 1]).namedModules().map(([n]) => n); // ["", "layers", "layers.0", "layers.1", "layers.2"]
   */
  namedModules(): [string, Module][] {
    const out: [string, Module][] = [];
    const walk = (m: Module, path: string): void => {
      out.push([path, m]);
      for (const [k, c] of m.children) walk(c, path ? `${path}.${k}` : k);
    };
    walk(this, "");
    return out;
  }

  /**
   * The direct child modules.
   * @example
   * new Sequential(new Linear(2, 2), new ReLU()).childModules().length; // 2
   */
  childModules(): Module[] {
    return [...this.children.values()];
  }

  /**
   * Clears the gradient of every parameter (sets `grad` to null).
   * @example
   * model.zeroGrad(); loss.backward();
   */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Sets training mode (default true) on this module and all descendants; returns this.
   * @example
   * model.train(); // dropout active
   */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /**
   * Sets evaluation mode (`train(false)`): dropout off; returns this.
   * @example
   * const yHat = model.eval().forward(x);
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Stops gradients for the parameters named `name` — an exact name (`layers.0.weight`) or a prefix of
   * child modules (`layers.0`); all parameters when no name is given. Optimizers skip frozen parameters.
   * Same as setting `param.requiresGrad = false`. Returns this.
   * @example
   * model.freeze("layers.0"); // the first layer stays fixed while training
   */
  freeze(name?: string): this {
    for (const p of selectParameters(this.namedParameters(), name, "freeze")) p.requiresGrad = false;
    return this;
  }

  /**
   * Undoes `freeze` for the parameters named `name` (all when no name is given); returns this.
   * @example
   * model.unfreeze("layers.0");
   */
  unfreeze(name?: string): this {
    for (const p of selectParameters(this.namedParameters(), name, "unfreeze")) p.requiresGrad = true;
    return this;
  }

  /**
   * The number of parameter entries (frozen ones included).
   * @example
   * new MLP([784, 256, 10]).numParameters(); // 784·256 + 256 + 256·10 + 10 = 203530
   */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Settings shown inside the parentheses of `toString()` (e.g. Linear's sizes); override in subclasses. */
  protected extraRepr(): string {
    return "";
  }

  /**
   * The module tree in PyTorch's style, one child per line.
   * @example
   * String(new MLP([2, 3, 1])); // "MLP(\n  (layers): Sequential(\n    (0): Linear(2 → 3)\n ..."
   */
  toString(): string {
    const extra = this.extraRepr();
    if (this.children.size === 0) return `${this.constructor.name}(${extra})`;
    const lines = [...this.children].map(([k, c]) => `  (${k}): ${String(c).split("\n").join("\n  ")}`);
    return `${this.constructor.name}(${extra}${extra ? "," : ""}\n${lines.join("\n")}\n)`;
  }

  /**
   * A table of the layers: each leaf module (and each module with parameters of its own) by dotted
   * path, the shapes it outputs for `example` (run once in eval mode without a graph; nothing is
   * changed) or, without an example, its parameters' shapes, its parameter count, and the total.
   * @example
   * const net = new Sequential(new Linear(2, 8, { seed: 0 }), new ReLU(), new Linear(8, 1, { seed: 1 }));
   * console.log(net.summary(zeros([4, 2])));
   * // Layer       Output shape  Count
   * // ───────────────────────────────
   * // Input       [4, 2]
   * // 0 (Linear)  [4, 8]           24
   * // 1 (ReLU)    [4, 8]            0
   * // 2 (Linear)  [4, 1]            9
   * // ───────────────────────────────
   * // Total: 33 parameters (33 trainable, 0 frozen)
   */
  summary(example?: Tensor): string {
    return summarize(this, example, (m) => [...m.params]);
  }

  /** What `console.log(module)` prints in Node: the tree of `toString()`, not the fields. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * The parameters and buffers, module by module (PyTorch's order), as a name → tensor record (the tensors
   * themselves, not copies), without a prototype so that any name (even "__proto__") is an ordinary key.
   * @example
   * Object.keys(new Linear(2, 1).stateDict()); // ["weight", "bias"]
   */
  stateDict(): Record<string, Tensor> {
    return collectState(this.namedModules(), (m) => [m.params, m.buffers]);
  }

  /**
   * Copies values into the parameters, in place. Everything is checked first (every name present,
   * shapes and dtypes equal; unknown names are an error when `strict`, the default), so a failed load
   * changes nothing.
   * @example
   * other.loadStateDict(model.stateDict());
   */
  loadStateDict(state: Record<string, Tensor>, opts: { strict?: boolean } = {}): void {
    loadState(this, state, opts);
  }
}
