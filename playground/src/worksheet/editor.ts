/** @file The number editors for W, b, x, y and the choice of φ (with ReLU's subgradient at 0). */
import { cloneParams, type Params, type Phi } from "./params.js";

const SUB = "₀₁₂₃₄₅₆₇₈₉";

/** A labelled grid of number inputs, one per entry, keyed "W.i.j", "b.i", "x.j" or "y". */
function grid(name: string, rows: number, cols: number, key: (i: number, j: number) => string, note: string): string {
  let h = `<div class="mat"><div class="mat-name">${name}<span class="muted">${note}</span></div><div class="mat-cells" style="grid-template-columns: repeat(${cols}, auto)">`;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) h += `<input type="number" step="0.05" data-key="${key(i, j)}" aria-label="${key(i, j)}">`;
  return `${h}</div></div>`;
}

/** The editor panel; `onChange` gets a fresh copy of the parameters after every valid edit. */
export class Editor {
  private p: Params;

  constructor(
    private readonly root: HTMLElement,
    initial: Params,
    private readonly onChange: (p: Params) => void,
  ) {
    this.p = cloneParams(initial);
    const n = initial.W.length;
    const dIn = initial.x.length;
    root.innerHTML = `
      <div class="mats">
        ${grid("W", n, dIn, (i, j) => `W.${i}.${j}`, " ∈ ℝ" + `${n}×${dIn}`.replace(/\d/g, (c) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(c)]!))}
        ${grid("b", n, 1, (i) => `b.${i}`, "")}
        ${grid("x", dIn, 1, (i) => `x.${i}`, "")}
        ${grid("y", 1, 1, () => "y", "")}
      </div>
      <div class="row phi-row">
        <label class="field">φ <select id="phi"><option value="sigmoid">σ (sigmoid)</option><option value="tanh">tanh</option><option value="relu">ReLU</option></select></label>
        <label class="field relu-only">ReLU′(0) <select id="subgradient"><option value="0">0</option><option value="1">1</option></select></label>
        <button id="kink" class="relu-only" title="set b so that z${SUB[1]} = w${SUB[1]}ᵀx + b${SUB[1]} = 0">put z${SUB[1]} on the kink</button>
      </div>`;
    root.addEventListener("input", (e) => this.edited(e.target as HTMLInputElement | HTMLSelectElement));
    root.querySelector("#kink")!.addEventListener("click", () => {
      this.p.b[0] = -this.p.W[0]!.reduce((acc, w, j) => acc + w * this.p.x[j]!, 0);
      this.set(this.p);
      this.onChange(cloneParams(this.p));
    });
    this.set(this.p);
  }

  /** Shows `p` in the inputs (after a gradient step, or the kink button). */
  set(p: Params): void {
    this.p = cloneParams(p);
    for (const input of this.root.querySelectorAll<HTMLInputElement>("input[data-key]")) {
      const v = this.read(input.dataset["key"]!);
      if (Number(input.value) !== v || input.value === "") input.value = String(Number(v.toPrecision(4)));
    }
    (this.root.querySelector("#phi") as HTMLSelectElement).value = p.phi;
    (this.root.querySelector("#subgradient") as HTMLSelectElement).value = String(p.subgradient);
    this.root.classList.toggle("is-relu", p.phi === "relu");
  }

  private read(key: string): number {
    const [k, i, j] = key.split(".");
    if (k === "W") return this.p.W[Number(i)]![Number(j)]!;
    if (k === "b") return this.p.b[Number(i)]!;
    if (k === "x") return this.p.x[Number(i)]!;
    return this.p.y;
  }

  private edited(el: HTMLInputElement | HTMLSelectElement): void {
    if (el.id === "phi") this.p.phi = el.value as Phi;
    else if (el.id === "subgradient") this.p.subgradient = el.value === "1" ? 1 : 0;
    else {
      const v = Number(el.value);
      if (el.value.trim() === "" || !Number.isFinite(v)) return;
      const [k, i, j] = el.dataset["key"]!.split(".");
      if (k === "W") this.p.W[Number(i)]![Number(j)] = v;
      else if (k === "b") this.p.b[Number(i)] = v;
      else if (k === "x") this.p.x[Number(i)] = v;
      else this.p.y = v;
    }
    this.root.classList.toggle("is-relu", this.p.phi === "relu");
    this.onChange(cloneParams(this.p));
  }
}
