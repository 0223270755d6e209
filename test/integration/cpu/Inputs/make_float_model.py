#!/usr/bin/env python3
# ===- make_float_model.py - Small-float weights for the CPU execution tests ===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Writes OUTDIR/model.mlir: func.func @forward(%x: tensor<3x64xf32>) with one
compress.matmul (nn.Linear layout) per #compress.float weight or f8-scaled
uniform weight, as compress.constant with random finite storage in
dense_resource blobs, one result per layer; and OUTDIR/x.npy.

Usage: make_float_model.py OUTDIR

Layers: FP8 E4M3 with f32 row scales, FP8 E5M2 without scales, MXFP4
(f4E2M1FN, blocks of 32, f8E8M0FNU scales), NVFP4 (f4E2M1FN, blocks of 16,
f8E4M3FN scales), f6E2M3FN (6-bit codes crossing bytes), and int4 with
f8E4M3FN group scales. Random bit patterns (numpy default_rng(11)) skip the
NaN and infinity patterns of each format.
"""
import os
import sys

import numpy as np

from constant_model import pack_bits, write_matmul_model

K = 64
ROWS = 3
N = 24

LAYERS = [
    ("fp8_e4m3_rows", "#compress.float<f8E4M3FN, per_axis = 0, scale = f32>"),
    ("fp8_e5m2", "#compress.float<f8E5M2>"),
    ("mxfp4", "#compress.float<f4E2M1FN, block = [1, 32], scale = f8E8M0FNU>"),
    ("nvfp4", "#compress.float<f4E2M1FN, block = [1, 16], scale = f8E4M3FN>"),
    ("fp6_e2m3", "#compress.float<f6E2M3FN>"),
    ("int4_f8_scales", "#compress.uniform<bits = 4, block = [1, 32], scale = f8E4M3FN>"),
]

BITS = {"f8E4M3FN": 8, "f8E5M2": 8, "f4E2M1FN": 4, "f6E2M3FN": 6}


def finite_patterns(fmt, rng, count):
    bits = BITS[fmt]
    out = []
    while len(out) < count:
        p = int(rng.integers(0, 1 << bits))
        if fmt == "f8E4M3FN" and (p & 0x7F) == 0x7F:
            continue
        if fmt == "f8E5M2" and ((p >> 2) & 0x1F) == 0x1F:
            continue
        out.append(p)
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(11)
    x = rng.standard_normal((ROWS, K)).astype(np.float32)
    np.save(os.path.join(outdir, "x.npy"), x)
    layers = []
    for name, enc in LAYERS:
        ttype = f"!compress.tensor<{N}x{K}xf32, {enc}>"
        fields = []
        if enc.startswith("#compress.float"):
            fmt = enc.split("<")[1].split(",")[0].split(">")[0].strip()
            codes = finite_patterns(fmt, rng, N * K)
            packed, row_bytes = pack_bits(np.reshape(codes, (N, K)), BITS[fmt])
        else:
            codes = [int(v) for v in rng.integers(0, 16, N * K)]
            packed, row_bytes = pack_bits(np.reshape(codes, (N, K)), 4)
        fields.append(("codes", f"tensor<{N}x{row_bytes}xi8>", packed.tobytes()))
        if "scale = f32" in enc:
            s = (rng.random((N, 1)) * 0.1 + 0.01).astype(np.float32)
            fields.append(("scales", f"tensor<{N}x1xf32>", s.tobytes()))
        elif "scale = f8E8M0FNU" in enc:
            s = rng.integers(120, 131, (N, K // 32)).astype(np.uint8)
            fields.append(("scales", f"tensor<{N}x{K // 32}xf8E8M0FNU>", s.tobytes()))
        elif "scale = f8E4M3FN" in enc:
            group = 16 if "[1, 16]" in enc else 32
            s = rng.integers(0x20, 0x48, (N, K // group)).astype(np.uint8)
            fields.append(("scales", f"tensor<{N}x{K // group}xf8E4M3FN>", s.tobytes()))
        layers.append((name, ttype, N, True, fields))
    write_matmul_model(outdir, ROWS, K, layers)
    print(len(LAYERS))


if __name__ == "__main__":
    main()
