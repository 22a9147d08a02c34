/** @file The op table on the webgpu backend (SwiftShader in CI): values, first and second derivatives against the JS backend in float32. */
import { describe, expect, it } from "vitest";
import { gradients, setBackend, tensor, Tensor } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";
import { hashSeed, TestRng } from "../helpers/test-rng.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";
import type { OpRow } from "./op-row.js";
import { drawPoint, opTable } from "./op-table.js";

const reason = await webgpuUnavailable();

/** The values of a tensor on either backend. */
async function values(t: Tensor | null): Promise<Float32Array | null> {
  if (!t) return null;
  return (await t.dataAsync()) as Float32Array;
}

interface Outcome {
  y: Float32Array;
  g: (Float32Array | null)[];
  h: (Float32Array | null)[];
}

/** Forward value, the gradient of Σ y·w, and the derivative of Σ_i g_i·v_i, all in float32 on `backend`. */
async function evaluate(row: OpRow, backend: string): Promise<Outcome> {
  await setBackend(backend);
  const p = drawPoint(row);
  const rng = new TestRng(hashSeed(`${row.name}/webgpu`));
  const xs = p.data.map((d, i) => tensor(Float32Array.from(d), { shape: p.shapes[i]!, requiresGrad: row.differentiable !== false }));
  const y = row.f(...xs);
  const out: Outcome = { y: (await values(y))!, g: [], h: [] };
  if (row.differentiable === false || row.skipDerivatives || !y.requiresGrad) return out;
  const w = tensor(
    Float32Array.from({ length: y.size }, () => rng.uniform(0.5, 1.5)),
    { shape: y.shape },
  );
  const gs = gradients(y.mul(w).sum(), xs, undefined, { createGraph: true });
  out.g = await Promise.all(gs.map(values));
  let psi: Tensor | null = null;
  gs.forEach((g) => {
    if (!g) return;
    const v = tensor(
      Float32Array.from({ length: g.size }, () => rng.uniform(-1, 1)),
      { shape: g.shape },
    );
    const term = g.mul(v).sum();
    psi = psi ? psi.add(term) : term;
  });
  const p2 = psi as Tensor | null;
  if (p2 && p2.requiresGrad) out.h = await Promise.all(gradients(p2, xs).map(values));
  return out;
}

/** float32 against float32: |Δ| ≤ 1e-4·(1 + max |ref|) + 3e-4·|ref| (kernels sum in other orders; transcendental functions differ by ulps). */
function close(actual: Float32Array | null, expected: Float32Array | null, what: string): void {
  if (expected === null || actual === null) {
    expect(actual === null, `${what}: one backend gave no gradient`).toBe(expected === null);
    return;
  }
  let scale = 1;
  for (const v of expected) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  assertClose(actual, expected, { rtol: 3e-4, atol: 1e-4 * scale }, what);
}

const covered: string[] = [];

describe.skipIf(reason !== null)(`op table on the "webgpu" backend${reason ? ` (skipped: ${reason})` : ""}`, () => {
  for (const row of opTable) {
    it(row.name, async () => {
      const ref = await evaluate(row, "js");
      let gpu: Outcome;
      try {
        gpu = await evaluate(row, "webgpu");
      } finally {
        await setBackend("js");
      }
      close(gpu.y, ref.y, `${row.name} value`);
      expect(gpu.g.length).toBe(ref.g.length);
      gpu.g.forEach((g, i) => close(g, ref.g[i]!, `${row.name} ∂/∂x${i}`));
      expect(gpu.h.length).toBe(ref.h.length);
      gpu.h.forEach((h, i) => close(h, ref.h[i]!, `${row.name} second derivative x${i}`));
      covered.push(row.name);
    });
  }
  it("every row matches the JS backend on webgpu (every kernel has WGSL)", () => {
    console.info(`webgpu op table: ${covered.length} of ${opTable.length} rows match the JS backend`);
    expect(covered.length).toBe(opTable.length);
  });
});
