# ===- constant_model.py - Models of compress.constant weights for tests ---===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Shared by make_lut_model.py, make_float_model.py and
make_composite_model.py: packing values into bytes as docs/formats.md
defines it, compress.constant weights as dense_resource blobs, and writing a
func.func @forward of them."""
import os

import numpy as np


def pack_bits(values, bits):
    """values [rows, count] of `bits`-bit unsigned integers, packed LSB-first
    per row: (uint8 [rows, bytes per row], bytes per row)."""
    values = np.asarray(values, dtype=np.int64)
    rows, count = values.shape
    row_bytes = (count * bits + 7) // 8
    packed = np.zeros((rows, row_bytes), np.uint8)
    for r in range(rows):
        position = 0
        for v in values[r]:
            for b in range(bits):
                if (int(v) >> b) & 1:
                    packed[r, (position + b) // 8] |= 1 << ((position + b) % 8)
            position += bits
    return packed, row_bytes


def pack_field(values, bits):
    """A PackedInt field (any shape) of `bits`-bit values (two's complement
    for negative ones), packed as docs/formats.md says: trailing dimensions
    merged into packed rows until a row fills whole bytes (or the whole field
    is one row). Returns (uint8 array in the storage shape, storage shape)."""
    values = np.asarray(values, dtype=np.int64) & ((1 << bits) - 1)
    shape = list(values.shape)
    k = len(shape) - 1
    while (int(np.prod(shape[k:])) * bits) % 8 and k > 0:
        k -= 1
    count = int(np.prod(shape[k:]))
    packed, row_bytes = pack_bits(values.reshape(-1, count), bits)
    storage = shape[:k] + [row_bytes]
    return packed.reshape(storage), storage


def tensor_type(shape, element):
    """The MLIR tensor type of `shape` and `element`."""
    return "tensor<%sx%s>" % ("x".join(map(str, shape)), element)


def constant_op(name, ttype, storage, blobs):
    """The line defining %w_<name> = compress.constant of type `ttype` whose
    storage tensors [(role, storage tensor type, bytes)] are the
    dense_resource blobs "<name>.<role>", which are appended to `blobs`."""
    fields = []
    for role, mtype, data in storage:
        blob = f"{name}.{role}"
        fields.append(f"{role} = dense_resource<{blob}> : {mtype}")
        blobs.append(f'      "{blob}": "0x04000000{data.hex().upper()}"')
    return f"  %w_{name} = compress.constant {{{', '.join(fields)}}} : {ttype}"


def write_forward(outdir, argument, body, results, blobs):
    """Writes outdir/model.mlir: func.func @forward(%x: ARGUMENT) made of the
    lines of `body`, returning `results` [(value, type)], and the blobs."""
    types = ", ".join(t for _, t in results)
    text = [f"func.func @forward(%x: {argument}) -> ({types}) {{"]
    text += body
    text.append(f"  return {', '.join(v for v, _ in results)} : {types}")
    text.append("}")
    text.append("{-#\n  dialect_resources: {\n    builtin: {\n" + ",\n".join(blobs)
                + "\n    }\n  }\n#-}")
    with open(os.path.join(outdir, "model.mlir"), "w") as f:
        f.write("\n".join(text) + "\n")


def write_matmul_model(outdir, rows, k, layers):
    """Writes outdir/model.mlir: func.func @forward(%x: tensor<ROWSxKxf32>)
    returning, per layer, compress.matmul of %x and the layer's
    compress.constant. layers: (name, compressed tensor type, n, transpose_rhs,
    [(role, storage tensor type, bytes)]); each storage tensor is the
    dense_resource blob "<name>.<role>"."""
    body, blobs, results = [], [], []
    for name, ttype, n, transpose, storage in layers:
        body.append(constant_op(name, ttype, storage, blobs))
        flag = " transpose_rhs" if transpose else ""
        body.append(f"  %y_{name} = compress.matmul %x, %w_{name}{flag} acc(f32) : "
                    f"tensor<{rows}x{k}xf32>, {ttype} -> tensor<{rows}x{n}xf32>")
        results.append((f"%y_{name}", f"tensor<{rows}x{n}xf32>"))
    write_forward(outdir, f"tensor<{rows}x{k}xf32>", body, results, blobs)
