/** @file The backward pass as steps over chainrule's graph model: the seed, then one step per edge a gradient flows along, output first. */
import type { GraphModel, NodeModel } from "../chainrule.js";
import { tex, valueTex } from "../tex.js";

/** One step of the stepper. */
export interface Step {
  /** SVG element ids to light up (the op box, the edge, the tensor it reaches). */
  lit: string[];
  /** The node whose gradient this step adds to. */
  node: string;
  /** Nodes whose gradient is complete after this step (all their uses have sent theirs back). */
  completes: string[];
  /** The chain-rule product, typeset by KaTeX. */
  html: string;
}

const d = (a: NodeModel, b: NodeModel): string => `\\frac{\\partial ${a.partial.latex}}{\\partial ${b.partial.latex}}`;
const gradTex = (n: NodeModel): string => (n.grad?.values ? valueTex(n.grad.values, n.shape) : `\\texttt{${n.grad?.text ?? "?"}}`);

/**
 * The steps of the backward pass over `m` (captured after backward(), so nodes carry gradients).
 * A node's gradient counts as computed once every edge out of it has sent its part back.
 * @example
 * backwardSteps(captureGraph(f).model)[0].completes; // [the output's id]
 */
export function backwardSteps(m: GraphModel): Step[] {
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  const out = byId.get(m.output)!;
  const wants = (n: NodeModel): boolean => n.requiresGrad || n.grad !== null;
  const pending = new Map<string, number>();
  for (const e of m.edges) if (wants(byId.get(e.from)!)) pending.set(e.from, (pending.get(e.from) ?? 0) + 1);
  const steps: Step[] = [
    {
      lit: [out.id],
      node: out.id,
      completes: [out.id],
      html: tex(`${d(out, out)} = 1 \\quad \\text{(the seed: backward starts here)}`, true),
    },
  ];
  for (const n of [...m.nodes].reverse()) {
    const ins = m.edges.filter((e) => e.to === n.id).sort((a, b) => a.index - b.index);
    for (const e of ins) {
      const src = byId.get(e.from)!;
      if (!wants(src)) continue;
      const left = (pending.get(src.id) ?? 1) - 1;
      pending.set(src.id, left);
      const uses = m.edges.filter((x) => x.from === src.id).length;
      const local = n.local.find((l) => l.input === src.id);
      const lines: string[] = [];
      if (n.id !== out.id) lines.push(`${d(out, src)} &${uses > 1 ? "\\mathrel{+}=" : "="} ${d(out, n)} \\cdot ${d(n, src)}`);
      lines.push(local ? local.formula.latex.replace(/\s*=\s*/, " &= ") : `${d(n, src)} &= \\;?`);
      if (n.id !== out.id) lines.push(`${d(out, n)} &= ${gradTex(n)}`);
      if (left === 0) lines.push(`${d(out, src)} &= ${gradTex(src)}${uses > 1 ? "\\quad\\text{(summed over its " + uses + " uses)}" : ""}`);
      else lines.push(`&\\text{(${left} more use${left > 1 ? "s" : ""} of } ${src.partial.latex} \\text{ still to send a part back)}`);
      steps.push({
        lit: [`${n.id}_op`, n.id, `e_${e.from}_${e.to}_${e.index}`, `e_${n.id}_op_${n.id}`, src.id],
        node: src.id,
        completes: left === 0 ? [src.id] : [],
        html: tex(`\\begin{aligned}${lines.join(" \\\\ ")}\\end{aligned}`, true),
      });
    }
  }
  return steps;
}
