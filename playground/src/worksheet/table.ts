/** @file The three answers side by side: the worksheet's closed form, chainrule's autodiff, and central finite differences. */
import { closedForm, numeric, preActivations } from "./compute.js";
import type { Built } from "./compute.js";
import type { Params } from "./params.js";

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const fmt = (v: number): string => (v === 0 ? "0" : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(3) : v.toFixed(6));

/**
 * Fills `root` with one row per entry of W and b and returns the largest |closed form − autodiff|.
 * Rows whose unit sits on ReLU's kink are marked: there finite differences average the two slopes.
 * @example
 * const gap = renderTable(el, params, buildF(params));
 */
export function renderTable(root: HTMLElement, p: Params, built: Built): number {
  const cf = closedForm(p);
  const nd = numeric(p);
  const gW = built.W.grad!.toArray() as number[][];
  const gb = built.b.grad!.toArray() as number[];
  const z = preActivations(p);
  const rows: string[] = [];
  let gap = 0;
  const row = (label: string, c: number, a: number, n: number, kink: boolean): void => {
    gap = Math.max(gap, Math.abs(c - a));
    rows.push(
      `<tr${kink ? ' class="kink"' : ""}><td>${label}</td><td>${fmt(c)}</td><td>${fmt(a)}</td><td>${fmt(n)}</td><td>${fmt(Math.abs(a - n))}</td></tr>`,
    );
  };
  p.W.forEach((w, i) =>
    w.forEach((_, j) => row(`∂f/∂W${SUB[i + 1]}${SUB[j + 1]}`, cf.W[i]![j]!, gW[i]![j]!, nd.W[i]![j]!, p.phi === "relu" && z[i] === 0)),
  );
  p.b.forEach((_, i) => row(`∂f/∂b${SUB[i + 1]}`, cf.b[i]!, gb[i]!, nd.b[i]!, p.phi === "relu" && z[i] === 0));
  const kink = p.phi === "relu" && z.some((zi) => zi === 0);
  root.innerHTML = `<table class="data" id="grad-table"><thead><tr><th></th><th>closed form</th><th>autodiff</th><th>numeric</th><th>|autodiff − numeric|</th></tr></thead><tbody>${rows.join("")}</tbody></table>
    <p class="muted">Closed form: the worksheet's 2(c), ∂f/∂wᵢ = −2r φ′(zᵢ) xᵀ, ∂f/∂bᵢ = −2r φ′(zᵢ). Numeric: central differences in float64.
    ${kink ? "<br><b>Highlighted rows sit on ReLU's kink (zᵢ = 0):</b> there the derivative does not exist; autodiff and the closed form use the subgradient you chose, while central differences average the two one-sided slopes." : ""}</p>`;
  return gap;
}
