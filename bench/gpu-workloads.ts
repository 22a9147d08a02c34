/** @file The GPU benchmark's workloads (chainrule on webgpu): large matmuls, a wide MLP step and the worksheet's f, at full or quick sizes. */
import { matmul, nn, optim, sigmoid, tensor, type Tensor } from "../src/index.js";
import { SEED_F, uniform } from "./data.js";

/** The sizes of a run: full for a GPU, quick for a smoke run (SwiftShader, CI). Shared with scripts/bench-torch-gpu.py. */
export interface GpuSizes {
  matmul: readonly number[];
  mlp: { sizes: readonly number[]; batch: number; lr: number };
  seedF: { n: number; d: number };
}

/** On a GPU: matmul n = 1024, 2048, 4096; an SGD step of the 784-1024-1024-10 MLP at batch 1024; f at n = d = 16. */
export const GPU_FULL: GpuSizes = {
  matmul: [1024, 2048, 4096],
  mlp: { sizes: [784, 1024, 1024, 10], batch: 1024, lr: 0.01 },
  seedF: SEED_F,
};

/** --quick: small enough for SwiftShader (the CPU Vulkan driver) in seconds; its numbers say nothing about a GPU. */
export const GPU_QUICK: GpuSizes = { matmul: [64, 128], mlp: { sizes: [64, 128, 128, 10], batch: 64, lr: 0.01 }, seedF: SEED_F };

/** One GPU workload: the step records kernels (no read); the runner waits for the GPU after a batch of steps. */
export interface GpuWorkload {
  name: string;
  unit: "GFLOP/s" | "ms" | "µs";
  higherIsBetter: boolean;
  score(secondsPerStep: number): number;
  /** Builds the inputs (on the selected webgpu backend) and returns the step. */
  setup(): () => void;
}

const f32 = { dtype: "float32" } as const;

/** C = A·B for n×n float32 matrices. */
function matmulWorkload(n: number): GpuWorkload {
  return {
    name: `matmul-${n}`,
    unit: "GFLOP/s",
    higherIsBetter: true,
    score: (s) => (2 * n ** 3) / s / 1e9,
    setup: () => {
      const a = tensor(uniform(n * n, 1), { ...f32, shape: [n, n] });
      const b = tensor(uniform(n * n, 2), { ...f32, shape: [n, n] });
      return () => void matmul(a, b);
    },
  };
}

/** One SGD step (zero, forward, cross-entropy, backward, update) of an MLP with ReLU. */
function mlpWorkload(m: GpuSizes["mlp"]): GpuWorkload {
  return {
    name: `mlp-${m.sizes.join("-")}-b${m.batch}`,
    unit: "ms",
    higherIsBetter: false,
    score: (s) => s * 1e3,
    setup: () => {
      const inputs = m.sizes[0]!;
      const classes = m.sizes[m.sizes.length - 1]!;
      const model = new nn.MLP([...m.sizes], { seed: 0 });
      const opt = new optim.SGD(model.parameters(), { lr: m.lr });
      const x = tensor(uniform(m.batch * inputs, 7), { ...f32, shape: [m.batch, inputs] });
      const labels = Array.from({ length: m.batch }, (_, i) => (i * 7) % classes);
      return () => {
        opt.zeroGrad();
        nn.crossEntropy(model.forward(x), labels).backward();
        opt.step();
      };
    },
  };
}

/** The worksheet's f = (y − Σᵢ σ(wᵢᵀx + bᵢ))² and its gradients ∂f/∂W, ∂f/∂b (dispatch-bound: tiny kernels). */
function seedFWorkload({ n, d }: GpuSizes["seedF"]): GpuWorkload {
  return {
    name: `seed-f-${n}`,
    unit: "µs",
    higherIsBetter: false,
    score: (s) => s * 1e6,
    setup: () => {
      const W = tensor(uniform(n * d, 11, 0.5), { ...f32, shape: [n, d], requiresGrad: true });
      const b = tensor(uniform(n, 12, 0.1), { ...f32, shape: [n], requiresGrad: true });
      const x = tensor(uniform(d, 13), { ...f32, shape: [d] });
      const y: Tensor = tensor(1, f32);
      return () => {
        y.sub(sigmoid(matmul(W, x).add(b)).sum())
          .square()
          .backward();
        W.grad = null;
        b.grad = null;
      };
    },
  };
}

/**
 * The workloads of a GPU run at the given sizes, in report order.
 * @example
 * gpuWorkloads(GPU_QUICK).map((w) => w.name); // ["matmul-64", "matmul-128", "mlp-64-128-128-10-b64", "seed-f-16"]
 */
export function gpuWorkloads(sizes: GpuSizes): GpuWorkload[] {
  return [...sizes.matmul.map(matmulWorkload), mlpWorkload(sizes.mlp), seedFWorkload(sizes.seedF)];
}
