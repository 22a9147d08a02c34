/** @file The primitive records drive every reader: each unary primitive reruns, draws and passes its own rule check with no per-op code. */
import { describe, expect, it } from "vitest";
import { captureGraph, checkRules, derivativeRules, explain, tensor, type Tensor } from "../../src/index.js";
import { activationPrimitives } from "../../src/ops/activation.js";
import { primitives } from "../../src/ops/registry.js";
import { unaryPrimitives } from "../../src/ops/unary.js";

const unaryNames = [...Object.keys(unaryPrimitives), ...Object.keys(activationPrimitives)];

describe("primitive records", () => {
  it("every primitive has one record, and derivativeRules holds the same objects", () => {
    const rules = derivativeRules as unknown as Record<string, unknown>;
    expect(Object.keys(rules).sort()).toEqual(Object.keys(primitives).sort());
    for (const [name, rec] of Object.entries(primitives)) expect(rules[name]).toBe(rec);
  });

  for (const name of unaryNames) {
    it(`${name}: a Tensor method whose node reruns, draws and checks from its record alone`, () => {
      // positive and away from 0, so every unary op (log, sqrt, 1/x, abs, relu) is smooth there
      const x = tensor([0.35, 0.8, 1.45], { dtype: "float64", requiresGrad: true, name: "x" });
      const method = (x as unknown as Record<string, () => Tensor>)[name]!;
      const y = method.call(x);
      expect(y.node?.op).toBe(name);
      const out = y.sum();
      out.backward();
      for (const c of checkRules(out)) expect(c.status, `${c.op}: ${c.message}`).toBe("ok");
      for (const c of checkRules(out, 2)) expect(c.status, `${c.op} (second order): ${c.message}`).toBe("ok");
      const node = captureGraph(out).model.nodes.find((n) => n.op === name)!;
      expect(node.derivative?.text).toBe(primitives[name as keyof typeof primitives].derivative);
      expect(node.local.length).toBe(1);
      expect(explain(out).text).toContain("∂out/∂x");
    });
  }
});
