#!/usr/bin/env python3
# @file Generates tests/fixtures/goldens/layers.json: PyTorch float64 goldens for conv, pooling, norms and indexing.
"""PyTorch float64 golden cases for chainrule's layer ops (read by tests/ops/torch-layer-goldens.test.ts).

One case per option combination of conv1d, conv2d (stride, padding, dilation, groups, bias or none,
non-square kernels), unfold/fold, maxPool2d and avgPool2d (kernel, stride, padding; padding counts
towards the mean, PyTorch's count_include_pad=True, the only mode chainrule has), layerNorm (one or
more normalised axes, with and without weight/bias, eps), batchNorm (training on the batch's
statistics with the running-statistics update, and eval on the running statistics, for 2-, 3- and
4-d inputs), take (index_select along any axis, by 1-d and 2-d indices with repeats), embedding,
and indexAdd (index_add, the scatter-add under take's gradient).

Stored per case: the inputs, the integer indices (if any), the options, the output, a random weight
tensor R, the gradient of L = sum(output * R) with respect to every differentiable input, and a
Hessian-vector product (the gradient of sum_j <dL/dx_j, r_j> for stored random directions r_j).
batchNorm cases also store the running statistics before and after the call. Inputs are drawn
from N(0, 1) (variances for running_var from U(0.5, 1.5)); max pooling never sees ties.

Deterministic (fixed seeds; ~1 s). Run with Debian's torch (python3-torch):
    /usr/bin/python3 -B scripts/goldens/layers.py
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "goldens", "layers.json")
torch.set_default_dtype(torch.float64)
GEN = torch.Generator().manual_seed(16)


def randn(*shape):
    return torch.randn(*shape, generator=GEN)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


def tensor_json(t):
    return {"shape": list(t.shape), "data": flat(t)}


def golden(name, op, attrs, inputs, fn, indices=None, constants=None):
    """Runs fn(**inputs, **constants) in float64 and records values, gradients and a Hessian-vector product.

    inputs: name -> tensor (differentiated); constants: name -> tensor (not differentiated, e.g.
    running statistics); indices: a tensor of whole numbers (stored as its shape and values).
    """
    constants = constants or {}
    before = {k: v.clone() for k, v in constants.items()}
    xs = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    y = fn(**xs, **constants)
    r = randn(*y.shape)
    loss = (y * r).sum()
    names = list(xs)
    grads = torch.autograd.grad(loss, [xs[k] for k in names], create_graph=True, allow_unused=True)
    grads = [g if g is not None else torch.zeros_like(xs[k]) for g, k in zip(grads, names)]
    dirs = [randn(*xs[k].shape) for k in names]
    psi = sum((g * d).sum() for g, d in zip(grads, dirs))
    hv = torch.autograd.grad(psi, [xs[k] for k in names], allow_unused=True) if psi.requires_grad else [None] * len(names)
    hv = [h if h is not None else torch.zeros_like(xs[k]) for h, k in zip(hv, names)]
    case = {
        "name": name,
        "op": op,
        "attrs": attrs,
        "inputs": [{"name": k, **tensor_json(v)} for k, v in inputs.items()],
        "constants": [{"name": k, **tensor_json(v)} for k, v in before.items()],
        "output": tensor_json(y),
        "weight": flat(r),
        "grads": {k: flat(g) for k, g in zip(names, grads)},
        "hvpDirection": {k: flat(d) for k, d in zip(names, dirs)},
        "hvp": {k: flat(h) for k, h in zip(names, hv)},
    }
    if indices is not None:
        case["indices"] = {"shape": list(indices.shape), "data": [int(v) for v in indices.reshape(-1)]}
    if constants:
        case["after"] = {k: flat(v) for k, v in constants.items()}
    return case


def conv_cases():
    out = []
    # conv2d: [name, x shape, w shape, bias?, stride, padding, dilation, groups]
    for name, xs, ws, bias, s, p, d, g in [
        ("plain 3x3 with bias", [2, 3, 5, 5], [4, 3, 3, 3], True, 1, 0, 1, 1),
        ("stride 2 padding 1 no bias", [2, 2, 6, 7], [3, 2, 3, 3], False, 2, 1, 1, 1),
        ("stride [2,1] padding [1,2] dilation [1,2]", [1, 2, 6, 6], [3, 2, 3, 2], True, [2, 1], [1, 2], [1, 2], 1),
        ("dilation 2 padding 2", [2, 2, 7, 7], [2, 2, 3, 3], True, 1, 2, 2, 1),
        ("groups 2 padding 1", [2, 4, 5, 4], [6, 2, 3, 3], True, 1, 1, 1, 2),
        ("depthwise (groups = channels) stride 2", [2, 3, 6, 6], [3, 1, 3, 3], False, 2, 0, 1, 3),
        ("groups 3 two outputs each, stride [1,2], kernel 2x3", [1, 3, 5, 7], [6, 1, 2, 3], True, [1, 2], [1, 1], 1, 3),
        ("1x1 kernel", [2, 3, 4, 4], [5, 3, 1, 1], True, 1, 0, 1, 1),
        ("stride 3 larger than the kernel", [1, 2, 8, 8], [2, 2, 2, 2], False, 3, 1, 1, 1),
    ]:
        inputs = {"x": randn(*xs), "w": randn(*ws)}
        if bias:
            inputs["b"] = randn(ws[0])
        attrs = {"stride": s, "padding": p, "dilation": d, "groups": g}
        fn = lambda x, w, b=None, s=s, p=p, d=d, g=g: F.conv2d(x, w, b, stride=s, padding=p, dilation=d, groups=g)  # noqa: E731
        out.append(golden(f"conv2d {name}", "conv2d", attrs, inputs, fn))
    # conv1d: [name, x shape, w shape, bias?, stride, padding, dilation, groups]
    for name, xs, ws, bias, s, p, d, g in [
        ("plain k3 with bias", [2, 3, 7], [4, 3, 3], True, 1, 0, 1, 1),
        ("stride 2 padding 1", [2, 3, 8], [4, 3, 3], True, 2, 1, 1, 1),
        ("dilation 2 padding 2 no bias", [1, 2, 9], [3, 2, 3], False, 1, 2, 2, 1),
        ("groups 2", [2, 4, 6], [4, 2, 2], True, 1, 0, 1, 2),
        ("depthwise stride 3 padding 1", [1, 3, 10], [3, 1, 4], False, 3, 1, 1, 3),
    ]:
        inputs = {"x": randn(*xs), "w": randn(*ws)}
        if bias:
            inputs["b"] = randn(ws[0])
        attrs = {"stride": s, "padding": p, "dilation": d, "groups": g}
        fn = lambda x, w, b=None, s=s, p=p, d=d, g=g: F.conv1d(x, w, b, stride=s, padding=p, dilation=d, groups=g)  # noqa: E731
        out.append(golden(f"conv1d {name}", "conv1d", attrs, inputs, fn))
    return out


def window_cases():
    out = []
    for name, xs, k, s, p, d in [
        ("2x2 stride 2", [1, 2, 4, 4], 2, 2, 0, 1),
        ("3x2 stride [1,2] padding 1 dilation [2,1]", [2, 2, 5, 6], [3, 2], [1, 2], 1, [2, 1]),
    ]:
        attrs = {"kernel": k, "stride": s, "padding": p, "dilation": d}
        unf = lambda x, k=k, s=s, p=p, d=d: F.unfold(x, k, dilation=d, padding=p, stride=s)  # noqa: E731
        out.append(golden(f"unfold {name}", "unfold", attrs, {"x": randn(*xs)}, unf))
        cols = unf(torch.zeros(*xs))
        fold = lambda cols, xs=xs, k=k, s=s, p=p, d=d: F.fold(cols, xs[2:], k, dilation=d, padding=p, stride=s)  # noqa: E731
        out.append(golden(f"fold {name}", "fold", {**attrs, "outputSize": xs[2:]}, {"cols": randn(*cols.shape)}, fold))
    return out


def pool_cases():
    out = []
    # [name, x shape, kernel, stride (None: the kernel), padding]
    shapes = [
        ("2x2", [2, 3, 4, 4], 2, None, 0),
        ("3x3 stride 2 padding 1", [2, 2, 7, 7], 3, 2, 1),
        ("[2,3] stride [1,2] padding [1,1]", [1, 2, 5, 6], [2, 3], [1, 2], [1, 1]),
        ("3x3 stride 1 padding 1 (same size)", [1, 2, 5, 5], 3, 1, 1),
        ("2x2 stride 1 (overlapping)", [2, 1, 4, 5], 2, 1, 0),
        ("4x4 stride 3 padding 2, odd input", [1, 2, 9, 7], 4, 3, 2),
    ]
    for name, xs, k, s, p in shapes:
        attrs = {"kernel": k, "stride": s, "padding": p}
        mx = lambda x, k=k, s=s, p=p: F.max_pool2d(x, k, stride=s, padding=p)  # noqa: E731
        out.append(golden(f"maxPool2d {name}", "maxPool2d", attrs, {"x": randn(*xs)}, mx))
        av = lambda x, k=k, s=s, p=p: F.avg_pool2d(x, k, stride=s, padding=p, count_include_pad=True)  # noqa: E731
        out.append(golden(f"avgPool2d {name} (count_include_pad)", "avgPool2d", attrs, {"x": randn(*xs)}, av))
    return out


def norm_cases():
    out = []
    for name, xs, ns, affine, eps in [
        ("[3,4] over [4] with weight and bias", [3, 4], [4], True, 1e-5),
        ("[2,3,4] over [3,4] with weight and bias", [2, 3, 4], [3, 4], True, 1e-5),
        ("[2,5] over [5] without weight or bias, eps 1e-3", [2, 5], [5], False, 1e-3),
        ("[2,3,2,2] over [3,2,2] (a whole sample)", [2, 3, 2, 2], [3, 2, 2], True, 1e-5),
    ]:
        inputs = {"x": randn(*xs)}
        if affine:
            inputs["w"] = randn(*ns)
            inputs["b"] = randn(*ns)
        fn = lambda x, w=None, b=None, ns=ns, eps=eps: F.layer_norm(x, ns, w, b, eps)  # noqa: E731
        out.append(golden(f"layerNorm {name}", "layerNorm", {"normalizedShape": ns, "eps": eps}, inputs, fn))

    for name, xs, training, affine, momentum, eps in [
        ("training [6,3] with weight and bias", [6, 3], True, True, 0.1, 1e-5),
        ("training [4,2,5] momentum 0.3 eps 1e-3", [4, 2, 5], True, True, 0.3, 1e-3),
        ("training [3,2,4,4] with weight and bias", [3, 2, 4, 4], True, True, 0.1, 1e-5),
        ("training [2,3,3,3] without weight or bias", [2, 3, 3, 3], True, False, 0.1, 1e-5),
        ("eval [5,3] with weight and bias", [5, 3], False, True, 0.1, 1e-5),
        ("eval [2,2,3,3] without weight or bias, eps 1e-2", [2, 2, 3, 3], False, False, 0.1, 1e-2),
    ]:
        c = xs[1]
        inputs = {"x": randn(*xs) * 1.5 + 0.5}
        if affine:
            inputs["w"] = randn(c)
            inputs["b"] = randn(c)
        constants = {"runningMean": randn(c) * 0.3, "runningVar": torch.rand(c, generator=GEN) + 0.5}

        def fn(x, runningMean, runningVar, w=None, b=None, training=training, momentum=momentum, eps=eps):
            return F.batch_norm(x, runningMean, runningVar, w, b, training=training, momentum=momentum, eps=eps)

        attrs = {"training": training, "momentum": momentum, "eps": eps}
        out.append(golden(f"batchNorm {name}", "batchNorm", attrs, inputs, fn, constants=constants))
    return out


def take_like(x, idx, axis):
    """chainrule's take: index_select along `axis` by indices of any shape."""
    axis = axis % x.dim()
    y = x.index_select(axis, idx.reshape(-1))
    return y.reshape(list(x.shape[:axis]) + list(idx.shape) + list(x.shape[axis + 1 :]))


def index_add_like(src, idx, axis, size):
    """chainrule's indexAdd: index_add into zeros of length `size` along `axis`, the indices' axes merged."""
    k = idx.dim()
    shape = list(src.shape)
    merged = src.reshape(shape[:axis] + [-1] + shape[axis + k :])
    out = torch.zeros(shape[:axis] + [size] + shape[axis + k :])
    return out.index_add(axis, idx.reshape(-1), merged)


def gather_cases():
    out = []
    for name, xs, idx, axis in [
        ("[5,3] rows [4,0,4,2] (repeats)", [5, 3], [4, 0, 4, 2], 0),
        ("[2,4,3] axis 1 by [2,2]", [2, 4, 3], [[3, 1], [1, 0]], 1),
        ("[2,3,4] axis -1 by [3]", [2, 3, 4], [2, 2, 0], -1),
        ("[3,4] axis 1, every index once reversed", [3, 4], [3, 2, 1, 0], 1),
    ]:
        it = torch.tensor(idx)
        fn = lambda x, it=it, axis=axis: take_like(x, it, axis)  # noqa: E731
        out.append(golden(f"take {name}", "take", {"axis": axis}, {"x": randn(*xs)}, fn, indices=it))
    for name, ws, idx in [
        ("[6,4] at [[5,1,1],[0,5,2]]", [6, 4], [[5, 1, 1], [0, 5, 2]]),
        ("[4,3] at [3,3,3] (one row three times)", [4, 3], [3, 3, 3]),
    ]:
        it = torch.tensor(idx)
        fn = lambda w, it=it: F.embedding(it, w)  # noqa: E731
        out.append(golden(f"embedding {name}", "embedding", {}, {"w": randn(*ws)}, fn, indices=it))
    for name, ss, idx, axis, size in [
        ("[4,3] into 5 rows at [1,4,1,0]", [4, 3], [1, 4, 1, 0], 0, 5),
        ("[2,2,2,3] axis 1 by [2,2] into 4", [2, 2, 2, 3], [[3, 0], [3, 3]], 1, 4),
        ("[3,4] axis 1 into 2 at [1,1,0,1]", [3, 4], [1, 1, 0, 1], 1, 2),
    ]:
        it = torch.tensor(idx)
        fn = lambda src, it=it, axis=axis, size=size: index_add_like(src, it, axis, size)  # noqa: E731
        out.append(golden(f"indexAdd {name}", "indexAdd", {"axis": axis, "size": size}, {"src": randn(*ss)}, fn, indices=it))
    return out


def main():
    cases = conv_cases() + window_cases() + pool_cases() + norm_cases() + gather_cases()
    doc = {"generator": "scripts/goldens/layers.py", "torch": torch.__version__, "dtype": "float64", "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    ops = sorted({c["op"] for c in cases})
    print(f"wrote {len(cases)} cases, {os.path.getsize(OUT)} bytes; ops: {' '.join(ops)}", file=sys.stderr)


if __name__ == "__main__":
    main()
