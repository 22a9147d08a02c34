/** @file The functions `derive` knows: arity, spelling aliases, numeric value and domain. */
import { erfScalar, sigmoidScalar, softplusScalar } from "../backends/js/elementwise.js";
import type { FnName } from "./expr.js";

/** What the parser and the evaluator know about one function. */
export interface FnInfo {
  readonly arity: 1 | 2;
  /** The value at plain numbers (float64). */
  value(...a: number[]): number;
  /** Why the arguments are outside the domain, or null when they are inside. */
  domain?(...a: number[]): string | null;
  /** Names that can be written for it besides its own. */
  readonly aliases?: readonly string[];
  /** Not written by users: made by the derivative rules only. */
  readonly internal?: boolean;
}

const positive = (what: string) => (a: number) => (a > 0 ? null : `${what} needs a positive argument, got ${a}`);

/** Every function, by its canonical name. */
export const FUNCTIONS: { readonly [F in FnName]: FnInfo } = {
  exp: { arity: 1, value: Math.exp },
  log: { arity: 1, value: Math.log, domain: positive("log"), aliases: ["ln"] },
  sqrt: {
    arity: 1,
    value: Math.sqrt,
    domain: (a) => (a >= 0 ? null : `sqrt needs a non-negative argument, got ${a}`),
    aliases: ["√"],
  },
  abs: { arity: 1, value: Math.abs },
  sin: { arity: 1, value: Math.sin },
  cos: { arity: 1, value: Math.cos },
  tan: { arity: 1, value: Math.tan, domain: (a) => (Math.abs(Math.cos(a)) > 1e-15 ? null : `tan is undefined at ${a} (cos = 0)`) },
  atan: { arity: 1, value: Math.atan, aliases: ["arctan"] },
  sinh: { arity: 1, value: Math.sinh },
  cosh: { arity: 1, value: Math.cosh },
  tanh: { arity: 1, value: Math.tanh },
  sigmoid: { arity: 1, value: sigmoidScalar, aliases: ["σ", "sigma"] },
  relu: { arity: 1, value: (a) => (a > 0 ? a : 0), aliases: ["ReLU", "Relu"] },
  softplus: { arity: 1, value: softplusScalar },
  erf: { arity: 1, value: erfScalar },
  expm1: { arity: 1, value: Math.expm1 },
  log1p: { arity: 1, value: Math.log1p, domain: (a) => (a > -1 ? null : `log1p needs an argument above −1, got ${a}`) },
  max: { arity: 2, value: Math.max },
  min: { arity: 2, value: Math.min },
  sign: { arity: 1, value: (a) => Math.sign(a) },
  step: { arity: 1, value: (a) => (a > 0 ? 1 : 0) },
  tie: { arity: 1, value: (a) => (a > 0 ? 1 : a === 0 ? 0.5 : 0), internal: true },
};

/** Resolves a written name (or alias) to a function, or undefined. */
export function lookupFunction(name: string): FnName | undefined {
  for (const [fn, info] of Object.entries(FUNCTIONS) as [FnName, FnInfo][]) {
    if (info.internal) continue;
    if (fn === name || info.aliases?.includes(name)) return fn;
  }
  return undefined;
}

/** The names a user may write, for error messages. */
export const USER_FUNCTIONS: readonly string[] = (Object.keys(FUNCTIONS) as FnName[]).filter((f) => !FUNCTIONS[f].internal);
