/** @file Localising a wrong derivative: each graph node's rule against central differences of that one op, in float64. */
import { gradients } from "../autograd/backward.js";
import { enableGrad, noGrad } from "../tape/grad-mode.js";
import { sumToShape } from "../ops/unbroadcast.js";
import { add, mul } from "../ops/binary.js";
import { cast } from "../ops/cast.js";
import { sum } from "../ops/reduce.js";
import { ruleOf } from "../ops/registry.js";
import { randn } from "../tensor/create.js";
import { Tensor } from "../tensor/tensor.js";
import { branchSignature } from "./branches.js";
import { graphNodes } from "./graph-nodes.js";
import { rerunOp } from "./rerun-op.js";
import { absDot, directionalCheck, dotData, maxAbs, moved, toF64, type ProbeValue } from "./rule-probe.js";
import type { RuleCheck, RuleInputCheck } from "./types.js";

type Status = RuleCheck["status"];
const RANK: Record<Status, number> = { ok: 0, kink: 1, skipped: 2, mismatch: 3 };

/** The node's inputs in float64, its op re-run on them, a seeded cotangent, and which inputs are differentiable. */
function setup(t: Tensor, seed: number): { xs: Tensor[]; checked: boolean[]; v: Tensor } {
  const node = t.node!;
  return {
    xs: node.inputs.map(toF64),
    checked: node.inputs.map((_, k) => !(node.op === "where" && k === 0)),
    v: randn(t.shape.slice(), { seed: seed * 7919 + 17, dtype: "float64" }),
  };
}

/**
 * Zeroes the direction where an elementwise kink op sits (almost) on its kink — ReLU/|x| at 0, a
 * maximum/minimum tie between same-shaped operands — so the rule is still judged on the other elements.
 */
function awayFromKinks(t: Tensor, xs: readonly Tensor[], k: number, u: Tensor): Tensor {
  const op = t.node!.op;
  const x = xs[k]!;
  const near = 1e-4 * Math.max(1, maxAbs(x));
  if (op === "relu" || op === "abs") {
    for (let i = 0; i < u.size; i++) if (Math.abs(x.data[i]!) < near) u.data[i] = 0;
  } else if ((op === "maximum" || op === "minimum") && xs[0]!.size === xs[1]!.size) {
    for (let i = 0; i < u.size; i++) if (Math.abs(xs[0]!.data[i]! - xs[1]!.data[i]!) < near) u.data[i] = 0;
  }
  return u;
}

/** The op's output at moved inputs, read as vᵀ·out, with its branch pattern. */
function opProbe(t: Tensor, xs: Tensor[], k: number, u: Tensor, v: Tensor): (tau: number) => ProbeValue {
  const node = t.node!;
  return (tau) => {
    const out = enableGrad(() => rerunOp(node, moved(xs, k, u, tau, true), t.shape));
    return { value: dotData(v.data, out.data), scale: absDot(v.data, out.data), branch: out.node ? branchSignature(out) : null };
  };
}

function finish(t: Tensor, status: Status, inputs: RuleInputCheck[], order: 1 | 2): RuleCheck {
  const node = t.node!;
  const head = { op: node.op, nodeId: t.id, nodeName: t.name, scope: node.scope, derivative: ruleOf(node).derivative, order };
  return { ...head, status, inputs, message: ruleMessage({ ...head, status, inputs }) };
}

/**
 * Checks the derivative rule of the op that produced `t`, on its own: with a random cotangent v and
 * a random direction u per input, compares ⟨vjp(v), u⟩ — from `vjp` and from `fastVjp` when the rule
 * has one — with the central difference of τ ↦ vᵀ·op(xₖ + τu), in float64 whatever the graph's dtype.
 * @example
 * checkNodeRule(sigmoid(x)).status; // "ok"
 */
export function checkNodeRule(t: Tensor, seed = 0): RuleCheck {
  const node = t.node!;
  const rule = ruleOf(node);
  const { xs, checked, v } = setup(t, seed);
  const forms = noGrad(() => {
    const out = rerunOp(node, xs, t.shape);
    const list: { form: "vjp" | "fastVjp"; grads: (Tensor | null)[] }[] = [
      { form: "vjp", grads: rule.vjp(v, xs, out, node.attrs, checked) },
    ];
    if (rule.fastVjp) list.push({ form: "fastVjp", grads: rule.fastVjp(v, xs, out, node.attrs) });
    return list.map((f) => ({ form: f.form, grads: f.grads.map((g, k) => (g && checked[k] ? sumToShape(g, xs[k]!.shape) : null)) }));
  });
  let status: Status = "ok";
  const inputs: RuleInputCheck[] = [];
  xs.forEach((x, k) => {
    if (!checked[k]) return;
    const u = awayFromKinks(t, xs, k, randn(x.shape.slice(), { seed: seed * 7919 + 101 + k, dtype: "float64" }));
    for (const { form, grads } of forms) {
      const g = grads[k];
      const r = directionalCheck(k, g ? dotData(g.data, u.data) : 0, maxAbs(x), opProbe(t, xs, k, u, v));
      if (RANK[r.status] > RANK[status]) status = r.status;
      if (r.entry) inputs.push({ ...r.entry, form });
    }
  });
  return finish(t, status, inputs, 1);
}

/**
 * Checks that the rule of `t`'s op is correctly differentiable (what second derivatives rely on):
 * φ(x) = Σₖ ⟨vjpₖ(v, x, op(x)), uₖ⟩ differentiated by reverse mode through the rule's own ops,
 * against central differences of φ along a random direction.
 * @example
 * checkNodeRule2(tanh(x)).status; // "ok"
 */
export function checkNodeRule2(t: Tensor, seed = 0): RuleCheck {
  const node = t.node!;
  const rule = ruleOf(node);
  const { xs, checked, v } = setup(t, seed);
  const us = xs.map((x, k) => randn(x.shape.slice(), { seed: seed * 7919 + 101 + k, dtype: "float64" }));
  const phi = (args: Tensor[]): { value: Tensor; scale: number; out: Tensor } => {
    const out = rerunOp(node, args, t.shape);
    let total: Tensor | null = null;
    let scale = 0;
    rule.vjp(v, args, out, node.attrs, checked).forEach((g, k) => {
      if (!g || !checked[k]) return;
      const g64 = sumToShape(g.dtype === "float64" ? g : cast(g, "float64"), args[k]!.shape);
      scale += absDot(g64.data, us[k]!.data);
      const term = sum(mul(g64, us[k]!));
      total = total === null ? term : add(total, term);
    });
    return { value: total ?? sum(mul(out, 0)), scale, out };
  };
  const leaves = xs.map((x, k) => (checked[k] ? new Tensor(x.data.slice(), x.shape.slice(), true) : x));
  const analyticGrads = enableGrad(() => {
    const { value } = phi(leaves);
    const targets = leaves.filter((_, k) => checked[k]);
    return value.requiresGrad ? gradients(value, targets) : null;
  });
  let status: Status = "ok";
  const inputs: RuleInputCheck[] = [];
  let j = 0;
  xs.forEach((x, k) => {
    if (!checked[k]) return;
    const grad = analyticGrads ? analyticGrads[j]! : null;
    j++;
    const w = awayFromKinks(t, xs, k, randn(x.shape.slice(), { seed: seed * 7919 + 307 + k, dtype: "float64" }));
    const evalAt = (tau: number): ProbeValue => {
      const { value, scale, out } = enableGrad(() => phi(moved(xs, k, w, tau, true)));
      return { value: value.data[0]!, scale, branch: out.node ? branchSignature(out) : null };
    };
    const r = directionalCheck(k, grad ? dotData(grad.data, w.data) : 0, maxAbs(x), evalAt);
    if (RANK[r.status] > RANK[status]) status = r.status;
    if (r.entry) inputs.push({ ...r.entry, form: "vjp" });
  });
  return finish(t, status, inputs, 2);
}

function ruleMessage(c: Omit<RuleCheck, "message">): string {
  const who = `"${c.op}" (node #${c.nodeId}${c.nodeName ? ` "${c.nodeName}"` : ""}${c.scope ? ` in ${c.scope}` : ""})`;
  const what = c.order === 2 ? "the derivative of its rule (second order)" : "its rule";
  if (c.status === "ok") return `${who}: ${what} agrees with the op.`;
  if (c.status === "kink") return `${who}: sits on a kink of the op even for tiny steps; ${what} was not judged.`;
  if (c.status === "skipped") return `${who}: non-finite values; ${what} was not judged.`;
  const bad = c.inputs
    .filter((i) => i.absError > 1e-5 * Math.max(Math.abs(i.analytic), Math.abs(i.numeric)))
    .map(
      (i) =>
        `input ${i.input}${i.form === "fastVjp" ? " (fastVjp)" : ""}: ${c.order === 2 ? "reverse mode through the rule" : "the rule"} gives ${fmt(i.analytic)}, ` +
        `differences of ${c.order === 2 ? "the rule" : "the op"} give ${fmt(i.numeric)} (abs error ${fmt(i.absError)})`,
    );
  const fix = c.order === 2 ? " Write its vjp with differentiable tensor ops (no detach or constant masks of smooth values)." : "";
  return `${who}: ${c.order === 2 ? "the derivative of " : ""}its derivative rule [${c.derivative}] disagrees with the op along a random direction; ${bad.join("; ")}.${fix}`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

/**
 * Checks the rule of every node in the graph behind `root` (inputs before outputs); `order` 2 checks
 * that each rule is itself correctly differentiable.
 * @example
 * checkRules(loss).filter((c) => c.status === "mismatch").map((c) => c.op); // [] when every rule is right
 */
export function checkRules(root: Tensor, order: 1 | 2 = 1): RuleCheck[] {
  return graphNodes(root).map((t, i) => (order === 2 ? checkNodeRule2(t, i) : checkNodeRule(t, i)));
}
