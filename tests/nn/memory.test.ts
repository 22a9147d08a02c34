/** @file 10,000 training steps keep the heap flat. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

interface Run {
  steps: number;
  samples: { step: number; heapUsed: number }[];
  loss: number;
  msPerStep: number;
}

describe("training memory", () => {
  it("10,000 steps of a small MLP (Adam, dropout, clipping, a schedule) keep the heap flat", () => {
    const script = fileURLToPath(new URL("./fixtures/memory-run.ts", import.meta.url));
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", script, "10000"], { encoding: "utf8", timeout: 120_000 });
    const run = JSON.parse(out.trim().split("\n").pop()!) as Run;
    const mb = (b: number): string => (b / 2 ** 20).toFixed(2);
    const first = run.samples[0]!;
    const last = run.samples[run.samples.length - 1]!;
    console.log(
      `heapUsed after GC: ${run.samples.map((s) => `step ${s.step}: ${mb(s.heapUsed)} MB`).join(", ")}; growth ${mb(last.heapUsed - first.heapUsed)} MB; ${run.msPerStep.toFixed(3)} ms/step`,
    );
    expect(run.loss).toBeLessThan(0.5); // it trained
    expect(last.heapUsed - first.heapUsed).toBeLessThan(2 * 2 ** 20);
    const max = Math.max(...run.samples.slice(1).map((s) => s.heapUsed));
    const min = Math.min(...run.samples.slice(1).map((s) => s.heapUsed));
    expect(max - min).toBeLessThan(1 * 2 ** 20);
  }, 150_000);
});
