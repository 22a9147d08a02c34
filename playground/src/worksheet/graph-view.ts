/** @file chainrule's SVG of f in the page: gradients hidden until the stepper reaches them, lit edges, the view following the step. */
import type { Step } from "./steps.js";

/** The colour chainrule's pictures write gradients in (theme.grad): how gradient lines are told from value lines. */
const GRAD_FILL = "#c2410c";
/** Smallest scale the graph is drawn at: below it the labels get too small to read, and the pane scrolls instead. */
const MIN_SCALE = 1.1;

/** The graph pane: call `show(svg)` for each new drawing, then `apply(steps, k)` for each step. */
export class GraphView {
  private svg: SVGSVGElement | null = null;
  private readonly gradLines = new Map<string, SVGElement[]>();
  private box = { x: 0, y: 0, w: 1, h: 1 };

  constructor(private readonly pane: HTMLElement) {
    new ResizeObserver(() => this.fit()).observe(pane);
  }

  /** Puts chainrule's SVG in the pane, cropped to the graph (the legend is on the page), gradient lines hidden. */
  show(svgText: string): void {
    const scroll = this.pane.scrollLeft;
    this.pane.innerHTML = svgText.replace(/^[\s\S]*?(<svg)/, "$1");
    const svg = this.pane.querySelector("svg")!;
    this.svg = svg;
    this.gradLines.clear();
    for (const g of svg.querySelectorAll<SVGGElement>("g.node")) {
      if (!/^n\d+$/.test(g.id)) continue;
      const lines = [...g.querySelectorAll<SVGElement>("text")].filter((t) => t.getAttribute("fill") === GRAD_FILL);
      if (lines.length) this.gradLines.set(g.id, lines);
    }
    const parts = [...svg.querySelectorAll<SVGGraphicsElement>("g.node, g.edge")];
    const b = parts.reduce(
      (acc, el) => {
        const r = el.getBBox();
        return {
          x0: Math.min(acc.x0, r.x),
          y0: Math.min(acc.y0, r.y),
          x1: Math.max(acc.x1, r.x + r.width),
          y1: Math.max(acc.y1, r.y + r.height),
        };
      },
      { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity },
    );
    const graph = svg.querySelector<SVGGElement>("g.graph")!;
    const m = graph.transform.baseVal.consolidate()?.matrix;
    const [tx, ty] = m ? [m.e, m.f] : [0, 0];
    this.box = { x: b.x0 + tx - 8, y: b.y0 + ty - 8, w: b.x1 - b.x0 + 16, h: b.y1 - b.y0 + 16 };
    svg.setAttribute("viewBox", `${this.box.x} ${this.box.y} ${this.box.w} ${this.box.h}`);
    this.fit();
    this.pane.scrollLeft = scroll;
  }

  /** Scales the drawing to the pane's width, but never below MIN_SCALE (then the pane scrolls). */
  private fit(): void {
    if (!this.svg) return;
    const scale = Math.max(MIN_SCALE, Math.min(1.4, (this.pane.clientWidth - 4) / this.box.w));
    this.svg.setAttribute("width", String(Math.round(this.box.w * scale)));
    this.svg.setAttribute("height", String(Math.round(this.box.h * scale)));
  }

  /** Lights step k (−1: before the backward pass) and shows exactly the gradients computed by then. */
  apply(steps: readonly Step[], k: number): Set<string> {
    const svg = this.svg;
    const known = new Set<string>();
    if (!svg) return known;
    for (const el of svg.querySelectorAll(".lit, .done")) el.classList.remove("lit", "done");
    for (let i = 0; i <= k && i < steps.length; i++) {
      for (const id of steps[i]!.lit) svg.getElementById(id)?.classList.add(i === k ? "lit" : "done");
      for (const id of steps[i]!.completes) known.add(id);
    }
    for (const [id, lines] of this.gradLines) {
      const shown = known.has(id);
      for (const t of lines) t.style.display = shown ? "" : "none";
      svg.getElementById(id)?.setAttribute("data-grad", shown ? "shown" : "hidden");
    }
    if (k >= 0 && k < steps.length) this.follow(steps[k]!.node);
    return known;
  }

  /** Scrolls the pane so that the node the gradient just reached is in view. */
  private follow(id: string): void {
    const el = this.svg?.getElementById(id) as SVGGraphicsElement | null;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const p = this.pane.getBoundingClientRect();
    if (r.left < p.left || r.right > p.right)
      this.pane.scrollBy({ left: r.left + r.width / 2 - (p.left + p.width / 2), behavior: "smooth" });
  }
}
