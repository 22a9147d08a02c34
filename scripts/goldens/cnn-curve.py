#!/usr/bin/env python3
# @file Generates tests/fixtures/goldens/cnn-curve.json: PyTorch's loss curve for chainrule's digits CNN from the same weights and batches.
"""PyTorch's training curve for the CNN of `chainrule train --dataset digits --model cnn` (read by
tests/goldens/cnn-curve.test.ts).

The model is the same Sequential as cli/train/cnn.ts `buildCnn`:
conv3x3(1->16, no bias) + BatchNorm2d + ReLU, conv3x3(16->32, no bias) + BatchNorm2d + ReLU,
2x2 max pool, flatten, linear 512 -> 10. It starts from the weights chainrule wrote
(tests/fixtures/goldens/cnn-init.safetensors, written by `npx tsx scripts/goldens/cnn-init.ts`), read
here with a few lines of Python (8-byte header length, JSON header, raw little-endian floats).

Training is the CLI's recipe minus the randomness: AdamW (lr 5e-3 peak, weight decay 1e-4) under
OneCycleLR over STEPS steps, cross-entropy, batches of BATCH consecutive images of the embedded digits
(src/data/embedded/digits.generated.ts, in file order, pixels / 16, wrapping around), no shifts.
Stored: the loss at each step (before that step's update) in float64 and in float32, and the
final running statistics of the first BatchNorm (float64); and the same in float64 with a max pool
whose gradient is split between tied maxima (chainrule's convention): it gives the same curve to
~1e-14, so the tie rule does not matter here. The batch is small (8) to keep the test fast and to
make a float32 argmax flip at a near-tie in max pooling unlikely (with 16, chainrule's float32 run
met one near step 134, leaving the float64 curve by 1.2e-3).

Deterministic (~5 s). Run with Debian's torch (python3-torch):
    /usr/bin/python3 -B scripts/goldens/cnn-curve.py
"""
import json
import os
import struct
import sys

import torch
from torch import nn

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
INIT = os.path.join(ROOT, "tests", "fixtures", "goldens", "cnn-init.safetensors")
DIGITS = os.path.join(ROOT, "src", "data", "embedded", "digits.generated.ts")
OUT = os.path.join(ROOT, "tests", "fixtures", "goldens", "cnn-curve.json")
STEPS = 200
BATCH = 8
LR = 5e-3
WEIGHT_DECAY = 1e-4
ALPHABET = "0123456789abcdefg"


def read_safetensors(path):
    """name -> float32 tensor, from a safetensors file (F32 entries only; the metadata is skipped)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = raw[8 + n :]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", f"{name}: expected F32, got {e['dtype']}"
        a, b = e["data_offsets"]
        values = struct.unpack(f"<{(b - a) // 4}f", body[a:b])
        out[name] = torch.tensor(values, dtype=torch.float32).reshape(e["shape"])
    return out


def read_digits():
    """The embedded digits: images [1797, 1, 8, 8] scaled to 0..1 (float64) and labels [1797]."""
    with open(DIGITS) as f:
        text = f.read()
    body = text.split("DIGITS_ROWS: string = `", 1)[1].split("`", 1)[0]
    rows = [r for r in body.split("\n") if r]
    x = torch.tensor([[ALPHABET.index(ch) / 16 for ch in r[:64]] for r in rows], dtype=torch.float64)
    y = torch.tensor([int(r[64]) for r in rows])
    return x.reshape(-1, 1, 8, 8), y


class SplitTiesMaxPool2d(nn.Module):
    """2x2 max pooling whose gradient is shared equally by tied maxima (chainrule's convention, torch.amax's)."""

    def forward(self, x):
        n, c, h, w = x.shape
        cols = nn.functional.unfold(x.reshape(n * c, 1, h, w), 2, stride=2)
        return cols.amax(dim=1).reshape(n, c, h // 2, w // 2)


def build(split_ties):
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, bias=False),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1, bias=False),
        nn.BatchNorm2d(32),
        nn.ReLU(),
        SplitTiesMaxPool2d() if split_ties else nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(32 * 4 * 4, 10),
    )


def batch_rows(step, n):
    """The rows of batch `step`: BATCH consecutive images, wrapping around the dataset."""
    return [(step * BATCH + i) % n for i in range(BATCH)]


def train(dtype, split_ties=False):
    torch.manual_seed(0)  # nothing below draws random numbers; fixed anyway
    model = build(split_ties)
    missing, unexpected = model.load_state_dict(read_safetensors(INIT), strict=False)
    assert unexpected == [] and all(k.endswith("num_batches_tracked") for k in missing), (missing, unexpected)
    model = model.to(dtype)
    x, y = read_digits()
    x = x.to(dtype)
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=LR, total_steps=STEPS)
    model.train()
    losses = []
    for step in range(STEPS):
        rows = batch_rows(step, x.shape[0])
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x[rows]), y[rows])
        loss.backward()
        opt.step()
        sched.step()
        losses.append(float(loss))
    bn = model[1]
    return losses, {"runningMean": [float(v) for v in bn.running_mean], "runningVar": [float(v) for v in bn.running_var]}


def main():
    loss64, bn64 = train(torch.float64)
    loss32, _ = train(torch.float32)
    split64, split_bn64 = train(torch.float64, split_ties=True)
    doc = {
        "generator": "scripts/goldens/cnn-curve.py",
        "torch": torch.__version__,
        "init": "tests/fixtures/goldens/cnn-init.safetensors",
        "steps": STEPS,
        "batchSize": BATCH,
        "lr": LR,
        "weightDecay": WEIGHT_DECAY,
        "loss64": loss64,
        "loss32": loss32,
        "bn1After64": bn64,
        "splitTiesLoss64": split64,
        "splitTiesBn1After64": split_bn64,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    worst = max(abs(a - b) / abs(a) for a, b in zip(loss64, loss32))
    split = max(abs(a - b) / abs(a) for a, b in zip(loss64, split64))
    print(f"max pooling that splits ties vs nn.MaxPool2d: worst relative gap {split:.2e}", file=sys.stderr)
    print(
        f"wrote {OUT}: loss {loss64[0]:.4f} -> {loss64[-1]:.4f}; torch float32 vs float64 worst relative gap {worst:.2e}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
