/** @file captureGraph/toJSON: the plain data model — order, kinds, inlined constants, matmul vectors, gradients, JSON round trip. */
import { describe, expect, it } from "vitest";
import { captureGraph, namedScope, tensor, toJSON, ValueError } from "../../src/index.js";
import { worksheetF } from "./fixtures.js";

describe("captureGraph", () => {
  it("lists the worksheet's f leaves first, f last, with kinds, names, shapes and edges", () => {
    const m = toJSON(worksheetF().f);
    expect(m.nodes.map((n) => [n.id, n.kind, n.opLabel ?? n.name, n.shape.join("x")])).toEqual([
      ["n0", "input", "y", ""],
      ["n1", "parameter", "W", "3x2"],
      ["n2", "input", "x", "2"],
      ["n3", "op", "· matmul", "3"],
      ["n4", "parameter", "b", "3"],
      ["n5", "op", "+ add", "3"],
      ["n6", "op", "σ sigmoid", "3"],
      ["n7", "op", "Σ sum", ""],
      ["n8", "op", "− sub", ""],
      ["n9", "op", "x² square", ""],
    ]);
    expect(m.output).toBe("n9");
    expect(m.edges.map((e) => `${e.from}->${e.to}[${e.shape}]`)).toEqual([
      "n1->n3[3,2]",
      "n2->n3[2]",
      "n3->n5[3]",
      "n4->n5[3]",
      "n5->n6[3]",
      "n6->n7[3]",
      "n0->n8[]",
      "n7->n8[]",
      "n8->n9[]",
    ]);
  });

  it("is plain JSON and the same for the same computation", () => {
    const a = toJSON(worksheetF().f);
    const b = toJSON(worksheetF().f);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(b).toEqual(a);
  });

  it("keeps values, gradients after backward, the rule's derivative and local derivatives in symbols", () => {
    const { f, W } = worksheetF();
    const m = toJSON(f);
    const w = m.nodes.find((n) => n.name === "W")!;
    expect(w.value!.values).toEqual(Array.from(W.data));
    expect(w.grad!.values).toEqual(Array.from(W.grad!.data));
    const sig = m.nodes.find((n) => n.op === "sigmoid")!;
    expect(sig.derivative!.text).toBe("∂y/∂x = σ(x)(1−σ(x))");
    expect(sig.local.map((l) => l.formula.text)).toEqual(["∂σ/∂z = σ(z)(1−σ(z))"]);
    expect(m.nodes.find((n) => n.name === "x")!.grad).toBeNull();
    expect(toJSON(worksheetF(false).f).nodes.every((n) => n.grad === null)).toBe(true);
  });

  it("writes plain numbers into the op label instead of drawing them", () => {
    const x = tensor([1, 2], { requiresGrad: true, name: "x" });
    const m = toJSON(x.mul(2).sub(1).named("y"));
    expect(m.nodes.map((n) => n.opLabel ?? n.name)).toEqual(["x", "× 2", "− 1"]);
    expect(m.nodes[2]!.expression!.text).toBe("2·x − 1");
    expect(m.nodes[1]!.attrs["constants"]).toEqual([null, 2]);
  });

  it("shows a 1-d matmul operand as the vector it is, with or without grad", () => {
    const W = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true, name: "W" },
    );
    for (const needs of [false, true]) {
      const v = tensor([5, 6], { requiresGrad: needs, name: "v" });
      const m = toJSON(W.matmul(v).named("u"));
      expect(m.nodes.map((n) => `${n.name ?? n.op}:${n.shape}`)).toEqual(["W:2,2", "v:2", "u:2"]);
      expect(m.nodes.find((n) => n.name === "v")!.value!.values).toEqual([5, 6]);
      expect(m.nodes[2]!.local.map((l) => l.formula.text)).toEqual(needs ? ["∂u/∂W = vᵀ", "∂u/∂v = Wᵀ"] : ["∂u/∂W = vᵀ"]);
    }
  });

  it("names a module's result by its path and puts parameters, not inputs, in their module's scope", () => {
    const W = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true, name: "layers.0.weight" },
    );
    const b = tensor([0.5, -0.5], { requiresGrad: true, name: "layers.0.bias" });
    const x = tensor([1, -1], { name: "x" });
    const h = namedScope("Net", () => namedScope("layers:Sequential", () => namedScope("0:Linear", () => W.matmul(x).add(b))));
    const m = captureGraph(h.tanh().sum()).model;
    const byName = (name: string) => m.nodes.find((n) => n.name === name)!;
    expect(byName("layers.0.weight").scope).toBe("Net/layers:Sequential/0:Linear");
    expect(byName("x").scope).toBe("");
    expect(m.nodes.find((n) => n.op === "add")!.symbol.text).toBe("layers.0");
    expect(m.nodes.find((n) => n.op === "tanh")!.expression!.text).toBe("tanh(layers.0)");
    expect(m.scopes).toEqual(["Net/layers:Sequential/0:Linear"]);
  });

  it("refuses what is not a tensor", () => {
    expect(() => captureGraph(null as never)).toThrow(ValueError);
  });
});
