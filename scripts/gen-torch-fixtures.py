#!/usr/bin/env python3
# @file Generates tests/fixtures/torch-golden.json with float64 PyTorch (run: /usr/bin/python3 -B scripts/gen-torch-fixtures.py).
"""Generates tests/fixtures/torch-golden.json: random op programs evaluated by PyTorch in float64.

Each program is a small DAG of ops drawn from chainrule's op table (broadcasting, matmul with
transposes, reductions with axes, softmax/logsumexp, shape ops, fan-out). Program i is made to
contain ALL_OPS[i % len(ALL_OPS)], so every op appears somewhere. Stored per program: the inputs,
every intermediate value, the scalar output, the gradient with respect to every input, and a
Hessian-vector product (the gradient of sum_j <grad_j, r_j> for a stored random direction r).

The op-list language (interpreted by tests/helpers/golden-program.ts): inputs are
{"name": "x0", "shape": [...], "data": [...]}; each op is {"out": "v3", "op": "matmul",
"args": ["v2", "x1"], ...attributes}, where args name earlier values or are number literals, and
attributes are the op's options (axis/keepdims, transA/transB, perm, shape, specs for slices,
alpha, slope, lo/hi). "where" takes [a, threshold, b, c] and means where(a > threshold, b, c).
The output is the sum over every unused value v of sum(v * w) with a fresh input w.

Points where PyTorch's conventions differ from chainrule's (relu'(0), abs'(0), max ties, the clamp
edges, elu'(0), pow's exponent gradient at a base of 0, softplus above 20) are avoided: kinks and
ties are kept at least 1e-3 away from every value, so both libraries agree to rounding.

Run with Debian's torch (python3-torch; deterministic, ~2 s):
    /usr/bin/python3 -B scripts/gen-torch-fixtures.py
"""
import json
import os
import random
import sys

import torch

from golden_program_steps import ALL_OPS, Program, step
from golden_torch_ops import Reject

N_PROGRAMS = 52
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "torch-golden.json")


def build(seed):
    """Program `seed`: a random DAG that contains ALL_OPS[seed % len(ALL_OPS)] somewhere."""
    rng = random.Random(seed)
    must = ALL_OPS[seed % len(ALL_OPS)]
    while True:
        p = Program(rng, f"p{seed:02d}")
        p.must = must
        dims = rng.choice([[3, 4], [2, 3, 4], [4], [3, 1], [2, 1, 3], [5], [2, 3]])
        p.new_input(dims)
        target = rng.randint(5, 11)
        tries = 0
        while len(p.ops) < target and tries < 400:
            tries += 1
            mark = (len(p.ops), len(p.inputs), len(p.order))
            try:
                step(p)
            except Reject:
                # drop what a rejected step emitted (positivizers, new inputs)
                for o in p.ops[mark[0]:]:
                    del p.values[o["out"]]
                del p.ops[mark[0]:]
                for name, _ in p.inputs[mark[1]:]:
                    del p.values[name]
                del p.inputs[mark[1]:]
                del p.order[mark[2]:]
                p.used = {a for o in p.ops for a in o["args"] if isinstance(a, str)}
        if len(p.ops) >= target and any(o["op"] == must for o in p.ops):
            return finish(p)


def finish(p):
    """Weights every sink by a fresh input and sums everything into the scalar output."""
    sinks = [n for n in p.order if n not in p.used and not n.startswith("x")]
    total = None
    for s in sinks:
        w = p.new_input(p.shape(s), -1.0, 1.0)
        term = p.emit("sum", [p.emit("mul", [s, w])], axis=None, keepdims=False)
        total = term if total is None else p.emit("add", [total, term])
    out = p.values[total]
    xs = [t for _, t in p.inputs]
    grads = torch.autograd.grad(out, xs, create_graph=True, allow_unused=True)
    grads = [g if g is not None else torch.zeros_like(x) for g, x in zip(grads, xs)]
    rng = random.Random(1000 + int(p.name[1:]))
    dirs = [torch.tensor([round(rng.gauss(0, 1), 4) for _ in range(x.numel())]).reshape(x.shape) for x in xs]
    psi = sum((g * r).sum() for g, r in zip(grads, dirs))
    hv = torch.autograd.grad(psi, xs, allow_unused=True) if psi.requires_grad else [None] * len(xs)
    hv = [h if h is not None else torch.zeros_like(x) for h, x in zip(hv, xs)]
    flat = lambda t: [float(v) for v in t.detach().reshape(-1)]  # noqa: E731
    return {
        "name": p.name,
        "inputs": [{"name": n, "shape": list(t.shape), "data": flat(t)} for n, t in p.inputs],
        "ops": p.ops,
        "output": total,
        "values": {o["out"]: {"shape": list(p.values[o["out"]].shape), "data": flat(p.values[o["out"]])} for o in p.ops},
        "grads": {n: flat(g) for (n, _), g in zip(p.inputs, grads)},
        "hvpDirection": {n: flat(r) for (n, _), r in zip(p.inputs, dirs)},
        "hvp": {n: flat(h) for (n, _), h in zip(p.inputs, hv)},
    }


def main():
    programs = [build(seed) for seed in range(N_PROGRAMS)]
    doc = {
        "generator": "scripts/gen-torch-fixtures.py",
        "torch": torch.__version__,
        "dtype": "float64",
        "programs": programs,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    used = sorted({o["op"] for prog in programs for o in prog["ops"]})
    print(f"wrote {len(programs)} programs, {os.path.getsize(OUT)} bytes; ops used: {' '.join(used)}", file=sys.stderr)


if __name__ == "__main__":
    main()
