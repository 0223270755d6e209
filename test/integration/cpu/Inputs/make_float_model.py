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


def pack(values, bits, count_per_row, rows):
    row_bytes = (count_per_row * bits + 7) // 8
    packed = np.zeros((rows, row_bytes), np.uint8)
    for r in range(rows):
        pos = 0
        for v in values[r * count_per_row:(r + 1) * count_per_row]:
            for b in range(bits):
                if (v >> b) & 1:
                    packed[r, (pos + b) // 8] |= 1 << ((pos + b) % 8)
            pos += bits
    return packed, row_bytes


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(11)
    x = rng.standard_normal((ROWS, K)).astype(np.float32)
    np.save(os.path.join(outdir, "x.npy"), x)
    body, blobs, results = [], [], []
    for name, enc in LAYERS:
        ttype = f"!compress.tensor<{N}x{K}xf32, {enc}>"
        fields = []
        if enc.startswith("#compress.float"):
            fmt = enc.split("<")[1].split(",")[0].split(">")[0].strip()
            codes = finite_patterns(fmt, rng, N * K)
            packed, row_bytes = pack(codes, BITS[fmt], K, N)
        else:
            codes = [int(v) for v in rng.integers(0, 16, N * K)]
            packed, row_bytes = pack(codes, 4, K, N)
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
        parts = []
        for role, mtype, data in fields:
            blob = f"{name}.{role}"
            parts.append(f"{role} = dense_resource<{blob}> : {mtype}")
            blobs.append(f'      "{blob}": "0x04000000{data.hex().upper()}"')
        body.append(f"  %w_{name} = compress.constant {{{', '.join(parts)}}} : {ttype}")
        body.append(f"  %y_{name} = compress.matmul %x, %w_{name} transpose_rhs acc(f32) : "
                    f"tensor<{ROWS}x{K}xf32>, {ttype} -> tensor<{ROWS}x{N}xf32>")
        results.append(f"%y_{name}")
    rtype = f"tensor<{ROWS}x{N}xf32>"
    text = [f"func.func @forward(%x: tensor<{ROWS}x{K}xf32>) -> ({', '.join([rtype] * len(results))}) {{"]
    text += body
    text.append(f"  return {', '.join(results)} : {', '.join([rtype] * len(results))}")
    text.append("}")
    text.append("{-#\n  dialect_resources: {\n    builtin: {\n" + ",\n".join(blobs) + "\n    }\n  }\n#-}")
    with open(os.path.join(outdir, "model.mlir"), "w") as f:
        f.write("\n".join(text) + "\n")
    print(len(LAYERS))


if __name__ == "__main__":
    main()
