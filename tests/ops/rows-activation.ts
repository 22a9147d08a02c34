/** @file Op-table rows: every activation (relu with both subgradients), softmax/logSoftmax along axes, clamp. */
import * as cr from "../../src/index.js";
import { erfRef, logSoftmaxR, map, sigmoidRef, softmaxR } from "../helpers/nd-ref.js";
import { NONZERO, REAL, range, type Domain, type OpRow } from "./op-row.js";

function act(name: string, f: OpRow["f"], scalar: (x: number) => number, shape: number[], domain: Domain, extra?: Partial<OpRow>): OpRow {
  return { name, covers: [name.split(" ")[0]!], inputs: [{ shape, domain }], f, ref: (x) => map(x!, scalar), ...extra };
}

const away =
  (...kinks: number[]) =>
  ([x]: number[][]): boolean =>
    x!.every((v) => kinks.every((k) => Math.abs(v - k) > 0.05));

export const activationRows: OpRow[] = [
  act("sigmoid", (x) => x!.sigmoid(), sigmoidRef, [2, 3], range(-6, 6)),
  act("sigmoid function", (x) => cr.sigmoid(x!), sigmoidRef, [], REAL),
  act("tanh", (x) => x!.tanh(), Math.tanh, [2, 3], range(-4, 4)),
  act("tanh function", (x) => cr.tanh(x!), Math.tanh, [3, 1], REAL),
  act(
    "relu (subgradient 0)",
    (x) => x!.relu(),
    (v) => Math.max(v, 0),
    [2, 4],
    NONZERO,
  ),
  act(
    "relu (subgradient 1)",
    (x) => cr.relu(x!, { subgradient: 1 }),
    (v) => Math.max(v, 0),
    [2, 4],
    NONZERO,
  ),
  act(
    "leakyRelu default slope",
    (x) => x!.leakyRelu(),
    (v) => (v > 0 ? v : 0.01 * v),
    [2, 3],
    NONZERO,
  ),
  act(
    "leakyRelu slope 0.2",
    (x) => cr.leakyRelu(x!, 0.2),
    (v) => (v > 0 ? v : 0.2 * v),
    [5],
    NONZERO,
  ),
  act(
    "elu",
    (x) => x!.elu(),
    (v) => (v > 0 ? v : Math.expm1(v)),
    [2, 3],
    range(-3, 3),
    { accept: away(0) },
  ),
  act(
    "elu alpha 0.5",
    (x) => cr.elu(x!, 0.5),
    (v) => (v > 0 ? v : 0.5 * Math.expm1(v)),
    [4],
    NONZERO,
  ),
  act(
    "gelu",
    (x) => x!.gelu(),
    (v) => 0.5 * v * (1 + erfRef(v / Math.SQRT2)),
    [2, 3],
    range(-3, 3),
    {
      fwdTol: { rtol: 1e-12, atol: 1e-12 },
    },
  ),
  act(
    "softplus",
    (x) => x!.softplus(),
    (v) => Math.log1p(Math.exp(v)),
    [2, 3],
    range(-5, 5),
  ),
  act(
    "logSigmoid",
    (x) => x!.logSigmoid(),
    (v) => -Math.log1p(Math.exp(-v)),
    [2, 3],
    range(-6, 6),
    {
      // log σ(−1000) = −1000 − log1p(e⁻¹⁰⁰⁰) = −1000; ∂/∂x = σ(−x)
      stability: { value: (v) => (v < -100 ? v : -Math.log1p(Math.exp(-v))), grad: (v) => sigmoidRef(-v) },
    },
  ),
  act(
    "logSigmoid function",
    (x) => cr.logSigmoid(x!),
    (v) => Math.log(sigmoidRef(v)),
    [4, 1],
    REAL,
  ),
  act(
    "silu",
    (x) => cr.silu(x!),
    (v) => v * sigmoidRef(v),
    [2, 3],
    range(-4, 4),
  ),
  act(
    "silu method",
    (x) => x!.silu(),
    (v) => v * sigmoidRef(v),
    [3],
    REAL,
  ),
  {
    name: "softmax default axis [2,3,4]",
    covers: ["softmax"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => x!.softmax(),
    ref: (x) => softmaxR(x!),
  },
  {
    name: "softmax axis 0 [3,2]",
    covers: ["softmax"],
    inputs: [{ shape: [3, 2] }],
    f: (x) => cr.softmax(x!, 0),
    ref: (x) => softmaxR(x!, 0),
  },
  { name: "softmax [5]", covers: ["softmax"], inputs: [{ shape: [5] }], f: (x) => cr.softmax(x!), ref: (x) => softmaxR(x!) },
  {
    name: "softmax size-1 axis [3,1]",
    covers: ["softmax"],
    inputs: [{ shape: [3, 1] }],
    f: (x) => cr.softmax(x!, 1),
    ref: (x) => softmaxR(x!, 1),
  },
  {
    name: "logSoftmax default axis [2,3,4]",
    covers: ["logSoftmax"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => x!.logSoftmax(),
    ref: (x) => logSoftmaxR(x!),
  },
  {
    name: "logSoftmax axis 1 [2,3,4]",
    covers: ["logSoftmax"],
    inputs: [{ shape: [2, 3, 4] }],
    f: (x) => cr.logSoftmax(x!, 1),
    ref: (x) => logSoftmaxR(x!, 1),
  },
  act(
    "clamp [-0.5, 0.7]",
    (x) => x!.clamp(-0.5, 0.7),
    (v) => Math.min(Math.max(v, -0.5), 0.7),
    [3, 4],
    REAL,
    { accept: away(-0.5, 0.7) },
  ),
  act(
    "clamp lo only",
    (x) => cr.clamp(x!, 0),
    (v) => Math.max(v, 0),
    [2, 3],
    NONZERO,
  ),
  act(
    "clamp hi only",
    (x) => cr.clamp(x!, -Infinity, 0.5),
    (v) => Math.min(v, 0.5),
    [5],
    REAL,
    { accept: away(0.5) },
  ),
];
