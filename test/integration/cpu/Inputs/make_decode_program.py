#!/usr/bin/env python3
# ===- make_decode_program.py - Every compressed weight, decoded -----------===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Writes a compressed program whose results are the suite's weights decoded
by the compiled kernels, to compare bit for bit with the reference decoder's
(the blobs of compress-decompress's reference.mlir; check_decode.py).

Usage: make_decode_program.py OUTDIR

Reads OUTDIR/compressed.mlir (compress-apply-policy's output) and
OUTDIR/manifest.json; writes OUTDIR/decode.mlir, @decode, the inputs it
takes (OUTDIR/decode.*.npy) and OUTDIR/decode.json. Each weight is decoded
by the kind of kernel its program uses:

  matmul   weights of contractions: compress.matmul with an identity lhs
           (f32, K x K, per batch for a batch_matmul), so that each result
           element is 1 * w plus zeros: the fused kernel's decoded weight,
           transposed where the weight is [N, K].
  gather   lookup tables: compress.gather of every row in order.
  decode   weights fed to other ops (convolutions, tensor.extract): their
           compress.decode, plus a run-time -0.0 (exact for every value,
           sign included). The addend keeps the result a computed tensor: a
           small decode folds to a constant, and compress-to-llvm cannot
           lower a function that returns a constant (reported with these
           tests).

The compress.constant ops are copied from compressed.mlir as printed (one op
per line) with its resource section.
"""
import json
import os
import re
import sys

import numpy as np

CONSTANT = re.compile(r"^\s*%\S+ = (compress\.constant \{(.*?)\} : "
                      r"(!compress\.tensor<((?:\d+x)+)(f32|f16|bf16), .*>))\s*$", re.M)
MATMUL_KINDS = ("linear", "matmul", "matvec", "vecmat", "batch_matmul", "batch_matmul_t")
# Kinds whose weight is [..., N, K]: compress.matmul transpose_rhs.
TRANSPOSED = ("linear", "matvec", "batch_matmul_t")


def tensor_type(shape, elem):
    return "tensor<%s>" % "x".join([str(d) for d in shape] + [elem])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_decode_program.py OUTDIR")
    outdir = sys.argv[1]
    with open(os.path.join(outdir, "manifest.json")) as f:
        layers = {layer["name"]: layer for layer in json.load(f)["layers"]}
    with open(os.path.join(outdir, "compressed.mlir")) as f:
        text = f.read()
    body, _, resources = text.partition("{-#")

    args = ["%zero: tensor<f32>"]
    inputs = [("decode.zero.npy", np.array(-0.0, dtype=np.float32))]
    eyes = {}  # identity shape -> argument

    def identity(shape):
        if shape not in eyes:
            name = "%%eye%d" % len(eyes)
            eyes[shape] = name
            args.append("%s: %s" % (name, tensor_type(shape, "f32")))
            eye = np.broadcast_to(np.eye(shape[-1], dtype=np.float32), shape)
            inputs.append(("decode.eye%d.npy" % (len(eyes) - 1), np.ascontiguousarray(eye)))
        return eyes[shape]

    lines, results = [], []

    def result(value, result_type, layer, path, transpose=None):
        results.append({"value": value, "type": result_type, "layer": layer,
                        "path": path, "transpose": transpose})

    for i, match in enumerate(CONSTANT.finditer(body)):
        op, storage, ctype, dims, elem = match.groups()
        shape = tuple(int(d) for d in dims.rstrip("x").split("x"))
        name = re.search(r"dense_resource<(\S+)\.codes>", storage).group(1)
        layer = layers[name]
        c = "%%c%d" % i
        lines.append("  %s = %s" % (c, op))
        kind, rank = layer["kind"], len(shape)
        if kind in MATMUL_KINDS:
            transposed = kind in TRANSPOSED
            k = shape[-1] if transposed else shape[-2]
            n = shape[-2] if transposed else shape[-1]
            eye = identity(shape[:-2] + (k, k))
            out = tensor_type(shape[:-2] + (k, n), "f32")
            lines.append("  %%m%d = compress.matmul %s, %s%s acc(f32) : %s, %s -> %s"
                         % (i, eye, c, " transpose_rhs" if transposed else "",
                            tensor_type(shape[:-2] + (k, k), "f32"), ctype, out))
            # The result is the weight, its last two dims swapped if [N, K].
            result("%%m%d" % i, out, name, "compress.matmul (identity lhs)",
                   transpose=[rank - 2, rank - 1] if transposed else None)
        elif kind == "gather":
            ids = "%%ids%d" % i
            lines.append("  %s = arith.constant dense<[%s]> : tensor<%dxi64>"
                         % (ids, ", ".join(str(r) for r in range(shape[0])), shape[0]))
            out = tensor_type(shape, elem)
            lines.append("  %%g%d = compress.gather %s[%s] : %s, tensor<%dxi64> -> %s"
                         % (i, c, ids, ctype, shape[0], out))
            result("%%g%d" % i, out, name, "compress.gather")
        else:
            # compress.decode, plus -0.0.
            dims_list = ", ".join("d%d" % d for d in range(rank))
            lines.append("  %%d%d = compress.decode %s : %s -> %s"
                         % (i, c, ctype, tensor_type(shape, elem)))
            lines.append("  %%e%d = tensor.empty() : %s" % (i, tensor_type(shape, "f32")))
            lines.append(
                "  %%y%d = linalg.generic {indexing_maps = [affine_map<(%s) -> (%s)>, "
                "affine_map<(%s) -> ()>, affine_map<(%s) -> (%s)>], iterator_types = [%s]} "
                "ins(%%d%d, %%zero : %s, tensor<f32>) outs(%%e%d : %s) {"
                % (i, dims_list, dims_list, dims_list, dims_list, dims_list,
                   ", ".join(['"parallel"'] * rank), i, tensor_type(shape, elem), i,
                   tensor_type(shape, "f32")))
            lines.append("  ^bb0(%%a: %s, %%z: f32, %%o: f32):" % elem)
            value = "%a"
            if elem != "f32":
                lines.append("    %%w = arith.extf %%a : %s to f32" % elem)
                value = "%w"
            lines.append("    %%x = arith.addf %s, %%z : f32" % value)
            lines.append("    linalg.yield %x : f32")
            lines.append("  } -> %s" % tensor_type(shape, "f32"))
            result("%%y%d" % i, tensor_type(shape, "f32"), name, "compress.decode")

    types = ", ".join(r["type"] for r in results)
    program = ["// Generated by make_decode_program.py: do not edit.",
               "func.func @decode(%s) -> (%s) {" % (", ".join(args), types)]
    program += lines
    program.append("  return %s : %s" % (", ".join(r["value"] for r in results), types))
    program.append("}")
    with open(os.path.join(outdir, "decode.mlir"), "w") as f:
        f.write("\n".join(program) + "\n")
        if resources:
            f.write("{-#" + resources)
    for file, array in inputs:
        np.save(os.path.join(outdir, file), array)
    with open(os.path.join(outdir, "decode.json"), "w") as f:
        json.dump({"function": "decode", "inputs": [file for file, _ in inputs],
                   "results": [r["type"] for r in results],
                   "checks": [{"layer": r["layer"], "path": r["path"], "result": i,
                               "transpose": r["transpose"]}
                              for i, r in enumerate(results)]}, f, indent=1)


if __name__ == "__main__":
    main()
