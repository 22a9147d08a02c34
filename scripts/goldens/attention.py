# @file PyTorch float64 goldens for scaledDotProductAttention and nn.MultiheadAttention (tests/fixtures/attention-golden.json).
"""Writes the values and gradients tests/nn/attention-golden.test.ts compares against.

Run once (the JSON is committed; tests never need Python):
    /usr/bin/python3 -B scripts/goldens/attention.py
Each case stores its inputs (flat, row-major, with shapes), a weight w for the scalar sum(out * w),
the output and the gradients of that scalar. A null value stands for -inf (only masks have any).
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "attention-golden.json")


def flat(t):
    """Shape and row-major values; -inf (in masks) is written null, since JSON has no infinities."""
    data = [None if x == float("-inf") else float(x) for x in t.detach().reshape(-1).tolist()]
    return {"shape": list(t.shape), "data": data}


def reference_sdpa(q, k, v, mask, causal, scale):
    """PyTorch 2's F.scaled_dot_product_attention (its documented reference code): this torch predates it."""
    L, S = q.shape[-2], k.shape[-2]
    s = q @ k.transpose(-2, -1) * (1 / q.shape[-1] ** 0.5 if scale is None else scale)
    if causal:
        s = s.masked_fill(torch.ones(L, S, dtype=torch.bool).tril().logical_not(), float("-inf"))
    if mask is not None:
        s = s + mask
    return torch.softmax(s, dim=-1) @ v


def sdpa_case(name, qs, ks, vs, causal=False, mask=None, scale=None, seed=0):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(qs, generator=g, requires_grad=True)
    k = torch.randn(ks, generator=g, requires_grad=True)
    v = torch.randn(vs, generator=g, requires_grad=True)
    out = reference_sdpa(q, k, v, mask, causal, scale)
    w = torch.randn(out.shape, generator=g)
    (out * w).sum().backward()
    return {
        "name": name, "causal": causal, "scale": scale,
        "mask": None if mask is None else flat(mask),
        "q": flat(q), "k": flat(k), "v": flat(v), "w": flat(w), "out": flat(out),
        "grads": {"q": flat(q.grad), "k": flat(k.grad), "v": flat(v.grad)},
    }


def mha_case(name, E, H, B, L, S=None, bias=True, causal=False, seed=0):
    torch.manual_seed(seed)
    mha = torch.nn.MultiheadAttention(E, H, bias=bias, batch_first=True)
    g = torch.Generator().manual_seed(seed + 100)
    x = torch.randn(B, L, E, generator=g, requires_grad=True)
    kv = x if S is None else torch.randn(B, S, E, generator=g, requires_grad=True)
    mask = torch.triu(torch.full((L, L), float("-inf")), diagonal=1) if causal else None
    out, _ = mha(x, kv, kv, attn_mask=mask, need_weights=False)
    w = torch.randn(out.shape, generator=g)
    (out * w).sum().backward()
    params = {n: flat(p) for n, p in mha.named_parameters()}
    grads = {n: flat(p.grad) for n, p in mha.named_parameters()}
    grads["x"] = flat(x.grad)
    if S is not None:
        grads["kv"] = flat(kv.grad)
    return {
        "name": name, "embedDim": E, "numHeads": H, "bias": bias, "causal": causal,
        "params": params, "x": flat(x), "kv": None if S is None else flat(kv), "w": flat(w),
        "out": flat(out), "grads": grads,
    }


def main():
    neg = float("-inf")
    pad_mask = torch.zeros(2, 1, 4, 5)
    pad_mask[0, :, :, 3:] = neg  # the first batch item drops its last two keys
    rand_mask = torch.randn(4, 5, generator=torch.Generator().manual_seed(7))
    sdpa = [
        sdpa_case("plain 3-d", [2, 4, 3], [2, 4, 3], [2, 4, 3], seed=1),
        sdpa_case("causal, heads", [2, 2, 5, 4], [2, 2, 5, 4], [2, 2, 5, 3], causal=True, seed=2),
        sdpa_case("causal, longer keys (top-left)", [1, 3, 4], [1, 5, 4], [1, 5, 2], causal=True, seed=3),
        sdpa_case("padding mask with -inf", [2, 2, 4, 3], [2, 2, 5, 3], [2, 2, 5, 3], mask=pad_mask, seed=4),
        sdpa_case("additive float mask, scale 0.3", [3, 4, 6], [3, 5, 6], [3, 5, 2], mask=rand_mask, scale=0.3, seed=5),
        sdpa_case("2-d, causal with a mask", [4, 3], [4, 3], [4, 3], causal=True, mask=torch.randn(4, 4, generator=torch.Generator().manual_seed(8)), seed=6),
    ]
    mha = [
        mha_case("self, bias", 8, 2, 2, 5, seed=11),
        mha_case("self, causal, no bias", 8, 4, 3, 4, bias=False, causal=True, seed=12),
        mha_case("cross, longer keys", 6, 3, 2, 3, S=5, seed=13),
    ]
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/goldens/attention.py", "torch": torch.__version__, "sdpa": sdpa, "mha": mha}, f)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
