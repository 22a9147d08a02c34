/** @file The Train page: trains in short slices per animation frame, redraws the boundary, loss and network, and explains a clicked neuron. */
import { mountNav } from "../nav.js";
import { BoundaryPlot, plottedFeatures } from "./boundary.js";
import { fillMenus, readSettings, showSettings } from "./controls.js";
import { inspectNeuron } from "./inspect.js";
import { drawLoss } from "./loss-chart.js";
import { NetworkView, type NeuronRef } from "./network-view.js";
import { Session } from "./session.js";
import { defaults, type Settings } from "./settings.js";
import "./train.css";

mountNav("train");
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Milliseconds of training per animation frame: the rest of the frame stays free for drawing and input. */
const SLICE_MS = 12;
/** Redraws (boundary, accuracy, network) at most this often while training. */
const DRAW_MS = 200;

let settings: Settings = defaults("moons");
let session: Session;
let plot: BoundaryPlot;
let net: NetworkView;
let running = false;
let selected: NeuronRef | null = null;
let lastDraw = 0;
let lastInspect = 0;
let acc = { train: 0, test: 0 };
/** How long the last redraw and the last training slice took (ms), for the curious and the tests. */
const timing = { drawMs: 0, sliceMs: 0, sliceSteps: 0 };

function start(s: Settings): void {
  settings = s;
  session = new Session(s);
  plot = new BoundaryPlot($("boundary") as HTMLCanvasElement, session);
  const inputs = session.raw.featureNames.map((f, i) => (session.raw.x.shape[1]! > 2 ? f.replace(/\s*\(.*\)$/, "") : `x${"₁₂"[i]}`));
  net = new NetworkView($("network"), session.sizes, { inputs, outputs: session.raw.classes }, (n) => {
    selected = n;
    $("inspect").innerHTML = inspectNeuron(session, n);
  });
  selected = null;
  $("inspect").innerHTML = "<p class='muted'>Click a hidden or output neuron in the network.</p>";
  const [fa, fb] = plottedFeatures(session);
  const names = session.raw.featureNames;
  $("boundary-note").textContent =
    session.raw.x.shape[1]! > 2
      ? `${names[fa]} (→) against ${names[fb]} (↑); the other features held at their mean.`
      : `${session.raw.x.shape[0]} samples; 80% train, 20% test. Shading: the predicted class, darker where the model is surer.`;
  draw(true);
}

function draw(full: boolean): void {
  const t0 = performance.now();
  acc = { train: session.accuracy(session.train), test: session.accuracy(session.test) };
  $("steps").textContent = String(session.steps);
  $("epoch").textContent = String(session.epoch);
  const loss = session.losses[session.losses.length - 1];
  $("loss").textContent = loss === undefined ? "–" : loss.toFixed(4);
  $("acc-train").textContent = acc.train.toFixed(3);
  $("acc-test").textContent = acc.test.toFixed(3);
  plot.draw();
  const gMax = net.update(session.layers);
  $("grad-max").textContent = session.steps ? `(largest: ${gMax.toExponential(2)})` : "";
  drawLoss($("loss-chart") as HTMLCanvasElement, session.losses);
  if (selected && (full || performance.now() - lastInspect > 600)) {
    $("inspect").innerHTML = inspectNeuron(session, selected);
    lastInspect = performance.now();
  }
  timing.drawMs = performance.now() - t0;
}

function frame(): void {
  if (running) {
    const t0 = performance.now();
    let n = 0;
    do {
      session.step();
      n++;
    } while (performance.now() - t0 < SLICE_MS);
    timing.sliceMs = performance.now() - t0;
    timing.sliceSteps = n;
    // measured from the end of the last redraw, so a slow redraw never crowds out training
    if (performance.now() - lastDraw > DRAW_MS) {
      draw(false);
      lastDraw = performance.now();
    }
  }
  requestAnimationFrame(frame);
}

function setRunning(on: boolean): void {
  running = on;
  $("run").textContent = on ? "pause" : "train";
  if (!on) draw(true);
}

/** Restarts with the form's settings (a new dataset brings its own good defaults). */
function restart(datasetChanged: boolean): void {
  const s = datasetChanged ? defaults(($("dataset") as HTMLSelectElement).value as Settings["dataset"]) : readSettings(settings);
  if (typeof s === "string") {
    $("message").textContent = s;
    return;
  }
  $("message").textContent = "";
  if (datasetChanged) showSettings(s);
  start(s);
}

fillMenus();
showSettings(settings);
start(settings);
$("run").addEventListener("click", () => setRunning(!running));
$("step").addEventListener("click", () => {
  setRunning(false);
  session.step();
  draw(true);
});
$("reset").addEventListener("click", () => restart(false));
$("dataset").addEventListener("change", () => restart(true));
for (const id of ["hidden", "activation", "optimizer", "lr", "batch"]) $(id).addEventListener("change", () => restart(false));
requestAnimationFrame(frame);

/** What the browser test reads besides the page text. */
(window as unknown as { playground: object }).playground = {
  accuracy: () => acc,
  steps: () => session.steps,
  running: () => running,
  timing: () => ({ ...timing }),
};
