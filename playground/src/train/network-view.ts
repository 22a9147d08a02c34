/** @file The network as SVG: weights coloured by sign and sized by magnitude, each step's |∂L/∂w| flowing backward along the edges, clickable neurons. */
import type { LayerSnapshot } from "./session.js";

const NS = "http://www.w3.org/2000/svg";
const W = 640;
const H = 380;
/** Approximate width of one label character at 13 px, to leave room for the labels beside the columns. */
const CHAR_W = 7.2;
const PAD_Y = 26;

/** A neuron the learner clicked: column (1 = first hidden layer) and unit. */
export interface NeuronRef {
  layer: number;
  unit: number;
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** The drawing of one network shape; `update()` recolours it after each step. */
export class NetworkView {
  private readonly svg: SVGSVGElement;
  private readonly weights: SVGLineElement[][] = [];
  private readonly grads: SVGLineElement[][] = [];
  private readonly neurons: SVGCircleElement[][] = [];
  private selected: NeuronRef | null = null;

  constructor(
    root: HTMLElement,
    private readonly sizes: readonly number[],
    labels: { inputs: string[]; outputs: string[] },
    private readonly onSelect: (n: NeuronRef) => void,
  ) {
    root.innerHTML = "";
    const longest = (xs: string[]): number => Math.max(3, ...xs.map((x) => [...x].length));
    const padLeft = 30 + CHAR_W * longest(labels.inputs);
    const padRight = 30 + CHAR_W * longest(labels.outputs);
    this.svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "the network" });
    root.appendChild(this.svg);
    // a column of n neurons spans the height once n > 10, and is centred with the same spacing below that
    const pos = sizes.map((n, l) => {
      const spread = (H - 2 * PAD_Y) * Math.min(1, (n - 1) / 10);
      return Array.from({ length: n }, (_, i) => ({
        x: padLeft + (l / (sizes.length - 1)) * (W - padLeft - padRight),
        y: n === 1 ? H / 2 : H / 2 - spread / 2 + (i / (n - 1)) * spread,
      }));
    });
    const edges = el("g", {});
    const flows = el("g", { class: "flows" });
    this.svg.append(edges, flows);
    for (let l = 0; l + 1 < sizes.length; l++) {
      const wl: SVGLineElement[] = [];
      const gl: SVGLineElement[] = [];
      for (let j = 0; j < sizes[l + 1]!; j++)
        for (let k = 0; k < sizes[l]!; k++) {
          const a = pos[l]![k]!;
          const b = pos[l + 1]![j]!;
          wl.push(edges.appendChild(el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y })));
          // drawn from the later layer back to the earlier one, so the dashes travel backward
          gl.push(flows.appendChild(el("line", { x1: b.x, y1: b.y, x2: a.x, y2: a.y, class: "flow" })));
        }
      this.weights.push(wl);
      this.grads.push(gl);
    }
    const r = Math.max(5, Math.min(11, (H - 2 * PAD_Y) / Math.max(...sizes) / 2.6));
    sizes.forEach((n, l) => {
      const col: SVGCircleElement[] = [];
      for (let i = 0; i < n; i++) {
        const p = pos[l]![i]!;
        const c = el("circle", { cx: p.x, cy: p.y, r, class: l === 0 ? "neuron input" : "neuron" });
        c.setAttribute("data-layer", String(l));
        c.setAttribute("data-unit", String(i));
        if (l > 0) c.addEventListener("click", () => this.select({ layer: l, unit: i }));
        const title = el("title", {});
        title.textContent =
          l === 0 ? labels.inputs[i]! : l === sizes.length - 1 ? `output: ${labels.outputs[i]}` : `hidden layer ${l}, unit ${i + 1}`;
        c.appendChild(title);
        this.svg.appendChild(c);
        col.push(c);
        const text = l === 0 ? labels.inputs[i] : l === sizes.length - 1 ? labels.outputs[i] : null;
        if (text) {
          const t = el("text", {
            x: l === 0 ? p.x - r - 6 : p.x + r + 6,
            y: p.y + 4,
            "text-anchor": l === 0 ? "end" : "start",
            class: "label",
          });
          t.textContent = text;
          this.svg.appendChild(t);
        }
      }
      this.neurons.push(col);
    });
  }

  /** Highlights a neuron and tells the page. */
  select(n: NeuronRef): void {
    if (this.selected) this.neurons[this.selected.layer]?.[this.selected.unit]?.classList.remove("selected");
    this.selected = n;
    this.neurons[n.layer]?.[n.unit]?.classList.add("selected");
    this.onSelect(n);
  }

  /** Recolours every edge: weight sign and size, and the last step's gradient magnitude (scaled over the whole network); returns the largest |∂L/∂w|. */
  update(layers: readonly LayerSnapshot[]): number {
    let wMax = 1e-12;
    let gMax = 1e-12;
    for (const L of layers)
      for (let i = 0; i < L.weight.length; i++) {
        wMax = Math.max(wMax, Math.abs(L.weight[i]!));
        gMax = Math.max(gMax, Math.abs(L.grad[i]!));
      }
    layers.forEach((L, l) => {
      for (let i = 0; i < L.weight.length; i++) {
        const w = L.weight[i]!;
        const m = Math.abs(w) / wMax;
        const line = this.weights[l]![i]!;
        line.setAttribute("stroke", w >= 0 ? "#2563eb" : "#dc2626");
        line.setAttribute("stroke-width", (0.4 + 3.2 * m).toFixed(2));
        line.setAttribute("stroke-opacity", (0.15 + 0.7 * m).toFixed(2));
        const g = Math.sqrt(Math.abs(L.grad[i]!) / gMax);
        const flow = this.grads[l]![i]!;
        flow.setAttribute("stroke-width", (0.6 + 3.5 * g).toFixed(2));
        flow.setAttribute("stroke-opacity", (0.9 * g).toFixed(2));
      }
    });
    return gMax;
  }
}
