/** @file The worksheet page: edit W, b, x, y and φ; see f, chainrule's graph, the backward stepper, gradient steps and the three-way table. */
import { captureGraph, renderSvg } from "../chainrule.js";
import { mountNav } from "../nav.js";
import { tex } from "../tex.js";
import { buildF, type Built } from "./compute.js";
import { Editor } from "./editor.js";
import { GraphView } from "./graph-view.js";
import { drawHistory } from "./history.js";
import { cloneParams, defaultParams, type Params } from "./params.js";
import { backwardSteps, type Step } from "./steps.js";
import { renderTable } from "./table.js";
import "./worksheet.css";

mountNav("worksheet");
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

$("formula").innerHTML =
  `Worksheet problem 2: ${tex("f(\\mathbf{W}, \\mathbf{b}, \\mathbf{x}, y) = \\Big(y - \\sum_{i=1}^{n} \\phi(\\mathbf{w}_i^\\top \\mathbf{x} + b_i)\\Big)^2")}. ` +
  "Change any number and everything below is recomputed by chainrule. Step the backward pass to watch each gradient appear when it is computed.";
$("f-tex").innerHTML = tex("f =");

let params: Params = defaultParams();
let built: Built = buildF(params);
let steps: Step[] = [];
let k = -1;
let shown = new Set<string>();
let generation = 0;
let timer: ReturnType<typeof setInterval> | null = null;
const history: number[] = [];
const view = new GraphView($("graph"));
const editor = new Editor($("editor"), params, (p) => {
  params = p;
  history.length = 0;
  void refresh();
});

/** Shows step `to` (clamped to −1 … last). */
function go(to: number): void {
  k = Math.max(-1, Math.min(steps.length - 1, to));
  shown = view.apply(steps, k);
  $("counter").textContent = `${k + 1} / ${steps.length}`;
  $("step").innerHTML =
    k < 0
      ? "<p class='muted'>Forward pass done: every value is known, no gradient yet. Press <b>next</b> to start backward from f.</p>"
      : steps[k]!.html;
  ($("prev") as HTMLButtonElement).disabled = k < 0;
  ($("first") as HTMLButtonElement).disabled = k < 0;
  ($("next") as HTMLButtonElement).disabled = k >= steps.length - 1;
  ($("last") as HTMLButtonElement).disabled = k >= steps.length - 1;
}

/** Rebuilds f from the current numbers and redraws everything that depends on them. */
async function refresh(): Promise<void> {
  const mine = ++generation;
  built = buildF(params);
  const svg = await renderSvg(built.f);
  if (mine !== generation) return;
  steps = backwardSteps(captureGraph(built.f).model);
  view.show(svg);
  go(k);
  const f = built.f.item();
  $("f-value").textContent = f.toPrecision(6);
  if (history.length === 0 || history[history.length - 1] !== f) history.push(f);
  drawHistory($("f-history") as HTMLCanvasElement, history);
  $("f-steps").textContent = history.length > 1 ? `f after each step: ${history.map((v) => v.toPrecision(4)).join(" → ")}` : "";
  renderTable($("table"), params, built);
}

function stop(): void {
  if (timer) clearInterval(timer);
  timer = null;
  $("play").textContent = "play";
}

$("first").addEventListener("click", () => (stop(), go(-1)));
$("prev").addEventListener("click", () => (stop(), go(k - 1)));
$("next").addEventListener("click", () => (stop(), go(k + 1)));
$("last").addEventListener("click", () => (stop(), go(steps.length - 1)));
$("play").addEventListener("click", () => {
  if (timer) return stop();
  if (k >= steps.length - 1) go(-1);
  $("play").textContent = "pause";
  timer = setInterval(() => (k >= steps.length - 1 ? stop() : go(k + 1)), 900);
});
document.addEventListener("keydown", (e) => {
  if ((e.target as HTMLElement).closest("input, select")) return;
  if (e.key === "ArrowRight") go(k + 1);
  else if (e.key === "ArrowLeft") go(k - 1);
});
$("descend").addEventListener("click", () => {
  const eta = Number(($("eta") as HTMLInputElement).value);
  if (!Number.isFinite(eta)) return;
  const gW = built.W.grad!.toArray() as number[][];
  const gb = built.b.grad!.toArray() as number[];
  const next = cloneParams(params);
  next.W = params.W.map((w, i) => w.map((v, j) => v - eta * gW[i]![j]!));
  next.b = params.b.map((v, i) => v - eta * gb[i]!);
  params = next;
  editor.set(params);
  void refresh();
});
$("reset").addEventListener("click", () => {
  params = defaultParams();
  history.length = 0;
  editor.set(params);
  void refresh();
});

/** What the browser test reads: the step, the step count and the nodes whose gradient is shown. */
(window as unknown as { playground: object }).playground = {
  step: () => k,
  steps: () => steps.length,
  shown: () => [...shown],
  reached: () => [...new Set(steps.slice(0, k + 1).flatMap((s) => s.completes))],
  ready: () => steps.length > 0,
};
void refresh();
