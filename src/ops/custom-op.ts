/** @file defineOp: a user-defined differentiable op, recorded, drawn and checked like a built-in primitive. */
import { noGrad } from "../tape/grad-mode.js";
import { GradientError, ValueError } from "../errors.js";
import { call, type Expr } from "./expr.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTensor, result } from "./apply.js";
import { f1, type Primitive } from "./primitive.js";
import { primitives } from "./registry.js";

/** What `defineOp` needs to know about an op. */
export interface OpDefinition {
  /** The op's name in pictures, explain(), errors and gradcheck reports: letters and digits, not a built-in primitive's name. */
  name: string;
  /**
   * The forward: takes the input tensors and returns the output tensor. Write it with chainrule ops
   * (or any code that returns a Tensor); it runs with gradient recording off, and the op records one
   * node whose gradient comes from `vjp` alone.
   */
  forward: (...inputs: Tensor[]) => Tensor;
  /**
   * The vector–Jacobian product: from `g` = ∂L/∂out (shaped like `out`), one gradient per input
   * (null for none), each shaped like its input or like `out` (broadcast axes are summed back).
   * Written with tensor ops it is itself differentiable, so `grad(grad(f))` works through the op.
   */
  vjp: (g: Tensor, inputs: readonly Tensor[], out: Tensor) => readonly (Tensor | null)[];
  /** The local derivative as text, shown by explain() and the pictures (default: says the op is user-defined). */
  derivative?: string;
  /** The same in LaTeX. */
  latex?: string;
}

/** An op made by `defineOp`: call it on tensors like a built-in. */
export type CustomOp = (...inputs: Tensor[]) => Tensor;

/**
 * Defines a differentiable op from a forward function and its vector–Jacobian product. The op
 * records a graph node like a built-in primitive: backward applies `vjp`, pictures and explain()
 * show its name and `derivative`, and gradcheck, gradgradcheck and checkRules check it (they re-run
 * `forward`). Define an op once (at module level) and call it as often as you like.
 * @example
 * const cube = defineOp({
 *   name: "cube",
 *   forward: (x) => x.mul(x).mul(x),
 *   // ∂x³/∂x = 3x²
 *   vjp: (g, [x]) => [g.mul(x!.square().mul(3))],
 *   derivative: "∂y/∂x = 3x²",
 * });
 * (grad((x: Tensor) => cube(x).sum())(tensor([2])) as Tensor).toArray(); // [12]
 */
export function defineOp(def: OpDefinition): CustomOp {
  const { name, forward, vjp } = checkDefinition(def);
  const record: Primitive = {
    derivative: def.derivative ?? `∂${name}/∂x given by its vjp (defineOp)`,
    latex: def.latex ?? `\\frac{\\partial\\,\\operatorname{${name}}}{\\partial x}`,
    vjp: (g, inputs, out, _attrs, needs) => {
      const grads = vjp(g, inputs, out);
      if (!Array.isArray(grads) || grads.length !== inputs.length || grads.some((x) => x !== null && !(x instanceof Tensor))) {
        throw new GradientError(
          `${name}: its vjp must return an array of ${inputs.length} gradient(s) (a Tensor or null per input), got ${describe(grads)}.`,
        );
      }
      return grads.map((x, i) => (needs[i] ? x : null));
    },
    rerun: (inputs) => op(...inputs),
    glyph: [name, `\\operatorname{${name}}`],
    // one input: name′(x); several: ∂₁name(x, y), ∂₂name(x, y), …
    local: (i, ins) =>
      f1(
        ins.length === 1
          ? prime(name, ins[0]!.expr)
          : partial(
              name,
              i,
              ins.map((x) => x.expr),
            ),
      ),
  };
  const op = (...inputs: Tensor[]): Tensor => {
    inputs.forEach((x) => checkTensor(x, name));
    const out = noGrad(() => forward(...inputs));
    if (!(out instanceof Tensor)) throw new ValueError(`${name}: forward must return a Tensor, got ${describe(out)}.`);
    const t = result(name, out.storage, out.shape.slice(), inputs);
    if (t.node !== null) t.node = { ...t.node, custom: record };
    return t;
  };
  return op;
}

function checkDefinition(def: OpDefinition): OpDefinition {
  if (def === null || typeof def !== "object") throw new ValueError(`defineOp: expected { name, forward, vjp }, got ${describe(def)}.`);
  const { name } = def;
  if (typeof name !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
    throw new ValueError(
      `defineOp: name must be letters and digits starting with a letter (it is drawn and written in LaTeX), got ${JSON.stringify(name)}.`,
    );
  }
  if (Object.hasOwn(primitives, name)) {
    throw new ValueError(
      `defineOp: "${name}" is a built-in primitive; give your op another name (e.g. "my${name[0]!.toUpperCase()}${name.slice(1)}").`,
    );
  }
  if (typeof def.forward !== "function" || typeof def.vjp !== "function") {
    throw new ValueError(
      `defineOp: "${name}" needs forward and vjp functions, got forward ${typeof def.forward} and vjp ${typeof def.vjp}.`,
    );
  }
  return def;
}

function prime(name: string, a: Expr): Expr {
  return call(`${name}′`, `\\operatorname{${name}}'`, [a]);
}

function partial(name: string, i: number, args: Expr[]): Expr {
  const sub = [...String(i + 1)].map((d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]).join("");
  return call(`∂${sub}${name}`, `\\partial_{${i + 1}}\\operatorname{${name}}`, args);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return v instanceof Tensor ? v.describe() : typeof v;
}
