# @file PyTorch's loss curve for a tiny character transformer on fixed word batches (tests/fixtures/words-curve.json).
"""Trains the model of `chainrule train --model transformer` (tiny: d 16, 2 heads, 1 block) in float32
with AdamW from initial weights it draws, on 200 fixed batches of words, and writes the weights,
the batches and the loss at every step. tests/cli/words-curve.test.ts loads the same weights into
chainrule, trains on the same batches and expects the same curve.

Run once (the JSON is committed; tests never need Python):
    /usr/bin/python3 -B scripts/goldens/words-curve.py
"""
import json
import os
import re

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "words-curve.json")
CONFIG = {"dim": 16, "heads": 2, "blocks": 1, "context": 11, "mlpRatio": 4, "seed": 0}
STEPS, BATCH, LR, WEIGHT_DECAY = 200, 8, 3e-3, 0.01


class Block(nn.Module):
    """Pre-norm: x + attn(ln1(x)), then x + mlp(ln2(x)) with ReLU: chainrule's nn.TransformerBlock."""

    def __init__(self, d, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.ReLU(), nn.Linear(4 * d, d))

    def forward(self, x):
        n = x.shape[1]
        mask = torch.triu(torch.full((n, n), float("-inf")), diagonal=1)
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class CharTransformer(nn.Module):
    """tok + pos → blocks → ln_f → head, with chainrule's parameter names."""

    def __init__(self, c):
        super().__init__()
        self.tok = nn.Embedding(27, c["dim"])
        self.pos = nn.Embedding(c["context"], c["dim"])
        self.blocks = nn.Sequential(*[Block(c["dim"], c["heads"]) for _ in range(c["blocks"])])
        self.ln_f = nn.LayerNorm(c["dim"])
        self.head = nn.Linear(c["dim"], 27)

    def forward(self, ids):
        x = self.tok(ids) + self.pos.weight[: ids.shape[1]]
        return self.ln_f(self.blocks(x))


def encode(words):
    """chainrule's encodeWords: input '.word' padded with 0, targets 'word.' at the positions that predict."""
    n = max(len(w) for w in words) + 1
    ids = torch.zeros(len(words), n, dtype=torch.long)
    rows, targets = [], []
    for b, w in enumerate(words):
        for t in range(len(w) + 1):
            if t > 0:
                ids[b, t] = ord(w[t - 1]) - 96
            rows.append(b * n + t)
            targets.append(ord(w[t]) - 96 if t < len(w) else 0)
    return ids, torch.tensor(rows), torch.tensor(targets)


def main():
    with open("/usr/share/dict/american-english") as f:
        words = sorted({w for w in f.read().split("\n") if re.fullmatch(r"[a-z]{3,10}", w)})
    g = torch.Generator().manual_seed(0)
    batches = [[words[i] for i in torch.randint(len(words), (BATCH,), generator=g).tolist()] for _ in range(STEPS)]
    torch.manual_seed(0)
    model = CharTransformer(CONFIG)
    params = {n: {"shape": list(p.shape), "data": p.detach().reshape(-1).tolist()} for n, p in model.named_parameters()}
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    losses = []
    for batch in batches:
        ids, rows, targets = encode(batch)
        h = model(ids)
        logits = model.head(h.reshape(-1, CONFIG["dim"])[rows])
        loss = nn.functional.cross_entropy(logits, targets)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    doc = {
        "generator": "scripts/goldens/words-curve.py", "torch": torch.__version__, "config": CONFIG,
        "lr": LR, "weightDecay": WEIGHT_DECAY, "params": params, "batches": batches, "losses": losses,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f)
    print(f"wrote {OUT}: loss {losses[0]:.4f} → {losses[-1]:.4f}")


if __name__ == "__main__":
    main()
