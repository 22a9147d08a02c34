/** @file The decision boundary: the model's class probabilities over a grid of the plane, painted on a canvas, with the samples on top. */
import type { Tensor } from "../chainrule.js";
import { CLASS_RGB, classColor } from "./colors.js";
import type { Session } from "./session.js";

/** Grid cells per side (one forward pass over GRID² points per redraw). */
const GRID = 48;

/** The two features drawn: the first two, or iris's petal length and width (the rest held at their mean). */
export function plottedFeatures(s: Session): [number, number] {
  return s.raw.x.shape[1]! > 2 ? [2, 3] : [0, 1];
}

/** Paints a session's decision boundary; build one per session, call `draw()` each frame. */
export class BoundaryPlot {
  private readonly grid: Tensor;
  private readonly lo: [number, number];
  private readonly hi: [number, number];
  private readonly image = document.createElement("canvas");
  /** The samples, drawn once per canvas size (they never move) and copied over the shading each frame. */
  private readonly dots = document.createElement("canvas");

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly s: Session,
  ) {
    const [fa, fb] = plottedFeatures(s);
    const x = s.raw.x.dataSync();
    const d = s.raw.x.shape[1]!;
    const range = (f: number): [number, number] => {
      let min = Infinity;
      let max = -Infinity;
      for (let i = f; i < x.length; i += d) {
        min = Math.min(min, x[i]!);
        max = Math.max(max, x[i]!);
      }
      const pad = (max - min) * 0.08;
      return [min - pad, max + pad];
    };
    const [a0, a1] = range(fa);
    const [b0, b1] = range(fb);
    this.lo = [a0, b0];
    this.hi = [a1, b1];
    const rows = new Float32Array(GRID * GRID * d);
    for (let r = 0; r < GRID; r++)
      for (let c = 0; c < GRID; c++) {
        const i = r * GRID + c;
        for (let j = 0; j < d; j++) rows[i * d + j] = s.stats.mean[j]!;
        rows[i * d + fa] = a0 + ((c + 0.5) / GRID) * (a1 - a0);
        rows[i * d + fb] = b1 - ((r + 0.5) / GRID) * (b1 - b0);
      }
    this.grid = s.standardize(rows, GRID * GRID);
    this.image.width = GRID;
    this.image.height = GRID;
  }

  /** Redraws the probabilities, then every sample in its class colour. */
  draw(): void {
    const { canvas, s } = this;
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const p = s.probabilities(this.grid);
    const k = s.classes;
    const ictx = this.image.getContext("2d")!;
    const img = ictx.createImageData(GRID, GRID);
    for (let i = 0; i < GRID * GRID; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
      // confidence 1/k … 1 mapped to a light … medium tint of the winning class
      const conf = (p[i * k + best]! - 1 / k) / (1 - 1 / k);
      const t = 0.12 + 0.45 * conf;
      const rgb = CLASS_RGB[best]!;
      for (let j = 0; j < 3; j++) img.data[i * 4 + j] = Math.round(255 + (rgb[j]! - 255) * t);
      img.data[i * 4 + 3] = 255;
    }
    ictx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.image, 0, 0, w, h);
    if (this.dots.width !== canvas.width || this.dots.height !== canvas.height) this.points(w, h, dpr);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.dots, 0, 0);
  }

  private points(w: number, h: number, dpr: number): void {
    this.dots.width = Math.round(w * dpr);
    this.dots.height = Math.round(h * dpr);
    const ctx = this.dots.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const x = this.s.raw.x.dataSync();
    const y = this.s.raw.y.dataSync();
    const [fa, fb] = plottedFeatures(this.s);
    const d = this.s.raw.x.shape[1]!;
    const r = Math.max(2.5, Math.min(w, h) / 110);
    ctx.lineWidth = 1;
    for (let i = 0; i < y.length; i++) {
      const px = ((x[i * d + fa]! - this.lo[0]) / (this.hi[0] - this.lo[0])) * w;
      const py = (1 - (x[i * d + fb]! - this.lo[1]) / (this.hi[1] - this.lo[1])) * h;
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fillStyle = classColor(y[i]!);
      ctx.fill();
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.stroke();
    }
  }
}
