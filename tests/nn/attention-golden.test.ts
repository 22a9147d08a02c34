/** @file scaledDotProductAttention and MultiheadAttention against PyTorch float64 (values and gradients; scripts/goldens/attention.py). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nn, scaledDotProductAttention, tensor, type Tensor } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";

/** Row-major values; null stands for −Infinity (JSON has none). */
interface Flat {
  shape: number[];
  data: (number | null)[];
}
interface SdpaCase {
  name: string;
  causal: boolean;
  scale: number | null;
  mask: Flat | null;
  q: Flat;
  k: Flat;
  v: Flat;
  w: Flat;
  out: Flat;
  grads: Record<"q" | "k" | "v", Flat>;
}
interface MhaCase {
  name: string;
  embedDim: number;
  numHeads: number;
  bias: boolean;
  causal: boolean;
  params: Record<string, Flat>;
  x: Flat;
  kv: Flat | null;
  w: Flat;
  out: Flat;
  grads: Record<string, Flat>;
}

const golden = JSON.parse(readFileSync(new URL("../fixtures/attention-golden.json", import.meta.url), "utf8")) as {
  sdpa: SdpaCase[];
  mha: MhaCase[];
};
const TOL = { rtol: 1e-10, atol: 1e-12 };
const values = (f: Flat): number[] => f.data.map((x) => x ?? -Infinity);
const t64 = (f: Flat, requiresGrad = false): Tensor =>
  tensor(values(f), { shape: f.shape, dtype: "float64", requiresGrad, allowNonFinite: true });

describe("scaledDotProductAttention against PyTorch (float64)", () => {
  for (const c of golden.sdpa) {
    it(c.name, () => {
      const [q, k, v] = [t64(c.q, true), t64(c.k, true), t64(c.v, true)];
      const out = scaledDotProductAttention(q, k, v, {
        causal: c.causal,
        mask: c.mask ? t64(c.mask) : undefined,
        scale: c.scale ?? undefined,
      });
      expect(out.shape).toEqual(c.out.shape);
      assertClose(out.data, values(c.out), TOL, `${c.name}: output`);
      out.mul(t64(c.w)).sum().backward();
      for (const [name, x] of [
        ["q", q],
        ["k", k],
        ["v", v],
      ] as const) {
        assertClose(x.grad!.data, values(c.grads[name]), TOL, `${c.name}: ∂/∂${name}`);
      }
    });
  }
});

describe("nn.MultiheadAttention against torch.nn.MultiheadAttention (batch_first, float64)", () => {
  for (const c of golden.mha) {
    it(c.name, () => {
      const mha = new nn.MultiheadAttention(c.embedDim, c.numHeads, { bias: c.bias, causal: c.causal, dtype: "float64" });
      expect(Object.keys(mha.stateDict()).sort()).toEqual(Object.keys(c.params).sort());
      mha.loadStateDict(Object.fromEntries(Object.entries(c.params).map(([n, f]) => [n, t64(f)])));
      const x = t64(c.x, true);
      const kv = c.kv ? t64(c.kv, true) : null;
      const out = kv ? mha.forward(x, kv, kv) : mha.forward(x);
      expect(out.shape).toEqual(c.out.shape);
      assertClose(out.data, values(c.out), TOL, `${c.name}: output`);
      out.mul(t64(c.w)).sum().backward();
      assertClose(x.grad!.data, values(c.grads["x"]!), TOL, `${c.name}: ∂/∂x`);
      if (kv) assertClose(kv.grad!.data, values(c.grads["kv"]!), TOL, `${c.name}: ∂/∂kv`);
      for (const [name, p] of mha.namedParameters()) assertClose(p.grad!.data, values(c.grads[name]!), TOL, `${c.name}: ∂/∂${name}`);
    });
  }
});
