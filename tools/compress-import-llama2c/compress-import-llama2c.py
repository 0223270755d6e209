#!/usr/bin/env python3
"""compress-import-llama2c: a llama2.c checkpoint as MLIR (func + linalg).

    compress-import-llama2c stories260K.bin --seq-len=128 -o model.mlir

Reads a llama2.c checkpoint in the legacy (version 0) format that export.py
writes and run.c reads: seven little-endian int32 (dim, hidden_dim, n_layers,
n_heads, n_kv_heads, vocab_size, seq_len), then the float32 weights. Writes
one function

    func.func @forward(%tokens: tensor<Txi64>) -> tensor<TxVxf32>

that maps T token ids (positions 0..T-1) to the logits of every position,
built from func, arith, math, tensor and linalg on tensors with static shapes.
Every weight is an arith.constant of a named dense_resource blob (little
endian f32, in the file's dialect_resources section), with a NameLoc of the
same name. docs/import-llama2c.md describes the IR and the names.

Python standard library only.
"""
import argparse
import hashlib
import json
import math
import os
import struct
import sys

TOOL = "compress-import-llama2c"
HEADER_FIELDS = ("dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads",
                 "vocab_size", "seq_len")
HEADER_BYTES = 4 * len(HEADER_FIELDS)
# The first int32 of llama2.c's newer exports (version 1 and 2): "ak42".
MAGIC_AK42 = 0x616B3432
# Keeps a garbage header from asking for absurd sizes before the size check.
MAX_FIELD = 1 << 20

LINEAR_MAPS = ("indexing_maps = [affine_map<(m, n, k) -> (m, k)>, "
               "affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]")
BATCH_MAPS_TRANSPOSED_B = (
    "indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, "
    "affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]")


class InputError(Exception):
    """A bad checkpoint or option: 'compress-import-llama2c: error: ...'."""


# --------------------------------------------------------------------------
# Reading the checkpoint
# --------------------------------------------------------------------------

class Config:
    def __init__(self, fields):
        (self.dim, self.hidden_dim, self.n_layers, self.n_heads,
         self.n_kv_heads, vocab, self.seq_len) = fields
        # A positive vocab_size means the classifier is the token embedding.
        self.shared_classifier = vocab > 0
        self.vocab_size = abs(vocab)
        self.head_size = self.dim // self.n_heads if self.n_heads else 0
        self.kv_dim = self.head_size * self.n_kv_heads


def check_header(path, fields):
    if fields[0] == MAGIC_AK42:
        raise InputError(
            f"{path}: a llama2.c version 1 or 2 export (magic 'ak42'); only the "
            "legacy version 0 format (export.py --version 0, run.c's format) is "
            "supported")
    named = dict(zip(HEADER_FIELDS, fields))
    for name, value in named.items():
        if name == "vocab_size":
            value = abs(value)
        if not 0 < value <= MAX_FIELD:
            raise InputError(
                f"{path}: not a llama2.c checkpoint: header field {name} = "
                f"{named[name]} (expected 1 to {MAX_FIELD})")
    cfg = Config(fields)
    if cfg.dim % cfg.n_heads:
        raise InputError(f"{path}: dim {cfg.dim} is not a multiple of "
                           f"n_heads {cfg.n_heads}")
    if cfg.n_heads % cfg.n_kv_heads:
        raise InputError(f"{path}: n_heads {cfg.n_heads} is not a multiple "
                           f"of n_kv_heads {cfg.n_kv_heads}")
    if cfg.head_size % 2:
        raise InputError(f"{path}: the head size {cfg.head_size} is odd; "
                           "rotary embeddings rotate pairs of values")
    return cfg


def layout(cfg):
    """(name, shape) of every float array of the file, in file order. Names
    of per-layer stacks are llama2.c's; `weights()` splits them by layer."""
    L, D, H, KV = cfg.n_layers, cfg.dim, cfg.hidden_dim, cfg.kv_dim
    arrays = [("token_embedding", (cfg.vocab_size, D)),
              ("rms_att", (L, D)),
              ("wq", (L, D, D)), ("wk", (L, KV, D)), ("wv", (L, KV, D)),
              ("wo", (L, D, D)),
              ("rms_ffn", (L, D)),
              ("w1", (L, H, D)), ("w2", (L, D, H)), ("w3", (L, H, D)),
              ("rms_final", (D,)),
              # RoPE tables that run.c once read; the IR computes its own.
              ("freq_cis_real", (cfg.seq_len, cfg.head_size // 2)),
              ("freq_cis_imag", (cfg.seq_len, cfg.head_size // 2))]
    if not cfg.shared_classifier:
        arrays.append(("wcls", (cfg.vocab_size, D)))
    return arrays


def read_checkpoint(path, sha256):
    """(Config, {array name: (shape, bytes)}) of a checkpoint whose header
    and size agree; the SHA-256 is checked first when given."""
    try:
        with open(path, "rb") as f:
            if sha256 is not None:
                digest = hashlib.sha256()
                while chunk := f.read(1 << 24):
                    digest.update(chunk)
                if digest.hexdigest() != sha256.lower():
                    raise InputError(f"{path}: sha256 {digest.hexdigest()} "
                                     f"differs from the expected {sha256.lower()}")
                f.seek(0)
            size = os.fstat(f.fileno()).st_size
            if size < HEADER_BYTES:
                raise InputError(f"{path}: {size} bytes, shorter than the "
                                 f"{HEADER_BYTES}-byte llama2.c header")
            fields = struct.unpack("<7i", f.read(HEADER_BYTES))
            cfg = check_header(path, fields)
            arrays = layout(cfg)
            expected = HEADER_BYTES + 4 * sum(math.prod(s) for _, s in arrays)
            if size != expected:
                header = ", ".join(f"{n}={v}" for n, v in zip(HEADER_FIELDS, fields))
                raise InputError(
                    f"{path}: {'truncated' if size < expected else 'too long'}: "
                    f"the header ({header}) needs {expected} bytes, the file "
                    f"has {size}")
            data = f.read()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}")
    raw, offset = {}, 0
    for name, shape in arrays:
        n = 4 * math.prod(shape)
        raw[name] = (shape, data[offset:offset + n])
        offset += n
    return cfg, raw


def weights(cfg, raw):
    """{blob name: (shape, little-endian f32 bytes)} of the IR's weights."""
    out = {}

    def layer_slice(key, l):
        shape, data = raw[key]
        size = len(data) // shape[0]
        return tuple(shape[1:]), data[l * size:(l + 1) * size]

    out["token_embedding"] = raw["token_embedding"]
    for l in range(cfg.n_layers):
        p = f"layers.{l}."
        out[p + "attention_norm"] = layer_slice("rms_att", l)
        for w in ("wq", "wk", "wv", "wo"):
            out[p + "attention." + w] = layer_slice(w, l)
        out[p + "ffn_norm"] = layer_slice("rms_ffn", l)
        for w in ("w1", "w2", "w3"):
            out[p + "feed_forward." + w] = layer_slice(w, l)
    out["norm"] = raw["rms_final"]
    if not cfg.shared_classifier:
        out["output"] = raw["wcls"]
    return out


# --------------------------------------------------------------------------
# Writing the IR
# --------------------------------------------------------------------------

def ty(*shape, elem="f32"):
    return "tensor<" + "x".join(str(s) for s in shape) + f"x{elem}>"


def json_string(text):
    """An MLIR string literal (escapes as JSON writes them)."""
    return json.dumps(text)


def f32_literal(x):
    """A decimal that parses to the f32 nearest to x."""
    return repr(float(x))


class Writer:
    def __init__(self, cfg, seq_len, lookup, path):
        self.cfg, self.T, self.lookup, self.path = cfg, seq_len, lookup, path
        self.lines = []

    def emit(self, text=""):
        self.lines.extend(text.split("\n"))

    def constant(self, ssa, name, shape):
        # A NameLoc (compress-apply-policy names layers by it); around this
        # line's position when the file name is known, so that diagnostics
        # about the weight point at it.
        loc = f'"{name}"'
        if self.path is not None:
            loc += f'({json_string(self.path)}:{len(self.lines) + 1}:3)'
        self.emit(f"  %{ssa} = arith.constant dense_resource<{name}> : "
                  f"{ty(*shape)} loc({loc})")

    # -- building blocks ---------------------------------------------------

    def linear(self, out, x, w, k, n):
        """out = x W^T (nn.Linear) for W [n, k]."""
        T = self.T
        self.emit(f"  %{out} = linalg.matmul {LINEAR_MAPS}\n"
                  f"      ins(%{x}, %{w} : {ty(T, k)}, {ty(n, k)}) "
                  f"outs(%zeros_{T}x{n} : {ty(T, n)}) -> {ty(T, n)}")

    def rmsnorm(self, out, x, w):
        T, D = self.T, self.cfg.dim
        self.emit(f"""\
  %{out}_ss = linalg.generic {{indexing_maps = [affine_map<(t, d) -> (t, d)>, affine_map<(t, d) -> (t)>],
                             iterator_types = ["parallel", "reduction"]}}
      ins(%{x} : {ty(T, D)}) outs(%zeros_{T} : {ty(T)}) {{
  ^bb0(%a: f32, %acc: f32):
    %sq = arith.mulf %a, %a : f32
    %sum = arith.addf %acc, %sq : f32
    linalg.yield %sum : f32
  }} -> {ty(T)}
  %{out} = linalg.generic {{indexing_maps = [affine_map<(t, d) -> (t, d)>, affine_map<(t, d) -> (t)>, affine_map<(t, d) -> (d)>, affine_map<(t, d) -> (t, d)>],
                           iterator_types = ["parallel", "parallel"]}}
      ins(%{x}, %{out}_ss, %{w} : {ty(T, D)}, {ty(T)}, {ty(D)}) outs(%empty_{T}x{D} : {ty(T, D)}) {{
  ^bb0(%a: f32, %ss: f32, %g: f32, %o: f32):
    %mean = arith.divf %ss, %dim : f32
    %var = arith.addf %mean, %eps : f32
    %inv = math.rsqrt %var : f32
    %n = arith.mulf %a, %inv : f32
    %y = arith.mulf %n, %g : f32
    linalg.yield %y : f32
  }} -> {ty(T, D)}""")

    def rope(self, out, x, heads):
        """Rotates the pairs (2i, 2i+1) of every head of x [T, heads * hs]:
        each pair times the 2x2 rotation %rope_rotation[t, i]."""
        T, hs = self.T, self.cfg.head_size
        half = hs // 2
        full = ty(T, heads, half, 2)
        self.emit(f"""\
  %{out}_pairs = tensor.expand_shape %{x} [[0], [1, 2, 3]] output_shape [{T}, {heads}, {half}, 2] : {ty(T, heads * hs)} into {full}
  %{out}_rotated = linalg.generic {{indexing_maps = [affine_map<(t, h, i, j, k) -> (t, h, i, k)>, affine_map<(t, h, i, j, k) -> (t, i, j, k)>, affine_map<(t, h, i, j, k) -> (t, h, i, j)>],
                                 iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}}
      ins(%{out}_pairs, %rope_rotation : {full}, {ty(T, half, 2, 2)}) outs(%zeros_{T}x{heads}x{half}x2 : {full}) {{
  ^bb0(%a: f32, %m: f32, %acc: f32):
    %p = arith.mulf %a, %m : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }} -> {full}
  %{out} = tensor.collapse_shape %{out}_rotated [[0], [1, 2, 3]] : {full} into {ty(T, heads * hs)}""")

    def attention(self, p):
        """Causal grouped-query attention of %{p}q, %{p}k, %{p}v into
        %{p}attn [T, dim]. Query head h = g * rep + r uses key/value head g,
        so the query heads are laid out [kv head g, repeat r]."""
        c, T = self.cfg, self.T
        G, R, hs = c.n_kv_heads, c.n_heads // c.n_kv_heads, c.head_size
        q4, qg = ty(T, G, R, hs), ty(G, R, T, hs)
        s4, s3 = ty(G, R, T, T), ty(G, R * T, T)
        self.emit(f"""\
  // Heads first: q [{T}, {G}x{R}x{hs}] -> [{G}, {R}x{T}, {hs}]; k, v [{T}, {G}x{hs}] -> [{G}, {T}, {hs}]
  %{p}q_heads = tensor.expand_shape %{p}q_rope [[0], [1, 2, 3]] output_shape [{T}, {G}, {R}, {hs}] : {ty(T, c.dim)} into {q4}
  %{p}q_t = linalg.transpose ins(%{p}q_heads : {q4}) outs(%empty_{G}x{R}x{T}x{hs} : {qg}) permutation = [1, 2, 0, 3]
  %{p}q_g = tensor.collapse_shape %{p}q_t [[0], [1, 2], [3]] : {qg} into {ty(G, R * T, hs)}
  %{p}k_heads = tensor.expand_shape %{p}k_rope [[0], [1, 2]] output_shape [{T}, {G}, {hs}] : {ty(T, c.kv_dim)} into {ty(T, G, hs)}
  %{p}k_g = linalg.transpose ins(%{p}k_heads : {ty(T, G, hs)}) outs(%empty_{G}x{T}x{hs} : {ty(G, T, hs)}) permutation = [1, 0, 2]
  %{p}v_heads = tensor.expand_shape %{p}v [[0], [1, 2]] output_shape [{T}, {G}, {hs}] : {ty(T, c.kv_dim)} into {ty(T, G, hs)}
  %{p}v_g = linalg.transpose ins(%{p}v_heads : {ty(T, G, hs)}) outs(%empty_{G}x{T}x{hs} : {ty(G, T, hs)}) permutation = [1, 0, 2]
  // Scores q k^T per key/value head: [{G}, {R}x{T} queries, {T} keys]
  %{p}scores_g = linalg.batch_matmul {BATCH_MAPS_TRANSPOSED_B}
      ins(%{p}q_g, %{p}k_g : {ty(G, R * T, hs)}, {ty(G, T, hs)}) outs(%zeros_{G}x{R * T}x{T} : {s3}) -> {s3}
  %{p}scores = tensor.expand_shape %{p}scores_g [[0], [1, 2], [3]] output_shape [{G}, {R}, {T}, {T}] : {s3} into {s4}
  // Softmax over the keys s <= t of (scores / sqrt(head_size)), max subtracted
  %{p}masked = linalg.generic {{indexing_maps = [affine_map<(g, r, t, s) -> (g, r, t, s)>, affine_map<(g, r, t, s) -> (g, r, t, s)>],
                               iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%{p}scores : {s4}) outs(%empty_{G}x{R}x{T}x{T} : {s4}) {{
  ^bb0(%a: f32, %o: f32):
    %t = linalg.index 2 : index
    %s = linalg.index 3 : index
    %visible = arith.cmpi ule, %s, %t : index
    %scaled = arith.mulf %a, %attention_scale : f32
    %y = arith.select %visible, %scaled, %neg_inf : f32
    linalg.yield %y : f32
  }} -> {s4}
  %{p}max = linalg.generic {{indexing_maps = [affine_map<(g, r, t, s) -> (g, r, t, s)>, affine_map<(g, r, t, s) -> (g, r, t)>],
                            iterator_types = ["parallel", "parallel", "parallel", "reduction"]}}
      ins(%{p}masked : {s4}) outs(%neg_infs_{G}x{R}x{T} : {ty(G, R, T)}) {{
  ^bb0(%a: f32, %acc: f32):
    %m = arith.maximumf %acc, %a : f32
    linalg.yield %m : f32
  }} -> {ty(G, R, T)}
  %{p}exp = linalg.generic {{indexing_maps = [affine_map<(g, r, t, s) -> (g, r, t, s)>, affine_map<(g, r, t, s) -> (g, r, t)>, affine_map<(g, r, t, s) -> (g, r, t, s)>],
                            iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%{p}masked, %{p}max : {s4}, {ty(G, R, T)}) outs(%empty_{G}x{R}x{T}x{T} : {s4}) {{
  ^bb0(%a: f32, %m: f32, %o: f32):
    %d = arith.subf %a, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  }} -> {s4}
  %{p}sum = linalg.generic {{indexing_maps = [affine_map<(g, r, t, s) -> (g, r, t, s)>, affine_map<(g, r, t, s) -> (g, r, t)>],
                            iterator_types = ["parallel", "parallel", "parallel", "reduction"]}}
      ins(%{p}exp : {s4}) outs(%zeros_{G}x{R}x{T} : {ty(G, R, T)}) {{
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %acc, %a : f32
    linalg.yield %s : f32
  }} -> {ty(G, R, T)}
  %{p}probs = linalg.generic {{indexing_maps = [affine_map<(g, r, t, s) -> (g, r, t, s)>, affine_map<(g, r, t, s) -> (g, r, t)>, affine_map<(g, r, t, s) -> (g, r, t, s)>],
                              iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%{p}exp, %{p}sum : {s4}, {ty(G, R, T)}) outs(%empty_{G}x{R}x{T}x{T} : {s4}) {{
  ^bb0(%e: f32, %s: f32, %o: f32):
    %y = arith.divf %e, %s : f32
    linalg.yield %y : f32
  }} -> {s4}
  // Weighted sum of the values, back to [{T}, {G}x{R}x{hs}] (query head h = {R}g + r)
  %{p}probs_g = tensor.collapse_shape %{p}probs [[0], [1, 2], [3]] : {s4} into {s3}
  %{p}heads_g = linalg.batch_matmul ins(%{p}probs_g, %{p}v_g : {s3}, {ty(G, T, hs)}) outs(%zeros_{G}x{R * T}x{hs} : {ty(G, R * T, hs)}) -> {ty(G, R * T, hs)}
  %{p}heads_4 = tensor.expand_shape %{p}heads_g [[0], [1, 2], [3]] output_shape [{G}, {R}, {T}, {hs}] : {ty(G, R * T, hs)} into {qg}
  %{p}heads_t = linalg.transpose ins(%{p}heads_4 : {qg}) outs(%empty_{T}x{G}x{R}x{hs} : {q4}) permutation = [2, 0, 1, 3]
  %{p}attn = tensor.collapse_shape %{p}heads_t [[0], [1, 2, 3]] : {q4} into {ty(T, c.dim)}""")

    # -- the function ------------------------------------------------------

    def function(self, weight_shapes):
        c, T = self.cfg, self.T
        D, H, V, hs = c.dim, c.hidden_dim, c.vocab_size, c.head_size
        G, R = c.n_kv_heads, c.n_heads // c.n_kv_heads
        half = hs // 2
        freqs = ", ".join(repr(1.0 / 10000.0 ** (2.0 * i / hs)) for i in range(half))

        self.emit(f"func.func @forward(%tokens: {ty(T, elem='i64')}) -> {ty(T, V)} {{")
        self.emit("  // Scalars, and the initial values of the results below")
        self.emit("  %c0 = arith.constant 0 : index")
        self.emit("  %zero = arith.constant 0.0 : f32")
        self.emit("  %neg_inf = arith.constant 0xFF800000 : f32")
        self.emit(f"  %dim = arith.constant {f32_literal(D)} : f32")
        self.emit("  %eps = arith.constant 1.0e-05 : f32")
        self.emit(f"  %attention_scale = arith.constant {f32_literal(1.0 / math.sqrt(hs))} : f32  // 1/sqrt({hs})")
        empties = [(T, D), (T, half, 2, 2),
                   (G, R, T, hs), (G, T, hs), (G, R, T, T), (T, G, R, hs), (T, H)]
        zeros = [(T,), (T, D), (T, c.kv_dim), (T, H), (T, V),
                 (T, c.n_heads, half, 2), (T, G, half, 2),
                 (G, R * T, T), (G, R, T), (G, R * T, hs)]
        # One value per shape (shapes coincide for some configurations).
        zeros = list(dict.fromkeys(zeros))
        for shape in dict.fromkeys(empties + zeros):
            name = "x".join(map(str, shape))
            self.emit(f"  %empty_{name} = tensor.empty() : {ty(*shape)}")
        for shape in zeros:
            name = "x".join(map(str, shape))
            self.emit(f"  %zeros_{name} = linalg.fill ins(%zero : f32) outs(%empty_{name} : {ty(*shape)}) -> {ty(*shape)}")
        self.emit(f"  %neg_infs_{G}x{R}x{T} = linalg.fill ins(%neg_inf : f32) outs(%empty_{G}x{R}x{T} : {ty(G, R, T)}) -> {ty(G, R, T)}")

        self.emit(f"""\

  // Rotary embedding: the pair i of every head at position t turns by the angle
  // t / 10000^(2i/{hs}), i < {half}: (a, b) -> (a cos - b sin, a sin + b cos), written
  // as the 2x2 matrices %rope_rotation[t, i] = [[cos, -sin], [sin, cos]] (computed in f64).
  %rope_freqs = arith.constant dense<[{freqs}]> : {ty(half, elem='f64')}
  %rope_rotation = linalg.generic {{indexing_maps = [affine_map<(t, i, j, k) -> (i)>, affine_map<(t, i, j, k) -> (t, i, j, k)>],
                                   iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%rope_freqs : {ty(half, elem='f64')}) outs(%empty_{T}x{half}x2x2 : {ty(T, half, 2, 2)}) {{
  ^bb0(%f: f64, %o: f32):
    %t = linalg.index 0 : index
    %j = linalg.index 2 : index
    %k = linalg.index 3 : index
    %ti = arith.index_cast %t : index to i64
    %tf = arith.sitofp %ti : i64 to f64
    %angle = arith.mulf %tf, %f : f64
    %cos = math.cos %angle : f64
    %sin = math.sin %angle : f64
    %neg_sin = arith.negf %sin : f64
    %diagonal = arith.cmpi eq, %j, %k : index
    %upper = arith.cmpi eq, %j, %c0 : index
    %off = arith.select %upper, %neg_sin, %sin : f64
    %m = arith.select %diagonal, %cos, %off : f64
    %m32 = arith.truncf %m : f64 to f32
    linalg.yield %m32 : f32
  }} -> {ty(T, half, 2, 2)}
""")
        self.emit(f"  // Token embedding: row tokens[t] of the table (ids must be in 0..{V - 1})")
        self.constant("token_embedding", "token_embedding", (V, D))
        if self.lookup == "gather":
            self.emit(f"""\
  %token_ids = tensor.expand_shape %tokens [[0, 1]] output_shape [{T}, 1] : {ty(T, elem='i64')} into {ty(T, 1, elem='i64')}
  %x0 = tensor.gather %token_embedding[%token_ids] gather_dims([0]) : ({ty(V, D)}, {ty(T, 1, elem='i64')}) -> {ty(T, D)}""")
        else:
            self.emit(f"""\
  %x0 = linalg.generic {{indexing_maps = [affine_map<(t, d) -> (t)>, affine_map<(t, d) -> (t, d)>],
                        iterator_types = ["parallel", "parallel"]}}
      ins(%tokens : {ty(T, elem='i64')}) outs(%empty_{T}x{D} : {ty(T, D)}) {{
  ^bb0(%id: i64, %o: f32):
    %row = arith.index_cast %id : i64 to index
    %col = linalg.index 1 : index
    %e = tensor.extract %token_embedding[%row, %col] : {ty(V, D)}
    linalg.yield %e : f32
  }} -> {ty(T, D)}""")

        for l in range(c.n_layers):
            p, n = f"l{l}_", f"layers.{l}."
            x = f"x{l}"
            self.emit(f"\n  // ==== Layer {l}: attention ====")
            self.constant(p + "attention_norm", n + "attention_norm", (D,))
            self.constant(p + "wq", n + "attention.wq", weight_shapes[n + "attention.wq"])
            self.constant(p + "wk", n + "attention.wk", weight_shapes[n + "attention.wk"])
            self.constant(p + "wv", n + "attention.wv", weight_shapes[n + "attention.wv"])
            self.constant(p + "wo", n + "attention.wo", weight_shapes[n + "attention.wo"])
            self.emit("  // RMSNorm: x * rsqrt(mean(x^2) + 1e-5) * weight")
            self.rmsnorm(p + "xn", x, p + "attention_norm")
            self.emit("  // q, k, v projections (nn.Linear: x W^T)")
            self.linear(p + "q", p + "xn", p + "wq", D, D)
            self.linear(p + "k", p + "xn", p + "wk", D, c.kv_dim)
            self.linear(p + "v", p + "xn", p + "wv", D, c.kv_dim)
            self.emit("  // Rotary embedding of q and k: pairs (2i, 2i+1) of each head")
            self.rope(p + "q_rope", p + "q", c.n_heads)
            self.rope(p + "k_rope", p + "k", c.n_kv_heads)
            self.attention(p)
            self.emit("  // Output projection and residual")
            self.linear(p + "o", p + "attn", p + "wo", D, D)
            self.emit(f"  %{p}h = linalg.add ins(%{x}, %{p}o : {ty(T, D)}, {ty(T, D)}) outs(%empty_{T}x{D} : {ty(T, D)}) -> {ty(T, D)}")

            self.emit(f"\n  // ==== Layer {l}: feed-forward w2(silu(w1 x) * w3 x) ====")
            self.constant(p + "ffn_norm", n + "ffn_norm", (D,))
            self.constant(p + "w1", n + "feed_forward.w1", weight_shapes[n + "feed_forward.w1"])
            self.constant(p + "w2", n + "feed_forward.w2", weight_shapes[n + "feed_forward.w2"])
            self.constant(p + "w3", n + "feed_forward.w3", weight_shapes[n + "feed_forward.w3"])
            self.emit("  // RMSNorm, then the gate (w1) and up (w3) projections")
            self.rmsnorm(p + "hn", p + "h", p + "ffn_norm")
            self.linear(p + "gate", p + "hn", p + "w1", D, H)
            self.linear(p + "up", p + "hn", p + "w3", D, H)
            self.emit(f"""\
  // silu(a) * b = a / (1 + exp(-a)) * b
  %{p}act = linalg.generic {{indexing_maps = [affine_map<(t, j) -> (t, j)>, affine_map<(t, j) -> (t, j)>, affine_map<(t, j) -> (t, j)>],
                           iterator_types = ["parallel", "parallel"]}}
      ins(%{p}gate, %{p}up : {ty(T, H)}, {ty(T, H)}) outs(%empty_{T}x{H} : {ty(T, H)}) {{
  ^bb0(%a: f32, %b: f32, %o: f32):
    %neg = arith.negf %a : f32
    %exp = math.exp %neg : f32
    %one = arith.constant 1.0 : f32
    %den = arith.addf %one, %exp : f32
    %silu = arith.divf %a, %den : f32
    %y = arith.mulf %silu, %b : f32
    linalg.yield %y : f32
  }} -> {ty(T, H)}""")
            self.linear(p + "down", p + "act", p + "w2", H, D)
            self.emit(f"  %x{l + 1} = linalg.add ins(%{p}h, %{p}down : {ty(T, D)}, {ty(T, D)}) outs(%empty_{T}x{D} : {ty(T, D)}) -> {ty(T, D)}")

        L = c.n_layers
        classifier = "token_embedding" if c.shared_classifier else "output"
        self.emit("\n  // ==== Final RMSNorm and classifier ====")
        self.constant("norm", "norm", (D,))
        self.rmsnorm("xf", f"x{L}", "norm")
        if c.shared_classifier:
            self.emit("  // The classifier shares the token embedding: logits = x embedding^T")
        else:
            self.constant("output", "output", (V, D))
        self.linear("logits", "xf", classifier, D, V)
        self.emit(f"  return %logits : {ty(T, V)}")
        self.emit("}")

    def resources(self, blobs):
        self.emit("\n{-#\n  dialect_resources: {\n    builtin: {")
        entries = []
        for name, (_, data) in blobs.items():
            # The 4-byte header is the blob's alignment (4, little endian).
            entries.append(f'      "{name}": "0x04000000{data.hex().upper()}"')
        self.emit(",\n".join(entries))
        self.emit("    }\n  }\n#-}")


def write_module(cfg, blobs, seq_len, lookup, source, command, path):
    w = Writer(cfg, seq_len, lookup, path)
    c = cfg
    w.emit(f"""\
// Imported by {TOOL} from {source}:
//   {command}
// llama2.c checkpoint: dim={c.dim}, hidden_dim={c.hidden_dim}, n_layers={c.n_layers}, n_heads={c.n_heads},
// n_kv_heads={c.n_kv_heads}, vocab_size={c.vocab_size}, seq_len={c.seq_len}, head_size={c.head_size},
// classifier {'shared with the token embedding' if c.shared_classifier else 'separate (output)'}.
// @forward maps {seq_len} token ids (positions 0..{seq_len - 1}) to the logits of every position.
""")
    w.function({name: shape for name, (shape, _) in blobs.items()})
    w.resources(blobs)
    return "\n".join(w.lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog=TOOL,
        description="Import a llama2.c checkpoint (legacy version 0 .bin) as "
                    "MLIR: func.func @forward(tokens) -> logits on linalg "
                    "tensors, weights as named dense_resource blobs.")
    ap.add_argument("checkpoint", help="llama2.c .bin file")
    ap.add_argument("--seq-len", type=int, metavar="T",
                    help="number of positions of @forward (default: the "
                         "header's seq_len)")
    ap.add_argument("-o", "--output", default="-", metavar="FILE",
                    help="output file (default: standard output)")
    ap.add_argument("--sha256", metavar="HEX",
                    help="fail unless the checkpoint has this sha256")
    ap.add_argument("--lookup", choices=("extract", "gather"), default="extract",
                    help="embedding lookup as a linalg.generic of tensor.extract "
                         "(default; lowers with compress-to-llvm) or as "
                         "tensor.gather")
    args = ap.parse_args(argv)

    try:
        if args.sha256 is not None and (
                len(args.sha256) != 64 or
                any(ch not in "0123456789abcdefABCDEF" for ch in args.sha256)):
            raise InputError(f"--sha256: expected 64 hex digits, got "
                             f"'{args.sha256}'")
        cfg, raw = read_checkpoint(args.checkpoint, args.sha256)
        seq_len = cfg.seq_len if args.seq_len is None else args.seq_len
        if not 1 <= seq_len <= cfg.seq_len:
            raise InputError(f"--seq-len={seq_len}: expected 1 to the "
                               f"checkpoint's seq_len {cfg.seq_len}")
        blobs = weights(cfg, raw)
        command = " ".join([TOOL, os.path.basename(args.checkpoint),
                            f"--seq-len={seq_len}"] +
                           ([f"--lookup={args.lookup}"]
                            if args.lookup != "extract" else []))
        text = write_module(cfg, blobs, seq_len, args.lookup,
                            os.path.basename(args.checkpoint), command,
                            None if args.output == "-" else args.output)
        if args.output == "-":
            sys.stdout.write(text)
        else:
            try:
                with open(args.output, "w") as f:
                    f.write(text)
            except OSError as e:
                raise InputError(f"{args.output}: cannot write: {e.strerror}")
    except InputError as e:
        print(f"{TOOL}: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
