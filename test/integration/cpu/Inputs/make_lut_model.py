#!/usr/bin/env python3
# ===- make_lut_model.py - LUT-encoded weights for the CPU execution tests -===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Writes OUTDIR/model.mlir: func.func @forward(%x: tensor<3xKxf32>) with one
compress.matmul per #compress.lut weight (compress.constant with random
storage as dense_resource blobs), one result per layer, and OUTDIR/x.npy.

Usage: make_lut_model.py OUTDIR

The layers cover stored codebooks (f32/f16/bf16, per tensor, per row, per
block of rows), codewords of dim 1, 2 and 4 (vector quantization), indices of
2, 3 (crossing bytes), 4 and 8 bits, the fixed nf4 table with block scales,
and a stored codebook with per-row scales; nn.Linear ([N, K], transpose_rhs)
and [K, N] layouts. The storage is random (numpy default_rng(7)): the
reference program (compress-decompress, the reference decoder) and the
compressed one (fused kernels) must agree on it, whatever its values.
"""
import os
import sys

import numpy as np

from constant_model import pack_bits, write_matmul_model

K = 64
ROWS = 3

# (name, N, encoding text, transpose_rhs)
LAYERS = [
    ("book_tensor_4b", 24, "#compress.lut<bits = 4, codebook = f32>", True),
    ("book_rows_3b_f16", 24, "#compress.lut<bits = 3, codebook = f16, codebook_axis = 0>", True),
    ("book_blocks_2b_bf16", 24, "#compress.lut<bits = 2, codebook = bf16, codebook_block = [8, 64]>", True),
    ("vq_dim2_8b", 24, "#compress.lut<bits = 8, codebook = f16, dim = 2>", True),
    ("vq_dim4_rows", 16, "#compress.lut<bits = 4, codebook = f32, codebook_axis = 0, dim = 4>", True),
    ("nf4_block_scale", 24, "#compress.lut<table = nf4, block = [1, 32], scale = f16>", True),
    ("book_row_scale", 24, "#compress.lut<bits = 4, codebook = f16, per_axis = 0, scale = f32>", True),
    ("book_kn_layout", 24, "#compress.lut<bits = 4, codebook = f32, codebook_axis = 1>", False),
]


def storage(name, shape, enc, rng):
    """The storage tensors of one layer: [(role, mlir type, numpy bytes)]."""
    rows, cols = shape
    dim = 1
    bits = 4
    for part in enc.strip("#compress.lut<>").split(","):
        key, _, value = part.strip().partition(" = ")
        if key == "dim":
            dim = int(value)
        if key == "bits":
            bits = int(value)
    out = []
    # indices: [rows, cols / dim], packed LSB-first per row.
    count = cols // dim
    values = rng.integers(0, 1 << bits, (rows, count))
    packed, row_bytes = pack_bits(values, bits)
    out.append(("indices", f"tensor<{rows}x{row_bytes}xi8>", packed.tobytes()))
    if "codebook =" in enc:
        ctype = enc.split("codebook = ")[1].split(",")[0].split(">")[0].strip()
        if "codebook_axis = 0" in enc:
            books = [rows, 1]
        elif "codebook_axis = 1" in enc:
            books = [1, cols]
        elif "codebook_block" in enc:
            block = [int(v) for v in enc.split("codebook_block = [")[1].split("]")[0].split(",")]
            books = [rows // block[0], cols // block[1]]
        else:
            books = [1, 1]
        shape_c = books + [1 << bits, dim]
        cb = rng.standard_normal(shape_c).astype(np.float32)
        if ctype == "f16":
            data = cb.astype(np.float16).tobytes()
        elif ctype == "bf16":
            data = (cb.view(np.uint32) >> 16).astype(np.uint16).tobytes()
        else:
            data = cb.tobytes()
        out.append(("codebook", "tensor<%sx%s>" % ("x".join(map(str, shape_c)), ctype), data))
    if "scale =" in enc:
        stype = enc.split("scale = ")[1].split(">")[0].split(",")[0].strip()
        if "per_axis = 0" in enc:
            sshape = [rows, 1]
        else:
            block = [int(v) for v in enc.split("block = [")[1].split("]")[0].split(",")]
            sshape = [rows // block[0], cols // block[1]]
        sc = (rng.random(sshape) * 0.5 + 0.05).astype(np.float32)
        data = sc.astype(np.float16).tobytes() if stype == "f16" else sc.tobytes()
        out.append(("scales", "tensor<%s>" % "x".join(map(str, sshape + [stype])), data))
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(7)
    x = rng.standard_normal((ROWS, K)).astype(np.float32)
    np.save(os.path.join(outdir, "x.npy"), x)
    layers = []
    for name, n, enc, transpose in LAYERS:
        shape = (n, K) if transpose else (K, n)
        ttype = f"!compress.tensor<{shape[0]}x{shape[1]}xf32, {enc}>"
        layers.append((name, ttype, n, transpose, storage(name, shape, enc, rng)))
    write_matmul_model(outdir, ROWS, K, layers)
    print(len(LAYERS))


if __name__ == "__main__":
    main()
