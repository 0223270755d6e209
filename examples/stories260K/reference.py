#!/usr/bin/env python3
"""NumPy reference forward pass of a llama2.c checkpoint (stories260K.bin).

Written from the file format and forward pass of the llama2.c project, not
from the IR that compress-import-llama2c writes, so that the two can be
compared. It computes in float64 from the float32 weights.

    python3 reference.py stories260K.bin --tokens=tokens.npy -o logits.npy
    python3 reference.py stories260K.bin --random=7 --seed=0 \
        --save-tokens=tokens.npy -o logits.npy

--tokens reads an int64 (or any integer) .npy vector of token ids;
--random=T draws T ids from a seeded RNG over the vocabulary, the first being
1 (BOS). The output is a float32 .npy array [T, vocab_size] of logits for
every position. --compare=logits.npy checks given logits against the
reference, elementwise as numpy.allclose does (|logits - reference| <=
atol + rtol * |reference|, both 1e-4 by default), and prints the largest
absolute difference and that difference relative to the largest |logit|.
"""
import argparse
import sys

import numpy as np

HEADER = ("dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads",
          "vocab_size", "seq_len")


def load(path):
    """Returns (config dict, dict of weight arrays) of a llama2.c .bin."""
    data = np.fromfile(path, dtype="<i4", count=7)
    if data.size != 7:
        sys.exit(f"{path}: shorter than the 28-byte header")
    cfg = dict(zip(HEADER, (int(v) for v in data)))
    cfg["shared_classifier"] = cfg["vocab_size"] > 0
    cfg["vocab_size"] = abs(cfg["vocab_size"])
    floats = np.fromfile(path, dtype="<f4", offset=28)
    dim, hidden, layers = cfg["dim"], cfg["hidden_dim"], cfg["n_layers"]
    heads, kv_heads, vocab = cfg["n_heads"], cfg["n_kv_heads"], cfg["vocab_size"]
    head_size = dim // heads
    kv_dim = dim * kv_heads // heads
    shapes = [("token_embedding", (vocab, dim)),
              ("rms_att", (layers, dim)),
              ("wq", (layers, dim, dim)),
              ("wk", (layers, kv_dim, dim)),
              ("wv", (layers, kv_dim, dim)),
              ("wo", (layers, dim, dim)),
              ("rms_ffn", (layers, dim)),
              ("w1", (layers, hidden, dim)),
              ("w2", (layers, dim, hidden)),
              ("w3", (layers, hidden, dim)),
              ("rms_final", (dim,)),
              ("freq_cis_real", (cfg["seq_len"], head_size // 2)),
              ("freq_cis_imag", (cfg["seq_len"], head_size // 2))]
    if not cfg["shared_classifier"]:
        shapes.append(("wcls", (vocab, dim)))
    w, offset = {}, 0
    for name, shape in shapes:
        n = int(np.prod(shape))
        if offset + n > floats.size:
            sys.exit(f"{path}: truncated in '{name}'")
        w[name] = floats[offset:offset + n].reshape(shape).astype(np.float64)
        offset += n
    if cfg["shared_classifier"]:
        w["wcls"] = w["token_embedding"]
    return cfg, w


def rmsnorm(x, weight, eps=1e-5):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def rope(x, head_size):
    """Rotates pairs (2i, 2i+1) of each head of x [T, heads * head_size] by
    the angle p / 10000^(2i / head_size) at position p."""
    t = x.shape[0]
    xh = x.reshape(t, -1, head_size // 2, 2)
    i = np.arange(head_size // 2)
    freq = 1.0 / 10000.0 ** (2.0 * i / head_size)
    angle = np.arange(t)[:, None] * freq[None, :]          # [T, head_size/2]
    cos, sin = np.cos(angle)[:, None, :], np.sin(angle)[:, None, :]
    a, b = xh[..., 0], xh[..., 1]
    return np.stack([a * cos - b * sin, a * sin + b * cos], axis=-1).reshape(x.shape)


def forward(cfg, w, tokens):
    """Logits [T, vocab_size] for the token ids `tokens` (positions 0..T-1)."""
    dim, heads, kv_heads = cfg["dim"], cfg["n_heads"], cfg["n_kv_heads"]
    head_size = dim // heads
    group = heads // kv_heads                  # query heads per key/value head
    t = len(tokens)
    x = w["token_embedding"][np.asarray(tokens)]          # [T, dim]
    causal = np.triu(np.full((t, t), -np.inf), k=1)
    for l in range(cfg["n_layers"]):
        h = rmsnorm(x, w["rms_att"][l])
        q = rope(h @ w["wq"][l].T, head_size)
        k = rope(h @ w["wk"][l].T, head_size)
        v = h @ w["wv"][l].T
        out = np.empty((t, dim))
        for hd in range(heads):
            kv = hd // group
            qs = q[:, hd * head_size:(hd + 1) * head_size]
            ks = k[:, kv * head_size:(kv + 1) * head_size]
            vs = v[:, kv * head_size:(kv + 1) * head_size]
            scores = qs @ ks.T / np.sqrt(head_size) + causal
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            out[:, hd * head_size:(hd + 1) * head_size] = scores @ vs
        x = x + out @ w["wo"][l].T
        h = rmsnorm(x, w["rms_ffn"][l])
        a = h @ w["w1"][l].T
        silu = a / (1.0 + np.exp(-a))
        x = x + (silu * (h @ w["w3"][l].T)) @ w["w2"][l].T
    x = rmsnorm(x, w["rms_final"])
    return x @ w["wcls"].T


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--tokens", help="int .npy vector of token ids")
    src.add_argument("--random", type=int, metavar="T",
                     help="T seeded random ids, the first being BOS (1)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save-tokens", help="write the token ids (int64 .npy)")
    ap.add_argument("-o", "--output", help="write the logits (float32 .npy)")
    ap.add_argument("--compare", help="logits .npy to compare with; fails "
                    "unless every |logit - reference| <= atol + rtol |reference|")
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-4)
    args = ap.parse_args()

    cfg, w = load(args.model)
    if args.tokens:
        tokens = np.load(args.tokens).astype(np.int64).reshape(-1)
    else:
        rng = np.random.default_rng(args.seed)
        tokens = rng.integers(0, cfg["vocab_size"], size=args.random, dtype=np.int64)
        tokens[0] = 1
    if tokens.size == 0 or tokens.min() < 0 or tokens.max() >= cfg["vocab_size"]:
        sys.exit(f"token ids must be in 0..{cfg['vocab_size'] - 1}")
    if args.save_tokens:
        np.save(args.save_tokens, tokens)
    logits = forward(cfg, w, tokens)
    if args.output:
        np.save(args.output, logits.astype(np.float32))
    if args.compare:
        other = np.load(args.compare).astype(np.float64)
        if other.shape != logits.shape:
            sys.exit(f"{args.compare}: shape {list(other.shape)}, the "
                     f"reference's is {list(logits.shape)}")
        diff = np.abs(other - logits)
        print(f"max abs diff {diff.max():.3e}, relative to max |logit| "
              f"{diff.max() / np.abs(logits).max():.3e}")
        # numpy.allclose's test, elementwise: |a - ref| <= atol + rtol |ref|
        bad = ~(diff <= args.atol + args.rtol * np.abs(logits))
        if bad.any():
            t, v = np.argwhere(bad)[0]
            sys.exit(f"{int(bad.sum())} logits differ by more than atol "
                     f"{args.atol:g} + rtol {args.rtol:g} * |reference|, the "
                     f"first at [{t}, {v}]: {other[t, v]!r} vs {logits[t, v]!r}")
        print(f"all within atol {args.atol:g} + rtol {args.rtol:g} * |reference|")


if __name__ == "__main__":
    main()
