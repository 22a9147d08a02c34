/** @file Logits of 1e12 to 1e30: the fused cross-entropy, logSoftmax, softmax and logsumexp stay exact on both backends. */
import { afterAll, describe, expect, it } from "vitest";
import { getBackend, logSoftmax, logsumexp, nn, setBackend, softmax, tensor } from "../../src/index.js";

const LOG3 = Math.log(3);
const MAGNITUDES = [1e12, 1e14, 1e16, 1e30];
const before = getBackend();
afterAll(() => setBackend(before));

describe.each(["js", "wasm"] as const)("huge equal logits on the %s backend", (name) => {
  describe.each(["float32", "float64"] as const)("%s", (dtype) => {
    const tol = dtype === "float32" ? 1e-6 : 1e-12;
    it.each(MAGNITUDES.flatMap((m) => [m, -m]))("crossEntropy of three equal logits %d is log 3, loss and gradient", (z) => {
      setBackend(name);
      const logits = tensor([[z, z, z]], { dtype, requiresGrad: true });
      const loss = nn.crossEntropy(logits, [0]);
      expect(Math.abs(loss.item() - LOG3)).toBeLessThan(tol);
      loss.backward();
      const g = logits.grad!.toArray() as number[][];
      [-2 / 3, 1 / 3, 1 / 3].forEach((want, i) => expect(Math.abs(g[0]![i]! - want)).toBeLessThan(tol));
      // probability targets take the same kernel; the gradient with respect to them is −logSoftmax = log 3
      const q = tensor([[1, 0, 0]], { dtype, requiresGrad: true });
      nn.crossEntropy(tensor([[z, z, z]], { dtype }), q).backward();
      for (const v of (q.grad!.toArray() as number[][])[0]!) expect(Math.abs(v - LOG3)).toBeLessThan(tol);
      expect(Math.abs(nn.nllLoss(logSoftmax(tensor([[z, z, z]], { dtype })), [0]).item() - LOG3)).toBeLessThan(tol);
    });

    it.each(MAGNITUDES)("logSoftmax, softmax and logsumexp at %d", (z) => {
      setBackend(name);
      const x = tensor([z, z, z], { dtype });
      for (const v of logSoftmax(x).toArray() as number[]) expect(Math.abs(v + LOG3)).toBeLessThan(tol);
      for (const v of softmax(x).toArray() as number[]) expect(Math.abs(v - 1 / 3)).toBeLessThan(tol);
      // logsumexp is z + log 3: exact to the spacing of numbers near z
      const spacing = z * (dtype === "float32" ? 2 ** -23 : 2 ** -52);
      expect(Math.abs(logsumexp(x).item() - (z + LOG3))).toBeLessThanOrEqual(Math.max(spacing, tol));
    });
  });
});
