#!/usr/bin/env python3
"""Generates tests/fixtures/torch-golden.json: random op programs evaluated by PyTorch in float64.

Each program is a small DAG of ops drawn from chainrule's op table (broadcasting, matmul with
transposes, reductions with axes, softmax/logsumexp, shape ops, fan-out), written in a JSON op-list
language that tests/ops/torch-golden.test.ts interprets with chainrule. Stored per program: the
inputs, every intermediate value, the scalar output, the gradient with respect to every input, and a
Hessian-vector product (the gradient of <grads, r> for a stored random direction r).

Points where PyTorch's conventions differ from chainrule's (relu'(0), abs'(0), max ties, the clamp
edges, elu'(0), pow's exponent gradient at a base of 0) are avoided: kinks and ties are kept at
least 1e-3 away from every value, so both libraries agree exactly.

Run with Debian's torch (python3-torch): /usr/bin/python3 scripts/gen-torch-fixtures.py
"""
import json
import math
import os
import random
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

N_PROGRAMS = 52
MAX_ELEMS = 48
GAP = 1e-3
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "torch-golden.json")


class Reject(Exception):
    """The drawn op does not fit (shape, size, domain, a kink too close): draw another."""


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def num(x):
    return torch.tensor(float(x))


def apply(op, args, attrs):
    """The op's meaning in PyTorch; args are tensors (or floats for number operands)."""
    t = lambda a: num(a) if isinstance(a, float) else a  # noqa: E731
    a = args[0]
    unary = {
        "neg": torch.neg, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "abs": torch.abs,
        "square": torch.square, "reciprocal": torch.reciprocal, "erf": torch.erf, "expm1": torch.expm1,
        "log1p": torch.log1p, "sin": torch.sin, "cos": torch.cos, "sigmoid": torch.sigmoid,
        "tanh": torch.tanh, "relu": torch.relu, "gelu": F.gelu, "silu": F.silu,
        "softplus": lambda x: F.softplus(x, threshold=50.0),
    }
    if op in unary:
        return unary[op](a)
    if op == "elu":
        return F.elu(a, alpha=attrs["alpha"])
    if op == "leakyRelu":
        return F.leaky_relu(a, negative_slope=attrs["slope"])
    if op == "clamp":
        return torch.clamp(a, attrs["lo"], attrs["hi"])
    binary = {
        "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "pow": torch.pow,
        "maximum": torch.maximum, "minimum": torch.minimum,
    }
    if op in binary:
        return binary[op](t(args[0]), t(args[1]))
    if op == "where":
        return torch.where(args[0] > t(args[1]), t(args[2]), t(args[3]))
    if op == "matmul":
        x, y = args
        if attrs.get("transA") and x.dim() > 1:
            x = x.transpose(-1, -2)
        if attrs.get("transB") and y.dim() > 1:
            y = y.transpose(-1, -2)
        return torch.matmul(x, y)
    if op == "dot":
        return torch.dot(args[0], args[1])
    if op == "outer":
        return torch.outer(args[0], args[1])
    if op in ("sum", "mean", "max", "min", "logsumexp"):
        axis = attrs["axis"]
        dims = tuple(range(a.dim())) if axis is None else tuple(axis)
        keep = attrs["keepdims"]
        fn = {"sum": torch.sum, "mean": torch.mean, "max": torch.amax, "min": torch.amin, "logsumexp": torch.logsumexp}[op]
        return fn(a, dim=dims, keepdim=keep)
    if op == "softmax":
        return torch.softmax(a, dim=attrs["axis"])
    if op == "logSoftmax":
        return torch.log_softmax(a, dim=attrs["axis"])
    if op == "reshape":
        return a.reshape(attrs["shape"])
    if op == "transpose":
        perm = attrs["perm"] if attrs["perm"] is not None else list(range(a.dim()))[::-1]
        return a.permute(perm)
    if op == "expand":
        return a.expand(attrs["shape"])
    if op == "squeeze":
        return a.squeeze(attrs["axis"])
    if op == "unsqueeze":
        return a.unsqueeze(attrs["axis"])
    if op == "flatten":
        return a.reshape(-1)
    if op == "slice":
        idx = tuple(s if isinstance(s, int) else slice(s["start"], s["stop"], s["step"]) for s in attrs["specs"])
        return a[idx]
    if op == "concat":
        return torch.cat(args, dim=attrs["axis"])
    if op == "stack":
        return torch.stack(args, dim=attrs["axis"])
    raise ValueError(op)


class Program:
    def __init__(self, rng, name):
        self.rng = rng
        self.name = name
        self.inputs = []  # (name, tensor)
        self.ops = []
        self.values = {}  # name -> tensor
        self.used = set()
        self.order = []  # value names in creation order
        self.must = None  # an op this program must contain (so that every op appears somewhere)

    def new_input(self, shape, lo=-2.0, hi=2.0):
        name = f"x{len(self.inputs)}"
        data = [round(self.rng.uniform(lo, hi), 4) for _ in range(numel(shape))]
        t = torch.tensor(data).reshape(shape).requires_grad_(True)
        self.inputs.append((name, t))
        self.values[name] = t
        self.order.append(name)
        return name

    def emit(self, op, args, **attrs):
        tens = [self.values[a] if isinstance(a, str) else a for a in args]
        try:
            with torch.no_grad():
                probe = apply(op, [x.detach() if torch.is_tensor(x) else x for x in tens], attrs)
        except RuntimeError:  # shapes that do not fit
            raise Reject()
        if probe.numel() > MAX_ELEMS or probe.numel() == 0:
            raise Reject()
        if not torch.isfinite(probe).all() or probe.abs().max() > 1e4:
            raise Reject()
        name = f"v{len(self.ops)}"
        self.values[name] = apply(op, tens, attrs)
        self.ops.append({"out": name, "op": op, "args": args, **attrs})
        for a in args:
            if isinstance(a, str):
                self.used.add(a)
        self.order.append(name)
        return name

    def pick(self):
        """A recent value most of the time (chains), an older one sometimes (fan-out, DAGs)."""
        names = self.order
        if self.rng.random() < 0.65:
            return names[-1]
        return self.rng.choice(names)

    def shape(self, name):
        return list(self.values[name].shape)

    def val(self, name):
        return self.values[name].detach()


def broadcast_partner(rng, shape):
    """A shape that broadcasts against `shape`: leading axes dropped, some axes set to 1, or a scalar."""
    r = rng.random()
    if r < 0.15:
        return []
    out = list(shape)
    if out and rng.random() < 0.4:
        out = out[rng.randint(1, len(out)):] if len(out) > 1 else out
    out = [1 if (d > 1 and rng.random() < 0.4) else d for d in out]
    if rng.random() < 0.15 and len(out) == len(shape) and len(out) < 3:
        out = [2] + out  # the partner adds a leading axis
    return out


def away_from(x, points):
    return all(((x - p).abs() > GAP).all() for p in points)


def choose(p, options):
    """rng.choice, except that the op this program must contain is taken half the time."""
    if p.must in options and p.rng.random() < 0.5:
        return p.must
    return p.rng.choice(options)


def positive(p, name):
    """Makes a positive version of `name` when needed (log, sqrt, reciprocal, pow bases)."""
    if (p.val(name) > 0.05).all():
        return name
    return p.emit(p.rng.choice(["softplus", "exp", "sigmoid"]), [name])


KINDS = {
    "unary": (5, ["neg", "exp", "log", "sqrt", "square", "reciprocal", "erf", "expm1", "log1p", "sin", "cos",
                  "sigmoid", "tanh", "softplus", "gelu", "silu"]),
    "kink": (2, ["abs", "relu", "leakyRelu", "elu", "clamp"]),
    "binary": (6, ["add", "sub", "mul", "div", "pow"]),
    "minmax": (1, ["maximum", "minimum"]),
    "matmul": (3, ["matmul", "dot", "outer"]),
    "reduce": (3, ["sum", "mean", "max", "min", "logsumexp"]),
    "softmax": (2, ["softmax", "logSoftmax"]),
    "shape": (3, ["reshape", "transpose", "unsqueeze", "squeeze", "flatten", "expand"]),
    "slice": (2, ["slice"]),
    "join": (1, ["concat", "stack"]),
    "where": (1, ["where"]),
}
ALL_OPS = [op for _, ops in KINDS.values() for op in ops]


def step(p):
    rng = p.rng
    kinds = list(KINDS)
    weights = [KINDS[k][0] * (4 if p.must in KINDS[k][1] else 1) for k in kinds]
    kind = rng.choices(kinds, weights=weights)[0]
    a = p.pick()
    sa = p.shape(a)
    va = p.val(a)
    if kind == "unary":
        op = choose(p, KINDS["unary"][1])
        if op in ("log", "sqrt", "reciprocal", "log1p"):
            a = positive(p, a)
        if op in ("exp", "expm1") and (p.val(a).abs() > 5).any():
            a = p.emit("tanh", [a])
        return p.emit(op, [a])
    if kind == "kink":
        op = choose(p, KINDS["kink"][1])
        if not away_from(va, [0.0]):
            raise Reject()
        if op == "leakyRelu":
            return p.emit(op, [a], slope=rng.choice([0.01, 0.2]))
        if op == "elu":
            return p.emit(op, [a], alpha=rng.choice([1.0, 0.5]))
        if op == "clamp":
            lo, hi = sorted([round(rng.uniform(-1.5, 0.5), 3), round(rng.uniform(0.0, 1.5), 3)])
            if hi - lo < 0.1 or not away_from(va, [lo, hi]):
                raise Reject()
            return p.emit(op, [a], lo=lo, hi=hi)
        return p.emit(op, [a])
    if kind == "binary":
        op = choose(p, KINDS["binary"][1])
        r = rng.random()
        if r < 0.2:
            b = round(rng.uniform(0.5, 2.0), 3)
        elif r < 0.55:
            b = p.new_input(broadcast_partner(rng, sa), *((0.4, 2.0) if op in ("div", "pow") else (-2.0, 2.0)))
        else:
            b = p.pick()
            try:
                torch.broadcast_shapes(tuple(sa), tuple(p.shape(b)))
            except RuntimeError:
                raise Reject()
        if op == "div" and isinstance(b, str):
            b = positive(p, b)
        if op == "pow":
            a = positive(p, a)
            if isinstance(b, str):
                b = p.emit("tanh", [b])
        if rng.random() < 0.5 or op in ("div", "pow"):
            return p.emit(op, [a, b])
        return p.emit(op, [b, a]) if isinstance(b, str) else p.emit(op, [a, b])
    if kind == "minmax":
        op = choose(p, KINDS["minmax"][1])
        b = p.new_input(broadcast_partner(rng, sa))
        if not ((va - p.val(b)).abs() > GAP).all():
            raise Reject()
        return p.emit(op, [a, b])
    if kind == "matmul":
        trans_a = len(sa) >= 2 and rng.random() < 0.3
        trans_b = rng.random() < 0.3
        if len(sa) == 0:
            raise Reject()
        if len(sa) == 1 and (rng.random() < 0.3 or p.must in ("dot", "outer")):
            op = choose(p, ["dot", "outer"])
            b = p.new_input([sa[0]] if op == "dot" else [rng.randint(2, 4)])
            return p.emit(op, [a, b])
        k = sa[-2] if trans_a else sa[-1]
        n = rng.randint(1, 4)
        shape = rng.choice([[k, n], [k], [2, k, n]] if len(sa) <= 2 else [[k, n], [k]])
        if trans_b and len(shape) >= 2:
            shape = shape[:-2] + [shape[-1], shape[-2]]
        b = p.new_input(shape)
        return p.emit("matmul", [a, b], transA=trans_a, transB=trans_b and len(shape) >= 2)
    if kind == "reduce":
        if len(sa) == 0:
            raise Reject()
        op = choose(p, KINDS["reduce"][1])
        axis = None if rng.random() < 0.3 else sorted(rng.sample(range(len(sa)), rng.randint(1, len(sa))))
        keep = rng.random() < 0.4
        if op in ("max", "min"):
            dims = tuple(range(len(sa))) if axis is None else tuple(axis)
            ext = (torch.amax if op == "max" else torch.amin)(va, dim=dims, keepdim=True)
            if int(((va - ext).abs() <= GAP).sum()) != numel(ext.shape):
                raise Reject()
        return p.emit(op, [a], axis=axis, keepdims=keep)
    if kind == "softmax":
        if len(sa) == 0:
            raise Reject()
        return p.emit(choose(p, KINDS["softmax"][1]), [a], axis=rng.randrange(-len(sa), len(sa)))
    if kind == "shape":
        op = choose(p, KINDS["shape"][1])
        if op == "reshape":
            n = numel(sa)
            divs = [d for d in range(1, n + 1) if n % d == 0]
            d = rng.choice(divs)
            return p.emit(op, [a], shape=rng.choice([[d, n // d], [n // d, -1], [n]]))
        if op == "transpose":
            if len(sa) < 2:
                raise Reject()
            perm = list(range(len(sa)))
            rng.shuffle(perm)
            return p.emit(op, [a], perm=None if rng.random() < 0.3 else perm)
        if op == "unsqueeze":
            return p.emit(op, [a], axis=rng.randint(0, len(sa)))
        if op == "squeeze":
            ones = [i for i, d in enumerate(sa) if d == 1]
            if not ones:
                raise Reject()
            return p.emit(op, [a], axis=rng.choice(ones))
        if op == "flatten":
            return p.emit(op, [a])
        if op == "expand":
            target = [rng.randint(2, 3) if d == 1 else d for d in sa]
            if rng.random() < 0.5:
                target = [2] + target
            return p.emit(op, [a], shape=target)
        raise ValueError(op)
    if kind == "slice":
        if len(sa) == 0:
            raise Reject()
        specs = []
        for d in sa:
            r = rng.random()
            if r < 0.2 and d > 1:
                specs.append(rng.randrange(-d, d))
            elif r < 0.6:
                start = rng.randint(0, d - 1)
                specs.append({"start": start, "stop": rng.randint(start + 1, d), "step": rng.choice([1, 1, 2])})
            else:
                specs.append({"start": None, "stop": None, "step": 1})
        return p.emit("slice", [a], specs=specs)
    if kind == "join":
        if len(sa) == 0:
            raise Reject()
        other = p.pick()
        if p.shape(other) != sa:
            other = a  # concat/stack of a value with itself: fan-out into one op
        if choose(p, KINDS["join"][1]) == "concat":
            return p.emit("concat", [a, other], axis=rng.randrange(-len(sa), len(sa)))
        return p.emit("stack", [a, other], axis=rng.randint(0, len(sa)))
    if kind == "where":
        thr = round(float(va.flatten()[rng.randrange(va.numel())]) + 0.0123, 4)
        if not away_from(va, [thr]):
            raise Reject()
        b = p.new_input(broadcast_partner(rng, sa))
        return p.emit("where", [a, thr, a, b])
    raise ValueError(kind)


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
