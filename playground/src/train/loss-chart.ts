/** @file The loss curve: each mini-batch's cross-entropy (light) and its running average (dark) on a canvas. */

/**
 * Draws the losses of every step so far, with axes labels, scaled to the canvas.
 * @example
 * drawLoss(canvas, session.losses);
 */
export function drawLoss(canvas: HTMLCanvasElement, losses: readonly number[]): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
  if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = "12px system-ui, sans-serif";
  ctx.fillStyle = "#5b6472";
  if (losses.length === 0) {
    ctx.fillText("the loss of each mini-batch appears here", 10, h / 2);
    return;
  }
  const left = 40;
  const bottom = h - 20;
  const top = 8;
  const max = Math.max(...losses.slice(0, 20), 1e-9) * 1.05;
  const n = Math.max(losses.length, 50);
  const x = (i: number): number => left + (i / (n - 1)) * (w - left - 8);
  const y = (v: number): number => bottom - (Math.min(v, max) / max) * (bottom - top);
  ctx.strokeStyle = "#e2e8f0";
  ctx.beginPath();
  for (const f of [0, 0.5, 1]) {
    ctx.moveTo(left, y(max * f));
    ctx.lineTo(w - 8, y(max * f));
  }
  ctx.stroke();
  ctx.textAlign = "right";
  for (const f of [0, 0.5, 1]) ctx.fillText((max * f).toPrecision(2), left - 4, y(max * f) + 4);
  ctx.textAlign = "left";
  ctx.fillText(`step ${losses.length}`, w - 70, h - 4);
  const stride = Math.max(1, Math.floor(losses.length / (w - left)));
  const line = (values: (i: number) => number, color: string, width: number): void => {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    for (let i = 0; i < losses.length; i += stride) {
      if (i) ctx.lineTo(x(i), y(values(i)));
      else ctx.moveTo(x(i), y(values(i)));
    }
    ctx.stroke();
  };
  line((i) => losses[i]!, "#c7d2fe", 1);
  // running average with Adam's bias correction, so it starts at the first losses instead of creeping up from 0
  const avg: number[] = [];
  let ema = 0;
  losses.forEach((v, i) => {
    ema = 0.9 * ema + 0.1 * v;
    avg.push(ema / (1 - 0.9 ** (i + 1)));
  });
  line((i) => avg[i]!, "#4f46e5", 2);
}
