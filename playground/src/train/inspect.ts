/** @file One neuron's chain rule on the last mini-batch: ∂L/∂a, ∂a/∂z and ∂z/∂w with numbers, checked against autodiff's ∂L/∂w. */
import { gradients, linear, nn, type Tensor } from "../chainrule.js";
import { num, tex } from "../tex.js";
import type { NeuronRef } from "./network-view.js";
import type { Session } from "./session.js";

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const sub = (n: number): string => [...String(n)].map((c) => SUB[Number(c)]).join("");
const fmt = (v: number): string => (v === 0 ? "0" : Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(4));

/** A leaf copy of a parameter that needs a gradient, so inspecting never touches the model's own .grad. */
function leaf(t: Tensor): Tensor {
  const c = t.detach();
  c.requiresGrad = true;
  return c;
}

/**
 * The HTML that explains neuron `n` on the session's last mini-batch with the current weights.
 * @example
 * panel.innerHTML = inspectNeuron(session, { layer: 1, unit: 0 });
 */
export function inspectNeuron(s: Session, n: NeuronRef): string {
  const batch = s.lastBatch;
  if (!batch) return "<p class='muted'>Train at least one step first: the chain rule is shown on the last mini-batch.</p>";
  const lin = s.linears().map((l) => ({ weight: leaf(l.weight), bias: l.bias ? leaf(l.bias) : null }));
  const last = lin.length - 1;
  const at = n.layer - 1;
  const act = nn.activationLayer(s.settings.activation);
  let a: Tensor = batch.x;
  let prev: Tensor = a;
  let z: Tensor = a;
  let out: Tensor = a;
  lin.forEach((l, i) => {
    const zi = linear(a, l.weight, l.bias);
    const ai = i < last ? act.forward(zi) : zi;
    if (i === at) [prev, z, out] = [a, zi, ai];
    a = ai;
  });
  const loss = nn.crossEntropy(a, batch.y);
  const [dOut] = gradients(loss, [out]);
  const [dZ] = gradients(loss, [z]);
  const [dW] = gradients(loss, [lin[at]!.weight]);
  const zLeaf = leaf(z);
  const slope = at < last ? gradients(act.forward(zLeaf).sum(), [zLeaf])[0]!.dataSync() : null;
  const width = z.shape[1]!;
  const j = n.unit;
  const B = batch.x.shape[0]!;
  const zs = z.dataSync();
  const as = out.dataSync();
  const ga = dOut!.dataSync();
  const gz = dZ!.dataSync();
  const ins = prev.dataSync();
  const fanIn = prev.shape[1]!;
  const gw = dW!.dataSync();
  const s0 = (arr: ArrayLike<number>): number => arr[j]!;
  const phi = slope ? slope[j]! : 1;
  const name = at === last ? `output “${s.raw.classes[j]}”` : `hidden layer ${n.layer}, unit ${j + 1}`;
  const aName =
    at === last ? "a = z \\;(\\text{a logit: no activation})" : `a = \\operatorname{${s.settings.activation}}(z) = ${num(s0(as))}`;
  const chain = [
    `z = \\mathbf{w}^\\top \\mathbf{a}^{(${n.layer - 1})} + b = ${num(s0(zs))}, \\qquad ${aName}`,
    `\\frac{\\partial L}{\\partial a} = ${num(s0(ga))}, \\qquad \\frac{\\partial a}{\\partial z} = ${at === last ? "1" : `\\phi'(z) = ${num(phi)}`}`,
    `\\frac{\\partial L}{\\partial z} = \\frac{\\partial L}{\\partial a} \\cdot \\frac{\\partial a}{\\partial z} = ${num(s0(ga))} \\times ${num(phi)} = ${num(s0(ga) * phi)} \\quad (\\text{autodiff: } ${num(s0(gz))})`,
    `\\frac{\\partial z}{\\partial w_k} = a^{(${n.layer - 1})}_k, \\qquad \\frac{\\partial L}{\\partial w_k} = \\sum_{\\text{batch}} \\frac{\\partial L}{\\partial z} \\cdot a^{(${n.layer - 1})}_k`,
  ];
  const rows: string[] = [];
  for (let k = 0; k < fanIn; k++) {
    let sum = 0;
    for (let b = 0; b < B; b++) sum += gz[b * width + j]! * ins[b * fanIn + k]!;
    const label = n.layer === 1 ? s.raw.featureNames[k]! : `a${sub(k + 1)}`;
    rows.push(
      `<tr><td>w${sub(k + 1)} ← ${label}</td><td>${fmt(ins[k]!)}</td><td>${fmt(gz[j]! * ins[k]!)}</td><td>${fmt(sum)}</td><td>${fmt(gw[j * fanIn + k]!)}</td></tr>`,
    );
  }
  let bsum = 0;
  for (let b = 0; b < B; b++) bsum += gz[b * width + j]!;
  rows.push(`<tr><td>b (∂z/∂b = 1)</td><td>1</td><td>${fmt(gz[j]!)}</td><td>${fmt(bsum)}</td><td>—</td></tr>`);
  return `<h3>${name}</h3>
    <p class="muted">On the last mini-batch (${B} samples) with the current weights; the numbers are for its first sample, and ∂L/∂w sums over the batch (L is the batch mean).</p>
    ${chain.map((c) => tex(c, true)).join("")}
    <table class="data" id="neuron-table"><thead><tr><th>weight</th><th>∂z/∂w (sample 1)</th><th>∂L/∂z · ∂z/∂w</th><th>Σ over batch</th><th>autodiff ∂L/∂w</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
