#!/usr/bin/env python3
# ===- make_composite_model.py - Sparse, low-rank and combined weights ----===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Writes OUTDIR/model.mlir and OUTDIR/x.npy for the CPU execution tests of
#compress.sparse, #compress.lowrank, #compress.permuted, #compress.sum and
#compress.product: func.func @forward(%x: tensor<ROWSxKxf32>) with one
compress.matmul per layer of GROUP (compress.constant weights whose storage is
random data packed as docs/formats.md says, in dense_resource blobs), or, for
the group `decode`, compress.decode and compress.gather of such weights.
Prints the number of results.

Usage: make_composite_model.py OUTDIR GROUP ROWS

Sizes are odd on purpose (N = 24 or 40, K = 48, 72 or 96). The reference
program (compress-decompress, the reference decoder) and the compressed one
(the kernels) must agree on the random data, whatever its values.
"""
import os
import sys

import numpy as np

from constant_model import (constant_op, pack_field, tensor_type,
                            write_forward, write_matmul_model)

# A part builder takes (shape, rng) and returns (encoding text,
# [(role, storage type, bytes)]); a plain part has the single role "".


def floats(element, values):
    """`values` stored as `element` (f32 or f16): (type, bytes)."""
    if element == "f16":
        return np.asarray(values, np.float16).tobytes()
    return np.asarray(values, np.float32).tobytes()


def plain(element):
    def build(shape, rng):
        data = rng.standard_normal(shape)
        return element, [("", tensor_type(shape, element), floats(element, data))]
    return build


def nested(name, part, shape, rng):
    """The roles of `part` (a builder) in slot `name`."""
    text, roles = part(shape, rng)
    return text, [(name if role == "" else f"{name}.{role}", t, d)
                  for role, t, d in roles]


def uniform(bits, block=None, axis=None, scale="f16"):
    def build(shape, rng):
        codes = rng.integers(-(1 << (bits - 1)), 1 << (bits - 1), shape)
        packed, storage = pack_field(codes, bits)
        if block:
            params = [s // b for s, b in zip(shape, block)]
            groups = f", block = [{block[0]}, {block[1]}]"
        elif axis is not None:
            params = [s if d == axis else 1 for d, s in enumerate(shape)]
            groups = f", per_axis = {axis}"
        else:
            params = [1] * len(shape)
            groups = ""
        scales = rng.random(params) * 0.5 + 0.05
        text = f"#compress.uniform<bits = {bits}{groups}, scale = {scale}>"
        return text, [("codes", tensor_type(storage, "i8"), packed.tobytes()),
                      ("scales", tensor_type(params, scale), floats(scale, scales))]
    return build


def lut_rows(bits):
    """One f16 codebook per row (SqueezeLLM)."""
    def build(shape, rng):
        indices = rng.integers(0, 1 << bits, shape)
        packed, storage = pack_field(indices, bits)
        book = rng.standard_normal([shape[0], 1, 1 << bits, 1])
        text = f"#compress.lut<bits = {bits}, codebook = f16, codebook_axis = 0>"
        return text, [("indices", tensor_type(storage, "i8"), packed.tobytes()),
                      ("codebook", tensor_type(book.shape, "f16"), floats("f16", book))]
    return build


def lut_sign(shape, rng):
    packed, storage = pack_field(rng.integers(0, 2, shape), 1)
    return "#compress.lut<table = sign>", [
        ("indices", tensor_type(storage, "i8"), packed.tobytes())]


def nm(n, m, values, axis=None):
    def build(shape, rng):
        a = len(shape) - 1 if axis is None else axis
        kept = list(shape)
        kept[a] = shape[a] // m * n
        # Each group of m along the axis keeps n increasing positions.
        moved = list(shape)
        moved.pop(a)
        groups = shape[a] // m
        positions = np.zeros(moved + [groups * n], np.int64)
        for index in np.ndindex(*moved, groups):
            chosen = np.sort(rng.choice(m, n, replace=False))
            g = index[-1]
            positions[index[:-1] + (slice(g * n, (g + 1) * n),)] = chosen
        positions = np.moveaxis(positions, -1, a)
        bits = max(1, int(np.ceil(np.log2(m))))
        packed, storage = pack_field(positions, bits)
        vtext, vroles = nested("values", values, kept, rng)
        axis_text = "" if axis is None else f", axis = {axis}"
        text = f"#compress.sparse<nm = [{n}, {m}]{axis_text}, values = {vtext}>"
        return text, vroles + [("positions", tensor_type(storage, "i8"),
                                packed.tobytes())]
    return build


def csr(nnz, values, index="i16"):
    def build(shape, rng):
        rows, cols = shape
        chosen = np.sort(rng.choice(rows * cols, nnz, replace=False))
        row_ptr = np.searchsorted(chosen, np.arange(rows + 1) * cols)
        columns = chosen % cols
        itype = np.int16 if index == "i16" else np.int32
        vtext, vroles = nested("values", values, [nnz], rng)
        text = f"#compress.sparse<csr, nnz = {nnz}, index = {index}, values = {vtext}>"
        return text, vroles + [
            ("row_ptr", tensor_type([rows + 1], index), row_ptr.astype(itype).tobytes()),
            ("col_indices", tensor_type([nnz], index), columns.astype(itype).tobytes())]
    return build


def blocks(block, kept, values):
    def build(shape, rng):
        r, c = block
        block_rows, block_cols = shape[0] // r, shape[1] // c
        chosen = np.sort(rng.choice(block_rows * block_cols, kept, replace=False))
        ptr = np.searchsorted(chosen, np.arange(block_rows + 1) * block_cols)
        vtext, vroles = nested("values", values, [kept, r * c], rng)
        text = (f"#compress.sparse<block = [{r}, {c}], kept = {kept}, index = i16, "
                f"values = {vtext}>")
        return text, vroles + [
            ("block_row_ptr", tensor_type([block_rows + 1], "i16"),
             ptr.astype(np.int16).tobytes()),
            ("block_col_indices", tensor_type([kept], "i16"),
             (chosen % block_cols).astype(np.int16).tobytes())]
    return build


def bitmap(nnz, values):
    def build(shape, rng):
        count = int(np.prod(shape))
        mask = np.zeros(count, np.int64)
        mask[rng.choice(count, nnz, replace=False)] = 1
        packed, storage = pack_field(mask.reshape(shape), 1)
        vtext, vroles = nested("values", values, [nnz], rng)
        text = f"#compress.sparse<bitmap, nnz = {nnz}, values = {vtext}>"
        return text, vroles + [("mask", tensor_type(storage, "i8"), packed.tobytes())]
    return build


def lowrank(rank, u, v):
    def build(shape, rng):
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        utext, uroles = nested("u", u, [rows, rank], rng)
        vtext, vroles = nested("v", v, [rank, cols], rng)
        return f"#compress.lowrank<rank = {rank}, u = {utext}, v = {vtext}>", uroles + vroles
    return build


def permuted(axis, body):
    def build(shape, rng):
        perm = rng.permutation(shape[axis]).astype(np.int32)
        btext, broles = nested("body", body, shape, rng)
        return f"#compress.permuted<axis = {axis}, body = {btext}>", [
            ("perm", tensor_type([shape[axis]], "i32"), perm.tobytes())] + broles
    return build


def combine(kind, parts):
    name = "term" if kind == "sum" else "factor"

    def build(shape, rng):
        texts, roles = [], []
        for i, part in enumerate(parts):
            text, part_roles = nested(f"{name}{i}", part, shape, rng)
            texts.append(text)
            roles += part_roles
        return f"#compress.{kind}<{', '.join(texts)}>", roles
    return build


F16, F32 = plain("f16"), plain("f32")
INT8_ROWS = uniform(8, axis=0, scale="f32")

# name: (N, K, part, transpose_rhs, element type)
GROUPS = {
    "sparse": (96, [
        ("nm_2_4_f16", 40, nm(2, 4, F16), True, "f32"),
        ("nm_1_4_f32", 24, nm(1, 4, F32), True, "f32"),
        ("nm_2_4_kn", 24, nm(2, 4, F16, axis=0), False, "f32"),
        ("nm_axis0_nk", 24, nm(2, 4, F16, axis=0), True, "f32"),
        ("nm_2_4_int4_g16", 40, nm(2, 4, uniform(4, block=[1, 16])), True, "f32"),
        ("nm_int4_f16_elements", 24, nm(2, 4, uniform(4, block=[1, 24])), True, "f16"),
        ("bsr_1x16_int4", 40, blocks([1, 16], 100, uniform(4, block=[1, 16])), True, "f32"),
        ("bsr_2x8_f16", 24, blocks([2, 8], 50, F16), True, "f32"),
        ("bsr_kn", 24, blocks([4, 8], 20, F16), False, "f32"),
        ("bitmap_f16", 40, bitmap(700, F16), True, "f32"),
        ("bitmap_kn", 24, bitmap(300, F32), False, "f32"),
        ("csr_outliers", 40, csr(77, F16), True, "f32"),
        ("csr_i32_kn", 24, csr(90, F32, index="i32"), False, "f32"),
    ]),
    "lowrank": (72, [
        ("lowrank_f16", 40, lowrank(8, F16, F16), True, "f32"),
        ("lowrank_int8_v", 24, lowrank(6, F16, INT8_ROWS), True, "f32"),
        ("lowrank_kn", 40, lowrank(5, F32, F16), False, "f32"),
        ("lowrank_int8_kn", 24, lowrank(4, INT8_ROWS, F16), False, "f32"),
        ("lowrank_f16_elements", 24, lowrank(4, F16, F16), True, "f16"),
        ("eora_f16_elements", 40, combine("sum", [uniform(4, block=[1, 24]),
                                                  lowrank(3, F16, F16)]), True, "f16"),
    ]),
    "composite": (96, [
        ("spqr", 40, combine("sum", [uniform(3, block=[1, 16]), csr(60, F16)]), True, "f32"),
        ("squeezellm", 24, combine("sum", [lut_rows(4), csr(30, F16)]), True, "f32"),
        ("eora", 40, combine("sum", [uniform(4, block=[1, 32]),
                                     lowrank(8, uniform(4, axis=1), uniform(4, axis=0))]),
         True, "f32"),
        ("sum_plain", 24, combine("sum", [uniform(4, block=[1, 32]), F16]), True, "f32"),
        ("sum_kn", 24, combine("sum", [uniform(4, block=[32, 1]), csr(40, F16)]), False, "f32"),
        ("sum_f16_elements", 24, combine("sum", [uniform(4, block=[1, 32]), csr(40, F16)]),
         True, "f16"),
        ("gptq_act_order", 40, permuted(1, uniform(4, block=[1, 32])), True, "f32"),
        ("permuted_rows", 24, permuted(0, uniform(4, block=[1, 32])), True, "f32"),
        ("permuted_kn", 24, permuted(0, F16), False, "f32"),
        ("bitstack", 24, combine("product", [lut_sign, lowrank(4, F16, F16)]), True, "f32"),
        ("bitstack_sum", 24, combine("sum", [
            combine("product", [lut_sign, lowrank(2, F16, F16)]),
            combine("product", [lut_sign, lowrank(2, F16, F16)])]), True, "f32"),
    ]),
}

# compress.decode and compress.gather: (name, shape, part, element type, op).
DECODE = [
    ("nm", [24, 48], nm(2, 4, uniform(4, block=[1, 8])), "f32", "decode"),
    ("nm_axis0", [24, 48], nm(1, 4, F16, axis=0), "f16", "decode"),
    ("bsr", [24, 48], blocks([2, 8], 30, F16), "f32", "decode"),
    ("bitmap", [24, 48], bitmap(200, F16), "f32", "decode"),
    ("csr", [24, 48], csr(50, uniform(8, scale="f32")), "f32", "decode"),
    ("lowrank", [24, 48], lowrank(4, F16, INT8_ROWS), "f32", "decode"),
    ("permuted", [24, 48], permuted(1, uniform(4, block=[1, 16])), "f16", "decode"),
    ("spqr", [24, 48], combine("sum", [uniform(3, block=[1, 16]), csr(20, F16)]), "f32",
     "decode"),
    ("bitstack", [24, 48], combine("product", [lut_sign, lowrank(3, F16, F16)]), "f32",
     "decode"),
    ("embed_csr", [30, 16], csr(40, F16), "f32", "gather"),
    ("embed_nm", [30, 16], nm(2, 4, F16), "f16", "gather"),
    ("embed_permuted", [30, 16], permuted(0, uniform(4, block=[1, 16])), "f32", "gather"),
    ("embed_eora", [30, 16], combine("sum", [uniform(4, block=[1, 16]),
                                            lowrank(3, F16, F16)]), "f32", "gather"),
]
GATHER_ROWS = [7, 0, 29, 7, 12]


def write_decode_model(outdir, rng):
    """func.func @forward(%x: tensor<1xf32>) returning every DECODE result
    (%x is unused; compress-run wants an input)."""
    body, blobs, results = [], [], []
    body.append(f"  %rows = arith.constant dense<{GATHER_ROWS}> : "
                f"tensor<{len(GATHER_ROWS)}xi64>")
    for name, shape, part, element, op in DECODE:
        text, roles = part(shape, rng)
        ttype = f"!compress.tensor<{'x'.join(map(str, shape))}x{element}, {text}>"
        body.append(constant_op(name, ttype, roles, blobs))
        if op == "decode":
            out = tensor_type(shape, element)
            body.append(f"  %y_{name} = compress.decode %w_{name} : {ttype} -> {out}")
        else:
            out = tensor_type([len(GATHER_ROWS)] + shape[1:], element)
            body.append(f"  %y_{name} = compress.gather %w_{name}[%rows] : {ttype}, "
                        f"tensor<{len(GATHER_ROWS)}xi64> -> {out}")
        results.append((f"%y_{name}", out))
    write_forward(outdir, "tensor<1xf32>", body, results, blobs)
    np.save(os.path.join(outdir, "x.npy"), np.zeros(1, np.float32))
    return len(DECODE)


def main():
    outdir, group, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(11)
    if group == "decode":
        print(write_decode_model(outdir, rng))
        return
    k, layers = GROUPS[group]
    x = rng.standard_normal((rows, k)).astype(np.float32)
    np.save(os.path.join(outdir, "x.npy"), x)
    model = []
    for name, n, part, transpose, element in layers:
        shape = [n, k] if transpose else [k, n]
        text, roles = part(shape, rng)
        ttype = f"!compress.tensor<{shape[0]}x{shape[1]}x{element}, {text}>"
        model.append((name, ttype, n, transpose, roles))
    write_matmul_model(outdir, rows, k, model)
    print(len(layers))


if __name__ == "__main__":
    main()
