# @file PyTorch's time to a dev loss on the words split, training the model of `chainrule train --dataset words --model transformer`.
"""The same model, batches of the same size drawn from the same split, the same optimizer and schedule
as chainrule's defaults (2 pre-norm blocks, d 64, 4 heads, ReLU MLP 4d, batch 128 words, AdamW 1e-2
with weight decay 0.01, linear warm-up from 0 over 100 steps then cosine to lr/10 over 2,000 steps),
dev loss per character every 250 steps, the clock including the evaluations like chainrule's.

    npx tsx bench/words/split.ts /tmp/words-split.json
    /usr/bin/python3 -B bench/words/torch-words.py /tmp/words-split.json [threads] [steps] [lr]

Prints one JSON document: the history and the first time the dev loss reached 1.95 (null if never).
"""
import importlib.util
import json
import math
import os
import sys
import time

import torch
from torch import nn

D, HEADS, BLOCKS, CONTEXT, BATCH, WD, EVAL_EVERY = 64, 4, 2, 11, 128, 0.01, 250


def load_model_code():
    """Block, CharTransformer and encode from the committed golden generator: one definition of the model in PyTorch."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "goldens", "words-curve.py")
    spec = importlib.util.spec_from_file_location("words_curve", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WORDS = load_model_code()
encode = WORDS.encode


class WordsModel(WORDS.CharTransformer):
    """The golden generator's model with its head applied at the positions that predict: logits [rows, 27]."""

    def __init__(self):
        super().__init__({"dim": D, "heads": HEADS, "blocks": BLOCKS, "context": CONTEXT})

    def forward(self, ids, rows):
        return self.head(super().forward(ids).reshape(-1, D)[rows])


def dev_loss(model, words):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(words), 512):
            ids, rows, targets = encode(words[i : i + 512])
            total += nn.functional.cross_entropy(model(ids, rows), targets, reduction="sum").item()
            count += len(targets)
    model.train()
    return total / count


def main():
    split = json.load(open(sys.argv[1]))
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    lr = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = WordsModel()
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=WD)
    warmup = min(100, steps // 10)

    def factor(t):
        if t < warmup:
            return t / warmup
        p = (t - warmup) / (steps - warmup)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(p, 1.0)))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    g = torch.Generator().manual_seed(1)
    train = split["train"]
    history, reached = [], None
    t0 = time.perf_counter()
    for step in range(1, steps + 1):
        batch = [train[i] for i in torch.randint(len(train), (BATCH,), generator=g).tolist()]
        ids, rows, targets = encode(batch)
        loss = nn.functional.cross_entropy(model(ids, rows), targets)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % EVAL_EVERY == 0 or step == steps:
            d = dev_loss(model, split["dev"])
            s = time.perf_counter() - t0
            history.append({"step": step, "devLoss": d, "seconds": s})
            if reached is None and d <= 1.95:
                reached = {"step": step, "seconds": s}
    print(json.dumps({"torch": torch.__version__, "threads": threads, "steps": steps, "lr": lr, "history": history, "reached195": reached}))


if __name__ == "__main__":
    main()
