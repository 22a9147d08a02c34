/** @file Function transforms in the style of JAX: grad, valueAndGrad, vjp, jvp, jacobian, hessian — composable. */
import { GradientError, ShapeError, ValueError } from "../errors.js";
import { sameShape } from "../tensor/shape.js";
import { mul } from "../ops/binary.js";
import { reshape } from "../ops/movement.js";
import { stack } from "../ops/shape-composites.js";
import { sum } from "../ops/reduce.js";
import { zerosLike } from "../tensor/create.js";
import { tensor } from "../tensor/from-data.js";
import { Tensor } from "../tensor/tensor.js";
import { gradients } from "./backward.js";
import { isGradEnabled } from "../tape/grad-mode.js";

/** Options of `grad` and `valueAndGrad`. */
export interface GradOptions {
  /** Which positional arguments to differentiate: one index (default 0) gives one Tensor, an array gives an array. */
  argnums?: number | number[];
}

type Fn = (...args: Tensor[]) => Tensor;

let depth = 0;

/** Runs `f` one transform level deeper (arguments seen inside belong to an outer transform). */
function traced<T>(f: () => T): T {
  depth++;
  try {
    return f();
  } finally {
    depth--;
  }
}

/**
 * Prepares the differentiated arguments. Inside another transform, an argument that requires grad
 * belongs to the outer level: it is used as is and the result keeps its graph, so transforms nest.
 * Otherwise each becomes a fresh leaf over the same data, and the result is a plain constant.
 */
function asLeaves(args: unknown[], nums: number[], op: string): { args: Tensor[]; targets: Tensor[]; nested: boolean } {
  const out = args.map((a) => (typeof a === "number" ? tensor(a) : a)) as Tensor[];
  let nested = false;
  for (const i of nums) {
    if (i < 0 || i >= args.length || !Number.isInteger(i))
      throw new ValueError(`${op}: argnums ${i} is out of range for ${args.length} argument(s).`);
    const a = out[i];
    if (!(a instanceof Tensor)) throw new ValueError(`${op}: argument ${i} must be a Tensor or a number, got ${typeof a}.`);
    if (depth > 0 && a.requiresGrad && isGradEnabled()) nested = true;
    else out[i] = new Tensor(a.store, a.shape.slice(), true);
  }
  return { args: out, targets: nums.map((i) => out[i]!), nested };
}

function checkScalarOutput(y: unknown, op: string): Tensor {
  if (!(y instanceof Tensor)) throw new ValueError(`${op}: the function must return a Tensor, got ${typeof y}.`);
  if (y.size !== 1) {
    throw new GradientError(
      `${op}: the function returned ${y.describe()}; grad needs a scalar output. Reduce it (sum, mean) or use jacobian/vjp for vector outputs.`,
    );
  }
  return y;
}

/**
 * The value of `f` and its gradient with respect to `opts.argnums`.
 * @example
 * const [v, g] = valueAndGrad((x) => x.square().sum())(tensor([1, 2]));
 * v.item(); // 5
 * g.toArray(); // [2, 4]
 */
export function valueAndGrad(f: Fn, opts?: GradOptions): (...args: (Tensor | number)[]) => [Tensor, Tensor | Tensor[]] {
  const argnums = opts?.argnums ?? 0;
  const nums = typeof argnums === "number" ? [argnums] : argnums;
  return (...rawArgs) => {
    const { args, targets, nested } = asLeaves(rawArgs, nums, "grad");
    const y = checkScalarOutput(
      traced(() => f(...args)),
      "grad",
    );
    const grads = y.requiresGrad ? gradients(y, targets, undefined, { createGraph: nested }) : targets.map((t) => zerosLike(t));
    const value = nested ? y : y.detach();
    return [value, typeof argnums === "number" ? grads[0]! : grads];
  };
}

/**
 * The gradient of a scalar function: `grad(f)(x)` is ∂f/∂x. Composes: `grad(grad(f))` is the second derivative.
 * @example
 * grad((x) => x.pow(3).sum())(tensor([2])).toArray(); // [12]
 * grad(grad((x) => x.pow(3).sum()))(tensor([2])).toArray(); // [12]  (6x at 2)
 */
export function grad(f: Fn, opts?: GradOptions): (...args: (Tensor | number)[]) => Tensor | Tensor[] {
  const vg = valueAndGrad(f, opts);
  return (...args) => vg(...args)[1];
}

/**
 * Evaluates `f` and returns its pullback: `pullback(ct)` gives ctᵀ·∂f/∂xᵢ for every primal.
 * @example
 * const [y, pullback] = vjp((x) => x.mul(3), tensor([1, 2]));
 * pullback(tensor([1, 1]))[0].toArray(); // [3, 3]
 */
export function vjp(f: Fn, ...primals: Tensor[]): [Tensor, (cotangent: Tensor) => Tensor[]] {
  const { args, targets, nested } = asLeaves(
    primals,
    primals.map((_, i) => i),
    "vjp",
  );
  const y = traced(() => f(...args));
  const pullback = (ct: Tensor): Tensor[] =>
    y.requiresGrad ? gradients(y, targets, ct, { createGraph: nested || ct.requiresGrad }) : targets.map((t) => zerosLike(t));
  return [nested ? y : y.detach(), pullback];
}

/**
 * Forward-mode product: `f(primals)` and J·tangents, computed by transposing a VJP (the double-VJP trick).
 * @example
 * const [y, t] = jvp((x) => x.square(), [tensor([3])], [tensor([1])]);
 * t.toArray(); // [6]
 */
export function jvp(f: Fn, primals: Tensor[], tangents: Tensor[]): [Tensor, Tensor] {
  if (primals.length !== tangents.length)
    throw new ValueError(`jvp: ${primals.length} primals but ${tangents.length} tangents; give one tangent per primal.`);
  primals.forEach((p, i) => {
    const t = tangents[i];
    if (!(t instanceof Tensor) || !sameShape(t.shape, p.shape) || t.dtype !== p.dtype) {
      throw new ShapeError(
        `jvp: tangent ${i} must be shaped and typed like its primal ${p.describe()}, got ${t instanceof Tensor ? t.describe() : typeof t}.`,
      );
    }
  });
  const { args, targets, nested } = asLeaves(
    primals,
    primals.map((_, i) => i),
    "jvp",
  );
  const y = traced(() => f(...args));
  if (!y.requiresGrad) return [y, zerosLike(y)];
  // u is a dummy cotangent; g(u) = uᵀJ is linear in u, so ∂(g·t)/∂u = J t
  const u = new Tensor(zerosLike(y).storage, y.shape.slice(), true);
  const gs = gradients(y, targets, u, { createGraph: true });
  let total: Tensor | null = null;
  gs.forEach((g, i) => {
    const term = sum(mul(g, tangents[i]!));
    total = total ? total.add(term) : term;
  });
  const [jt] = total && (total as Tensor).requiresGrad ? gradients(total, [u], undefined, { createGraph: nested }) : [zerosLike(y)];
  return [nested ? y : y.detach(), jt!];
}

/**
 * The Jacobian of `f` at `x` (first argument), shaped `[...f(x).shape, ...x.shape]`, one VJP per output element.
 * @example
 * jacobian((x) => x.mul(tensor([1, 2])))(tensor([5, 5])).toArray(); // [[1, 0], [0, 2]]
 */
export function jacobian(f: Fn): (x: Tensor, ...rest: Tensor[]) => Tensor {
  return (x, ...rest) => {
    const { args, targets, nested } = asLeaves([x, ...rest], [0], "jacobian");
    const y = traced(() => f(...args));
    const target = targets[0]!;
    const rows: Tensor[] = [];
    for (let i = 0; i < y.size; i++) {
      const e = zerosLike(y);
      e.storage[i] = 1;
      rows.push(y.requiresGrad ? gradients(y, [target], e, { createGraph: nested })[0]! : zerosLike(target));
    }
    if (rows.length === 0) return zerosLike(reshape(target, [0, ...target.shape]));
    return reshape(stack(rows, 0), [...y.shape, ...target.shape]);
  };
}

/**
 * The Hessian of a scalar function: jacobian(grad(f)).
 * @example
 * hessian((x) => x.square().sum())(tensor([1, 2])).toArray(); // [[2, 0], [0, 2]]
 */
export function hessian(f: Fn): (x: Tensor, ...rest: Tensor[]) => Tensor {
  return jacobian(grad(f) as Fn);
}
