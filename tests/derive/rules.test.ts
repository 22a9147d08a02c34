/** @file Every symbolic rule of derive (src/derive/rules.ts) agrees with the autodiff's VJP of the same primitive. */
import { describe, expect, it } from "vitest";
import { add, call, num, variable, type Expr } from "../../src/derive/expr.js";
import { evaluateExpr } from "../../src/derive/evaluate.js";
import { compositeRules, primitiveRules, type ScalarPrimitive } from "../../src/derive/rules.js";
import { derivativeRules, ones, tensor, gradients, type Tensor } from "../../src/index.js";
import * as ops from "../../src/index.js";
import { buildGraph } from "../../src/derive/autodiff.js";
import { TestRng } from "../helpers/test-rng.js";

const a = variable("a");
const b = variable("b");

/** The tree whose derivative the rule gives, and the public chainrule op of the primitive. */
const CASES: { readonly [P in ScalarPrimitive]: { node: Expr; op: (...t: Tensor[]) => Tensor; domain: [number, number] } } = {
  neg: { node: { kind: "neg", arg: a }, op: ops.neg, domain: [-3, 3] },
  exp: { node: call("exp", a), op: ops.exp, domain: [-3, 3] },
  log: { node: call("log", a), op: ops.log, domain: [0.1, 5] },
  sqrt: { node: call("sqrt", a), op: ops.sqrt, domain: [0.1, 5] },
  abs: { node: call("abs", a), op: ops.abs, domain: [-3, 3] },
  sigmoid: { node: call("sigmoid", a), op: ops.sigmoid, domain: [-6, 6] },
  tanh: { node: call("tanh", a), op: ops.tanh, domain: [-4, 4] },
  relu: { node: call("relu", a), op: (x) => ops.relu(x), domain: [-3, 3] },
  softplus: { node: call("softplus", a), op: ops.softplus, domain: [-6, 6] },
  erf: { node: call("erf", a), op: ops.erf, domain: [-3, 3] },
  expm1: { node: call("expm1", a), op: ops.expm1, domain: [-3, 3] },
  log1p: { node: call("log1p", a), op: ops.log1p, domain: [-0.9, 5] },
  sin: { node: call("sin", a), op: ops.sin, domain: [-4, 4] },
  cos: { node: call("cos", a), op: ops.cos, domain: [-4, 4] },
  reciprocal: { node: { kind: "bin", op: "/", left: num(1), right: a }, op: ops.reciprocal, domain: [0.2, 4] },
  square: { node: { kind: "bin", op: "^", left: a, right: num(2) }, op: ops.square, domain: [-3, 3] },
  add: { node: add(a, b), op: ops.add, domain: [-3, 3] },
  sub: { node: { kind: "bin", op: "-", left: a, right: b }, op: ops.sub, domain: [-3, 3] },
  mul: { node: { kind: "bin", op: "*", left: a, right: b }, op: ops.mul, domain: [-3, 3] },
  div: { node: { kind: "bin", op: "/", left: a, right: b }, op: ops.div, domain: [0.2, 3] },
  pow: { node: { kind: "bin", op: "^", left: a, right: b }, op: ops.pow, domain: [0.2, 3] },
  maximum: { node: call("max", a, b), op: ops.maximum, domain: [-3, 3] },
  minimum: { node: call("min", a, b), op: ops.minimum, domain: [-3, 3] },
};

const f64 = (v: number): Tensor => tensor(v, { dtype: "float64" });

describe("symbolic rules match the autodiff's VJPs", () => {
  const rng = new TestRng(14);
  for (const name of Object.keys(primitiveRules) as ScalarPrimitive[]) {
    it(`${name}: ∂y/∂input at 50 points (and at the kink or tie)`, () => {
      const { node, op, domain } = CASES[name];
      const rule = primitiveRules[name];
      // reciprocal and square are one-input primitives written as 1/a and a²
      const oneInput = name === "reciprocal" || name === "square";
      const arity = !oneInput && (node.kind === "bin" || (node.kind === "call" && node.args.length === 2)) ? 2 : 1;
      const points = Array.from({ length: 50 }, () => [rng.uniform(...domain), rng.uniform(...domain)]);
      if (name === "abs" || name === "relu") points.push([0, 0]);
      if (name === "maximum" || name === "minimum") points.push([1.5, 1.5]);
      for (const [va, vb] of points) {
        const inputs = [f64(va!), f64(vb!)].slice(0, arity);
        const out = op(...inputs);
        const attrs = name === "relu" ? { subgradient: 0 } : {};
        // the registry's rule itself, called the way backward calls it
        const vjp = derivativeRules[name].vjp(
          ones([], { dtype: "float64" }),
          inputs,
          out,
          attrs,
          inputs.map(() => true),
        );
        const args = oneInput
          ? [a]
          : node.kind === "neg"
            ? [node.arg]
            : node.kind === "bin"
              ? [node.left, node.right]
              : node.kind === "call"
                ? node.args
                : [];
        const symbolic = rule.partials(args, node).map((p) => evaluateExpr(p, { a: va!, b: vb! }));
        for (let i = 0; i < arity; i++) {
          const want = vjp[i]!.item();
          expect(Math.abs(symbolic[i]! - want), `${name} ∂/∂input${i} at (${va}, ${vb})`).toBeLessThanOrEqual(
            1e-12 * Math.max(1, Math.abs(want)),
          );
        }
      }
    });
  }

  for (const name of ["tan", "atan", "sinh", "cosh"] as const) {
    it(`${name} (composite): the rule matches backward through its chainrule graph`, () => {
      const rule = compositeRules[name];
      const node = call(name, a);
      for (let i = 0; i < 40; i++) {
        const va = rng.uniform(-1.3, 1.3);
        const x = tensor(va, { dtype: "float64", requiresGrad: true });
        const [g] = gradients(buildGraph(node, { a: x }), [x]);
        const want = g!.item();
        const got = evaluateExpr(rule.partials([a], node)[0]!, { a: va });
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
        // and a central difference of the value, an anchor outside chainrule
        const h = 1e-5;
        const fd = (evaluateExpr(node, { a: va + h }) - evaluateExpr(node, { a: va - h })) / (2 * h);
        expect(Math.abs(got - fd)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fd)));
      }
    });
  }
});
