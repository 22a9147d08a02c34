/** @file Interprets the op-list programs of tests/fixtures/torch-golden.json with chainrule. */
import * as cr from "../../src/index.js";
import type { SliceSpec, Tensor } from "../../src/index.js";

/** One step: `out = op(args…)` with the op's attributes; string args name earlier values, numbers are literals. */
export interface GoldenOp {
  out: string;
  op: string;
  args: (string | number)[];
  [attr: string]: unknown;
}

/** A stored tensor: shape and flat row-major data. */
export interface GoldenTensor {
  shape: number[];
  data: number[];
}

/** One program with PyTorch's results. */
export interface GoldenProgram {
  name: string;
  inputs: ({ name: string } & GoldenTensor)[];
  ops: GoldenOp[];
  output: string;
  values: Record<string, GoldenTensor>;
  grads: Record<string, number[]>;
  hvpDirection: Record<string, number[]>;
  hvp: Record<string, number[]>;
}

type Arg = Tensor | number;
type Attrs = Record<string, unknown>;

const t = (a: Arg): Tensor => {
  if (typeof a === "number") throw new Error("expected a tensor operand, got a number");
  return a;
};

const unary: Record<string, (x: Tensor) => Tensor> = {
  neg: cr.neg,
  exp: cr.exp,
  log: cr.log,
  sqrt: cr.sqrt,
  abs: cr.abs,
  square: cr.square,
  reciprocal: cr.reciprocal,
  erf: cr.erf,
  expm1: cr.expm1,
  log1p: cr.log1p,
  sin: cr.sin,
  cos: cr.cos,
  sigmoid: cr.sigmoid,
  tanh: cr.tanh,
  relu: (x) => cr.relu(x),
  softplus: cr.softplus,
  gelu: cr.gelu,
  silu: cr.silu,
  flatten: cr.flatten,
};

const binary: Record<string, (a: cr.TensorLike, b: cr.TensorLike) => Tensor> = {
  add: cr.add,
  sub: cr.sub,
  mul: cr.mul,
  div: cr.div,
  pow: cr.pow,
  maximum: cr.maximum,
  minimum: cr.minimum,
};

const reducers = { sum: cr.sum, mean: cr.mean, max: cr.max, min: cr.min, logsumexp: cr.logsumexp };

const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

function sliceSpec(s: unknown): SliceSpec {
  if (typeof s === "number") return s;
  const o = s as { start: number | null; stop: number | null; step: number | null };
  return { start: orUndefined(o.start), stop: orUndefined(o.stop), step: orUndefined(o.step) };
}

/** Applies one op of the language. */
export function applyGoldenOp(op: string, args: Arg[], at: Attrs): Tensor {
  const x = args[0]!;
  if (op in unary) return unary[op]!(t(x));
  if (op in binary) return binary[op]!(args[0]!, args[1]!);
  if (op in reducers)
    return reducers[op as keyof typeof reducers](t(x), orUndefined(at["axis"] as number[] | null), at["keepdims"] as boolean);
  switch (op) {
    case "elu":
      return cr.elu(t(x), at["alpha"] as number);
    case "leakyRelu":
      return cr.leakyRelu(t(x), at["slope"] as number);
    case "clamp":
      return cr.clamp(t(x), at["lo"] as number, at["hi"] as number);
    case "where":
      return cr.where(cr.gt(t(x), args[1]!), args[2]!, args[3]!);
    case "matmul":
      return cr.matmul(t(x), t(args[1]!), { transA: !!at["transA"], transB: !!at["transB"] });
    case "dot":
      return cr.dot(t(x), t(args[1]!));
    case "outer":
      return cr.outer(t(x), t(args[1]!));
    case "softmax":
      return cr.softmax(t(x), at["axis"] as number);
    case "logSoftmax":
      return cr.logSoftmax(t(x), at["axis"] as number);
    case "reshape":
      return cr.reshape(t(x), at["shape"] as number[]);
    case "transpose":
      return cr.transpose(t(x), orUndefined(at["perm"] as number[] | null));
    case "expand":
      return cr.expand(t(x), at["shape"] as number[]);
    case "squeeze":
      return cr.squeeze(t(x), at["axis"] as number);
    case "unsqueeze":
      return cr.unsqueeze(t(x), at["axis"] as number);
    case "slice":
      return cr.slice(t(x), ...(at["specs"] as unknown[]).map(sliceSpec));
    case "concat":
      return cr.concat(args.map(t), at["axis"] as number);
    case "stack":
      return cr.stack(args.map(t), at["axis"] as number);
    default:
      throw new Error(`golden program: unknown op "${op}"`);
  }
}

/** Runs a program on float64 leaves that require grad; returns the leaves and every named value. */
export function runGoldenProgram(p: GoldenProgram): { inputs: Tensor[]; values: Map<string, Tensor> } {
  const values = new Map<string, Tensor>();
  const inputs = p.inputs.map((x) => {
    const leaf = cr.tensor(Float64Array.from(x.data), { shape: x.shape, requiresGrad: true, name: x.name });
    values.set(x.name, leaf);
    return leaf;
  });
  for (const step of p.ops) {
    const args = step.args.map((a) => {
      if (typeof a === "number") return a;
      const v = values.get(a);
      if (!v) throw new Error(`${p.name}: "${step.out}" uses "${a}" before it is defined`);
      return v;
    });
    values.set(step.out, applyGoldenOp(step.op, args, step));
  }
  return { inputs, values };
}
