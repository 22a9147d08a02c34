/** @file A small line chart of f after each gradient step. */

/**
 * Draws `values` as a line with dots, scaled to the canvas (device-pixel sharp).
 * @example
 * drawHistory(canvas, [0.38, 0.3, 0.24]);
 */
export function drawHistory(canvas: HTMLCanvasElement, values: readonly number[]): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width;
  const h = canvas.clientHeight || canvas.height;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#5b6472";
  if (values.length < 2) {
    ctx.fillText("f after each gradient step appears here", 4, h / 2);
    return;
  }
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  const x = (i: number): number => 8 + (i / (values.length - 1)) * (w - 16);
  const y = (v: number): number => h - 14 - ((v - min) / (max - min || 1)) * (h - 26);
  ctx.strokeStyle = "#4f46e5";
  ctx.lineWidth = 2;
  ctx.beginPath();
  values.forEach((v, i) => (i ? ctx.lineTo(x(i), y(v)) : ctx.moveTo(x(i), y(v))));
  ctx.stroke();
  ctx.fillStyle = "#4f46e5";
  values.forEach((v, i) => ctx.fillRect(x(i) - 2, y(v) - 2, 4, 4));
  ctx.fillStyle = "#5b6472";
  ctx.fillText(`f = ${values[0]!.toPrecision(3)}`, 4, 10);
  ctx.fillText(`${values[values.length - 1]!.toPrecision(3)} after ${values.length - 1} step${values.length > 2 ? "s" : ""}`, w / 2, h - 2);
}
