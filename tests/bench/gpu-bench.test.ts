/** @file `npm run bench -- --backend webgpu --quick`: the GPU workloads run on webgpu (SwiftShader in CI) and print the table. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { getBackend } from "../../src/index.js";
import { parseBenchArgs } from "../../bench/options.js";
import { GPU_FULL, GPU_QUICK, gpuWorkloads } from "../../bench/gpu-workloads.js";
import { runGpuBench } from "../../bench/gpu-run.js";
import { webgpuUnavailable } from "../helpers/webgpu.js";

const reason = await webgpuUnavailable();

afterEach(() => vi.restoreAllMocks());

describe("the GPU benchmark", () => {
  it("--backend webgpu parses; the full sizes are the ones the PyTorch reference uses", () => {
    expect(parseBenchArgs(["node", "run.js", "--backend", "webgpu", "--quick"]).backend).toBe("webgpu");
    expect(parseBenchArgs(["node", "run.js"]).backend).toBe("wasm");
    expect(gpuWorkloads(GPU_FULL).map((w) => w.name)).toEqual([
      "matmul-1024",
      "matmul-2048",
      "matmul-4096",
      "mlp-784-1024-1024-10-b1024",
      "seed-f-16",
    ]);
    expect(gpuWorkloads(GPU_QUICK).map((w) => w.name)).toEqual(["matmul-64", "matmul-128", "mlp-64-128-128-10-b64", "seed-f-16"]);
  });

  describe.skipIf(reason !== null)(`on webgpu${reason ? ` (skipped: ${reason})` : ""}`, () => {
    it("--quick runs every workload and prints the table with a positive number for each", { timeout: 240_000 }, async () => {
      let stdout = "";
      vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
      const report = await runGpuBench({ quick: true, json: false, log: () => {} });
      vi.restoreAllMocks();
      expect(report.sizes).toBe("quick");
      expect(stdout).toMatch(/chainrule backend webgpu \(/);
      for (const w of report.workloads) {
        expect(w.results["chainrule"]).toBeGreaterThan(0);
        expect(stdout).toMatch(new RegExp(`^${w.name} +${w.unit}`, "m"));
      }
      expect(report.workloads).toHaveLength(4);
      expect(getBackend()).toBe("js");
    });
  });
});
