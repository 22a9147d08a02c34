# @file PyTorch versions of chainrule's ops for the golden-fixture generator.
"""What each op of the golden op-list language means, in PyTorch (float64).

Used by gen-torch-fixtures.py; tests/helpers/golden-program.ts gives the same ops their chainrule meaning.
"""
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


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
