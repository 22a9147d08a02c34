/** @file The backward stepper's script: one step per edge, from the output back to the leaves, each with its chain-rule product. */
import { Tensor } from "../tensor/tensor.js";
import type { Tex } from "./katex-inline.js";
import { escapeLatex } from "../ops/latex-name.js";
import type { GraphModel, NodeModel, ValueSummary } from "./model.js";
import { valueLatex } from "./value-latex.js";

/** One step of the animation: the SVG elements to light up and the equation to show. */
export interface ViewerStep {
  /** SVG element ids (nodes and edges) lit in this step. */
  lit: string[];
  /** The node the gradient arrives at. */
  node: string;
  /** The chain-rule product as plain text. */
  text: string;
  /** The same, rendered by KaTeX. */
  html: string;
}

/**
 * A value summary as LaTeX (a bracketed vector or matrix when the values are kept, else the text).
 * @example
 * summaryLatex(node.grad, node.shape);
 */
export function summaryLatex(s: ValueSummary, shape: readonly number[]): string {
  if (s.values) return valueLatex(new Tensor(Float64Array.from(s.values), shape.slice()));
  return `\\texttt{${escapeLatex(s.text.length > 60 ? `${s.text.slice(0, 59)}…` : s.text)}}`;
}

const dl = (a: NodeModel, b: NodeModel): string => `\\frac{\\partial ${a.partial.latex}}{\\partial ${b.partial.latex}}`;
const dt = (a: NodeModel, b: NodeModel): string => `∂${a.partial.text}/∂${b.partial.text}`;

/** Whether a gradient reaches `n` (it needs one, or the last backward gave it one). */
const wantsGrad = (n: NodeModel): boolean => n.requiresGrad || n.grad !== null;

/**
 * The backward pass as steps over a drawn model: first the seed at the output, then for each
 * node (output first) each input edge a gradient flows along.
 * @example
 * backwardSteps(foldForDrawing(captureGraph(f).model), await loadTex()).length; // 1 + number of gradient edges
 */
export function backwardSteps(m: GraphModel, tex: Tex): ViewerStep[] {
  const byId = new Map(m.nodes.map((n) => [n.id, n]));
  const out = byId.get(m.output)!;
  const elem = (n: NodeModel): string[] => (n.kind === "op" ? [n.id, `${n.id}_op`] : [n.id]);
  const seedVal = out.grad ? ` = ${summaryLatex(out.grad, out.shape)}` : " = 1";
  const steps: ViewerStep[] = [
    {
      lit: [out.id],
      node: out.id,
      text: `${dt(out, out)} = 1 (the seed)`,
      html: tex(`${dl(out, out)}${seedVal}\\quad\\text{(the seed)}`, true),
    },
  ];
  const fanOut = new Map<string, number>();
  for (const e of m.edges) fanOut.set(e.from, (fanOut.get(e.from) ?? 0) + 1);
  for (const n of [...m.nodes].reverse()) {
    const ins = m.edges.filter((e) => e.to === n.id).sort((a, b) => a.index - b.index);
    for (const e of ins) {
      const src = byId.get(e.from)!;
      if (!wantsGrad(src)) continue;
      const shared = (fanOut.get(src.id) ?? 1) > 1;
      const local = n.local.find((l) => l.input === src.id);
      // Straight out of the output the chain has one link: the output's own local derivative.
      const lines = n.id === out.id ? [] : [`${dl(out, src)} ${shared ? "\\mathrel{+}=" : "="} ${dl(out, n)} \\cdot ${dl(n, src)}`];
      lines.push(local ? local.formula.latex : dl(n, src));
      if (n.grad && n.id !== out.id) lines.push(`${dl(out, n)} \\approx ${summaryLatex(n.grad, n.shape)}`);
      if (src.grad)
        lines.push(
          `${dl(out, src)} \\approx ${summaryLatex(src.grad, src.shape)}${shared ? "\\quad\\text{(summed over all its uses)}" : ""}`,
        );
      const textEq = n.id === out.id ? `${dt(out, src)}` : `${dt(out, src)} ${shared ? "+=" : "="} ${dt(out, n)} · ${dt(n, src)}`;
      steps.push({
        lit: [...elem(n), `e_${e.from}_${e.to}_${e.index}`, ...(n.kind === "op" ? [`e_${n.id}_op_${n.id}`] : []), src.id],
        node: src.id,
        text: `${textEq}${local ? `; ${local.formula.text}` : ""}${src.grad ? ` → ${src.grad.text}` : ""}`,
        html: tex(`\\begin{aligned}${lines.map(alignAt).join(" \\\\ ")}\\end{aligned}`, true),
      });
    }
  }
  return steps;
}

/** Puts the alignment mark before a line's relation (=, +=, ≈). */
function alignAt(line: string): string {
  const i = line.search(/\\mathrel\{\+\}=| = |\\approx/);
  return i < 0 ? line : `${line.slice(0, i)}&${line.slice(i)}`;
}
