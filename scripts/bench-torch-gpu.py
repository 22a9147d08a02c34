# @file The PyTorch CUDA reference of the webgpu benchmark: the same workloads timed on a GPU, printed as the same JSON.
"""The PyTorch CUDA reference for `npm run bench -- --backend webgpu` (bench/gpu-workloads.ts): the same
workloads and sizes in float32 with TF32 off, timed like bench/gpu-run.ts (doubling batches of steps, each
batch ended by torch.cuda.synchronize(), medians of rounds). Prints one JSON document shaped like the GPU
bench's --json output. Usage: python3 scripts/bench-torch-gpu.py [--quick]
"""

import json
import statistics
import sys
import time

import torch

QUICK = "--quick" in sys.argv[1:]
# the sizes of GPU_FULL and GPU_QUICK in bench/gpu-workloads.ts
MATMUL = [64, 128] if QUICK else [1024, 2048, 4096]
MLP_SIZES, MLP_BATCH, MLP_LR = ([64, 128, 128, 10], 64, 0.01) if QUICK else ([784, 1024, 1024, 10], 1024, 0.01)
SEED_F = 16
ROUNDS, SAMPLE_MS = (3, 50) if QUICK else (7, 300)

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.set_float32_matmul_precision("highest")
dev = torch.device("cuda")
gen = torch.Generator(device="cpu").manual_seed(0)


def uniform(*shape, scale=1.0):
    return ((torch.rand(*shape, generator=gen) * 2 - 1) * scale).to(dev, torch.float32)


def time_steps(step, ms):
    """Milliseconds per step: doubling batches of steps, each followed by a synchronize, until ms have passed."""
    n, batch = 0, 1
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    while True:
        for _ in range(batch):
            step()
        torch.cuda.synchronize()
        n += batch
        elapsed = (time.perf_counter() - t0) * 1e3
        if elapsed >= ms and n >= 2:
            return elapsed / n
        batch = min(batch * 2, 256)


def measure(step):
    time_steps(step, SAMPLE_MS / 2)
    return statistics.median(time_steps(step, SAMPLE_MS) for _ in range(ROUNDS)) / 1e3


def matmul_step(n):
    a, b = uniform(n, n), uniform(n, n)
    return lambda: torch.matmul(a, b)


def mlp_step():
    layers = []
    for i in range(len(MLP_SIZES) - 1):
        layers.append(torch.nn.Linear(MLP_SIZES[i], MLP_SIZES[i + 1]))
        if i < len(MLP_SIZES) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=MLP_LR)
    x = uniform(MLP_BATCH, MLP_SIZES[0])
    labels = torch.tensor([(i * 7) % MLP_SIZES[-1] for i in range(MLP_BATCH)], device=dev)

    def step():
        opt.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(x), labels).backward()
        opt.step()

    return step


def seed_f_step():
    W = uniform(SEED_F, SEED_F, scale=0.5).requires_grad_()
    b = uniform(SEED_F, scale=0.1).requires_grad_()
    x = uniform(SEED_F)
    y = torch.tensor(1.0, device=dev)

    def step():
        ((y - torch.sigmoid(W @ x + b).sum()) ** 2).backward()
        W.grad = None
        b.grad = None

    return step


def row(name, unit, higher, value):
    return {"name": name, "unit": unit, "higherIsBetter": higher, "results": {"pytorch-cuda": value}}


workloads = [row(f"matmul-{n}", "GFLOP/s", True, 2 * n**3 / measure(matmul_step(n)) / 1e9) for n in MATMUL]
workloads.append(row(f"mlp-{'-'.join(map(str, MLP_SIZES))}-b{MLP_BATCH}", "ms", False, measure(mlp_step()) * 1e3))
workloads.append(row(f"seed-f-{SEED_F}", "µs", False, measure(seed_f_step()) * 1e6))
name = torch.cuda.get_device_name(0)
print(
    json.dumps(
        {
            "machine": f"{name}, PyTorch {torch.__version__}, CUDA {torch.version.cuda}, float32, TF32 off",
            "adapter": name,
            "sizes": "quick" if QUICK else "full",
            "workloads": workloads,
        },
        indent=2,
        ensure_ascii=False,
    )
)
