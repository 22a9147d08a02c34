# @file The random program steps the golden-fixture generator composes.
"""Random program steps for the golden fixtures: each draws one op that fits the values built so far.

A step raises Reject when its op does not fit (shapes, size, domain, a kink or tie within GAP of a
value); the builder then drops what the step emitted and draws again.
"""
import torch

from golden_torch_ops import Reject, apply, numel

MAX_ELEMS = 48
GAP = 1e-3


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
