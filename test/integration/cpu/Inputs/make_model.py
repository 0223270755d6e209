#!/usr/bin/env python3
# ===- make_model.py - Dense models for the CPU execution tests ------------===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Writes one dense test model (a suite) and everything needed to compress,
run and check it.

Usage: make_model.py SUITE OUTDIR

OUTDIR gets:
  model.mlir       func.func @forward: func + linalg on tensors, one weight
                   per layer as a named dense_resource blob; one result per
                   layer, in layer order
  policy.yaml      one rule per layer: its name -> its encoding
  calibration/     <layer>.npy: the layer's inputs as the report takes them
                   (docs/report.md: rows x inputs per output)
  x<i>.npy         the inputs of @forward, in order
  manifest.json    the layers (name, kind, encoding, expected consumer, how
                   to compare its output with the report) and the inputs

Every value comes from numpy's default_rng seeded with the suite name's
CRC-32, so a suite is the same on every run and machine.

A layer's result equals "X . W^T" of the report for the calibration rows X
of the layer (docs/report.md), up to a permutation of its elements, except
for batch_matmul, whose report treats the weight as N x (B * K): the report's
outputs are the sums of the per-batch results over B (manifest: sum_axes).
"""
import json
import os
import sys
import zlib

import numpy as np

BITS = range(2, 9)
GRANULARITIES = ("g", "channel", "tensor")
SCALES = ("f16", "bf16", "f32")

# ---------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------


def preset(bits, asym, granularity, scale, group):
    """The policy preset text (docs/policy.md)."""
    text = "int%d-%s" % (bits, "g%d" % group if granularity == "g" else granularity)
    if asym:
        text += "-asym"
    return text + "-" + scale


def rotation(offset, groups):
    """One preset per (bits, asym) pair, 14 in all, with the granularity and
    the scale type rotating so that every (granularity, scale) pair occurs;
    `groups` are group sizes dividing the layer's reduction size (also
    rotating). `offset` shifts the rotation between suites."""
    presets = []
    for i, (bits, asym) in enumerate((b, a) for b in BITS for a in (False, True)):
        j = i + offset
        granularity = GRANULARITIES[j % 3]
        scale = SCALES[(j // 3) % 3]
        presets.append(preset(bits, asym, granularity, scale, groups[j % len(groups)]))
    return presets


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


class Rng:
    def __init__(self, name):
        self.rng = np.random.default_rng(zlib.crc32(name.encode()))

    def weight(self, shape, output_axis, zero_slice=False):
        """Normal values with a random magnitude per output channel (so per
        channel and per tensor scales differ); `zero_slice` makes output
        channel 1 all zeros (a group whose scale is 0)."""
        w = self.rng.standard_normal(shape)
        magnitude_shape = [1] * len(shape)
        magnitude_shape[output_axis] = shape[output_axis]
        w *= 0.25 + 2.0 * self.rng.random(magnitude_shape)
        if zero_slice:
            index = [slice(None)] * len(shape)
            index[output_axis] = 1
            w[tuple(index)] = 0
        return w.astype(np.float32)

    def activations(self, shape):
        return self.rng.standard_normal(shape).astype(np.float32)

    def permutation(self, n):
        return self.rng.permutation(n).astype(np.int64)


def to_type(values, elem):
    """float32 values rounded to `elem`, returned as float32 (bf16 by round to
    nearest even on the bit patterns)."""
    values = np.asarray(values, dtype=np.float32)
    if elem == "f32":
        return values
    if elem == "f16":
        return values.astype(np.float16).astype(np.float32)
    bits = values.view(np.uint32).astype(np.uint64)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16 << 16
    return bits.astype(np.uint32).view(np.float32)


def storage(values, elem):
    """The array as stored in a blob or an .npy file for compress-run (bf16
    as uint16 bit patterns)."""
    values = np.ascontiguousarray(to_type(values, elem))
    if elem == "f32":
        return values
    if elem == "f16":
        return values.astype(np.float16)
    return (values.view(np.uint32) >> 16).astype(np.uint16)


def tensor_type(shape, elem):
    return "tensor<%s>" % "x".join([str(d) for d in shape] + [elem])


# ---------------------------------------------------------------------------
# Layers: the MLIR of one consumer, its weight, input and report rows
# ---------------------------------------------------------------------------


class Model:
    def __init__(self, suite):
        self.suite = suite
        self.rng = Rng(suite)
        self.inputs = []  # (name, array as stored, mlir type)
        self.blobs = []  # (name, bytes)
        self.body = []
        self.results = []  # (value, mlir type)
        self.layers = []
        self.calibration = {}
        self.tables = {}  # weight value -> dense table
        self.lookups = {}  # result -> the original program's result
        self.original_note = None

    def add_input(self, array, elem):
        name = "x%d" % len(self.inputs)
        stored = array if elem == "i64" else storage(array, elem)
        self.inputs.append((name, stored, tensor_type(array.shape, elem)))
        return "%" + name

    def fresh(self):
        """A new result value name."""
        return "%%y%d" % len(self.body)

    def add_weight(self, w, elem):
        name = "%s.%02d" % (self.suite.replace("-", "_"), len(self.layers))
        self.blobs.append((name, storage(w, elem).tobytes()))
        value = "%%w%d" % len(self.layers)
        self.body.append("  %s = arith.constant dense_resource<%s> : %s"
                         % (value, name, tensor_type(w.shape, elem)))
        return name, value

    def zeros(self, shape):
        """A zero f32 tensor (the init of a contraction)."""
        i = len(self.body)
        t = tensor_type(shape, "f32")
        self.body.append("  %%e%d = tensor.empty() : %s" % (i, t))
        self.body.append("  %%z%d = linalg.fill ins(%%zero : f32) outs(%%e%d : %s) -> %s"
                         % (i, i, t, t))
        return "%%z%d" % i

    def add_layer(self, name, kind, encoding, consumer, calibration,
                  weight_elem, output_axis, activations=None, method=None):
        if calibration is not None:
            self.calibration[name] = calibration
        self.layers.append({
            "name": name, "kind": kind, "encoding": encoding,
            "consumer": consumer, "weight_elem": weight_elem,
            "output_axis": output_axis, "activations": activations,
            "method": method, "outputs": [],
        })

    def add_result(self, value, result_type, sum_axes=(), report=True):
        """A result of the last layer: `sum_axes` are summed before the
        comparison with the report, which `report` = False skips."""
        self.results.append((value, result_type))
        self.layers[-1]["outputs"].append({
            "result": len(self.results) - 1, "sum_axes": list(sum_axes),
            "compare_report": report,
        })

    # Contractions. `x` is (value, float32 array of the values as the
    # program sees them).

    def linear(self, x, n, encoding, elem="f32", zero_slice=False,
               activations=None, method=None):
        """nn.Linear: x [M, K] times W [N, K] transposed; `activations` is
        the rule's `activations` key (docs/policy.md), None for none."""
        xv, xa = x
        m, k = xa.shape
        w = to_type(self.rng.weight((n, k), 0, zero_slice), elem)
        name, wv = self.add_weight(w, elem)
        init = self.zeros((m, n))
        out = tensor_type((m, n), "f32")
        y = self.fresh()
        self.body.append(
            "  %s = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, "
            "affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>] "
            "ins(%s, %s : %s, %s) outs(%s : %s) -> %s"
            % (y, xv, wv, tensor_type((m, k), elem),
               tensor_type((n, k), elem), init, out, out))
        self.add_layer(name, "linear", encoding, "compress.matmul", xa, elem, 0,
                       activations, method)
        self.add_result(y, out)

    def matmul(self, x, n, encoding, elem="f32"):
        """A plain [K, N] weight."""
        xv, xa = x
        m, k = xa.shape
        w = to_type(self.rng.weight((k, n), 1), elem)
        name, wv = self.add_weight(w, elem)
        init = self.zeros((m, n))
        out = tensor_type((m, n), "f32")
        y = self.fresh()
        self.body.append("  %s = linalg.matmul ins(%s, %s : %s, %s) outs(%s : %s) -> %s"
                         % (y, xv, wv, tensor_type((m, k), elem),
                            tensor_type((k, n), elem), init, out, out))
        self.add_layer(name, "matmul", encoding, "compress.matmul", xa, elem, 1)
        self.add_result(y, out)

    def batch_matmul(self, x, n, encoding, transposed, elem="f32"):
        """A per-batch weight: [B, K, N], or [B, N, K] (`transposed`)."""
        xv, xa = x
        b, m, k = xa.shape
        shape = (b, n, k) if transposed else (b, k, n)
        w = to_type(self.rng.weight(shape, 1 if transposed else 2), elem)
        name, wv = self.add_weight(w, elem)
        init = self.zeros((b, m, n))
        out = tensor_type((b, m, n), "f32")
        maps = ""
        if transposed:
            maps = ("indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, "
                    "affine_map<(b, m, n, k) -> (b, n, k)>, "
                    "affine_map<(b, m, n, k) -> (b, m, n)>] ")
        y = self.fresh()
        self.body.append("  %s = linalg.batch_matmul %sins(%s, %s : %s, %s) outs(%s : %s) -> %s"
                         % (y, maps, xv, wv, tensor_type(xa.shape, elem),
                            tensor_type(shape, elem), init, out, out))
        # The report's rows are the M rows, its columns (b, k).
        rows = np.transpose(xa, (1, 0, 2)).reshape(m, b * k)
        self.add_layer(name, "batch_matmul_t" if transposed else "batch_matmul",
                       encoding, "compress.matmul", rows, elem, 1 if transposed else 2)
        self.add_result(y, out, sum_axes=(0,))

    def matvec(self, x, n, encoding, elem="f32"):
        """linalg.matvec: W [N, K] times x [K]."""
        xv, xa = x
        (k,) = xa.shape
        w = to_type(self.rng.weight((n, k), 0), elem)
        name, wv = self.add_weight(w, elem)
        init = self.zeros((n,))
        out = tensor_type((n,), "f32")
        y = self.fresh()
        self.body.append("  %s = linalg.matvec ins(%s, %s : %s, %s) outs(%s : %s) -> %s"
                         % (y, wv, xv, tensor_type((n, k), elem),
                            tensor_type((k,), elem), init, out, out))
        self.add_layer(name, "matvec", encoding, "compress.matmul", xa[None, :], elem, 0)
        self.add_result(y, out)

    def vecmat(self, x, n, encoding, elem="f32"):
        """linalg.vecmat: x [K] times W [K, N]."""
        xv, xa = x
        (k,) = xa.shape
        w = to_type(self.rng.weight((k, n), 1), elem)
        name, wv = self.add_weight(w, elem)
        init = self.zeros((n,))
        out = tensor_type((n,), "f32")
        y = self.fresh()
        self.body.append("  %s = linalg.vecmat ins(%s, %s : %s, %s) outs(%s : %s) -> %s"
                         % (y, xv, wv, tensor_type((k,), elem),
                            tensor_type((k, n), elem), init, out, out))
        self.add_layer(name, "vecmat", encoding, "compress.matmul", xa[None, :], elem, 1)
        self.add_result(y, out)

    def conv(self, x, f, kernel, stride, encoding, layout):
        """linalg.conv_2d_nchw_fchw (filter [F, C, KH, KW]) or
        linalg.conv_2d_nhwc_hwcf (filter [KH, KW, C, F]); f32."""
        xv, xa = x
        kh, kw = kernel
        if layout == "nchw":
            n, c, h, wd = xa.shape
            shape, output_axis = (f, c, kh, kw), 0
        else:
            n, h, wd, c = xa.shape
            shape, output_axis = (kh, kw, c, f), 3
        oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
        w = self.rng.weight(shape, output_axis)
        name, wv = self.add_weight(w, "f32")
        out_shape = (n, f, oh, ow) if layout == "nchw" else (n, oh, ow, f)
        init = self.zeros(out_shape)
        out = tensor_type(out_shape, "f32")
        op = "conv_2d_nchw_fchw" if layout == "nchw" else "conv_2d_nhwc_hwcf"
        y = self.fresh()
        self.body.append(
            "  %s = linalg.%s {dilations = dense<1> : tensor<2xi64>, "
            "strides = dense<%d> : tensor<2xi64>} ins(%s, %s : %s, %s) outs(%s : %s) -> %s"
            % (y, op, stride, xv, wv, tensor_type(xa.shape, "f32"),
               tensor_type(shape, "f32"), init, out, out))
        # The report's rows: one patch per output position, its columns the
        # filter's elements without the output axis, row-major.
        patches = []
        for b in range(n):
            for i in range(oh):
                for j in range(ow):
                    if layout == "nchw":
                        patch = xa[b, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                    else:
                        patch = xa[b, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
                    patches.append(patch.reshape(-1))
        self.add_layer(name, "conv_" + layout, encoding, "compress.decode",
                       np.stack(patches), "f32", output_axis)
        self.add_result(y, out)

    def gather(self, ids, rows, dim, encoding, elem="f32", table=None):
        """tensor.gather of rows of a [V, D] table; `table` (the weight's
        value) gathers again from the last layer's table."""
        iv, ia = ids
        (t,) = ia.shape
        if table is None:
            w = to_type(self.rng.weight((rows, dim), 0), elem)
            name, table = self.add_weight(w, elem)
            self.add_layer(name, "gather", encoding, "compress.gather", None, elem, 0)
            self.tables[table] = w
        indices = "%%ids%d" % len(self.body)
        self.body.append("  %s = tensor.expand_shape %s [[0, 1]] output_shape [%d, 1] "
                         ": tensor<%dxi64> into tensor<%dx1xi64>" % (indices, iv, t, t, t))
        y = self.fresh()
        out = tensor_type((t, dim), elem)
        self.body.append("  %s = tensor.gather %s[%s] gather_dims([0]) unique : "
                         "(%s, tensor<%dx1xi64>) -> %s"
                         % (y, table, indices, tensor_type((rows, dim), elem), t, out))
        # A lookup's report error is the weight's: only a lookup of every
        # row once (a permutation) has that output error.
        self.add_result(y, out, report=sorted(ia.tolist()) == list(range(rows)))
        # The original program's result, for when it cannot run (see
        # suite_gather): the rows themselves, exactly.
        self.lookups[len(self.results) - 1] = storage(self.tables[table][ia], elem)
        return table

    def extract_embedding(self, ids, rows, dim, encoding):
        """The embedding as torch-mlir lowers aten.embedding: a generic whose
        body extracts the element of the row each id selects."""
        iv, ia = ids
        (t,) = ia.shape
        w = self.rng.weight((rows, dim), 0)
        name, wv = self.add_weight(w, "f32")
        self.add_layer(name, "extract_embedding", encoding, "compress.decode", None, "f32", 0)
        empty = "%%e%d" % len(self.body)
        out = tensor_type((t, dim), "f32")
        self.body.append("  %s = tensor.empty() : %s" % (empty, out))
        y = self.fresh()
        self.body += [
            "  %s = linalg.generic {indexing_maps = [affine_map<(t, d) -> (t)>, "
            "affine_map<(t, d) -> (t, d)>], iterator_types = [\"parallel\", \"parallel\"]} "
            "ins(%s : tensor<%dxi64>) outs(%s : %s) {" % (y, iv, t, empty, out),
            "  ^bb0(%id: i64, %out: f32):",
            "    %row = arith.index_cast %id : i64 to index",
            "    %col = linalg.index 1 : index",
            "    %%v = tensor.extract %s[%%row, %%col] : %s" % (wv, tensor_type((rows, dim), "f32")),
            "    linalg.yield %v : f32",
            "  } -> %s" % out,
        ]
        self.add_result(y, out, report=sorted(ia.tolist()) == list(range(rows)))

    # Output

    def write(self, outdir):
        os.makedirs(os.path.join(outdir, "calibration"), exist_ok=True)
        args = ", ".join("%%%s: %s" % (n, t) for n, _, t in self.inputs)
        results = ", ".join(t for _, t in self.results)
        lines = ["// Generated by make_model.py %s: do not edit." % self.suite,
                 "func.func @forward(%s) -> (%s) {" % (args, results),
                 "  %zero = arith.constant 0.0 : f32"]
        lines += self.body
        lines.append("  return %s : %s" % (", ".join(v for v, _ in self.results), results))
        lines.append("}")
        lines.append("{-#\n  dialect_resources: {\n    builtin: {")
        lines.append(",\n".join('      %s: "0x40000000%s"' % (n, b.hex().upper())
                                for n, b in self.blobs))
        lines.append("    }\n  }\n#-}")
        with open(os.path.join(outdir, "model.mlir"), "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(outdir, "policy.yaml"), "w") as f:
            f.write("version: 1\nrules:\n")
            for layer in self.layers:
                f.write('  - match: "%s"\n    encoding: "%s"\n' % (layer["name"], layer["encoding"]))
                if layer["activations"] is not None:
                    f.write('    activations: "%s"\n' % layer["activations"])
                if layer.get("method") is not None:
                    f.write('    method: "%s"\n' % layer["method"])
        for name, rows in self.calibration.items():
            np.save(os.path.join(outdir, "calibration", name + ".npy"),
                    np.ascontiguousarray(rows, dtype=np.float32))
        for name, array, _ in self.inputs:
            np.save(os.path.join(outdir, name + ".npy"), array)
        if self.original_note:
            os.makedirs(os.path.join(outdir, "out"), exist_ok=True)
            for i, array in self.lookups.items():
                np.save(os.path.join(outdir, "out", "original.%d.npy" % i), array)
        manifest = {"suite": self.suite, "function": "forward",
                    "original_note": self.original_note,
                    "inputs": [n + ".npy" for n, _, _ in self.inputs],
                    "results": [t for _, t in self.results],
                    "layers": self.layers}
        with open(os.path.join(outdir, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)


# ---------------------------------------------------------------------------
# Suites
# ---------------------------------------------------------------------------


def input_of(model, shape, elem="f32"):
    a = to_type(model.rng.activations(shape), elem)
    return model.add_input(a, elem), a


def every_granularity(model, x, n, asym, groups):
    """nn.Linear layers for every bits and granularity with the given
    signedness, the scale type rotating so that every (granularity, scale)
    pair occurs; groups rotate through `groups`."""
    for bits in BITS:
        for g, granularity in enumerate(GRANULARITIES):
            scale = SCALES[(bits + g) % 3]
            model.linear(x, n, preset(bits, asym, granularity, scale,
                                      groups[(bits * 3 + g) % len(groups)]))


def suite_linear_sym(model):
    """nn.Linear (linalg.matmul, weight [N, K] = [40, 72]), symmetric presets:
    every bits and granularity, groups of 8 to 72; int8; a 2-D block; a zero
    output channel (scale 0)."""
    x = input_of(model, (3, 72))
    every_granularity(model, x, 40, False, (8, 9, 12, 24, 36, 72))
    model.linear(x, 40, "int8")
    model.linear(x, 40, "#compress.uniform<bits = 5, block = [8, 8], scale = bf16>")
    model.linear(x, 40, "int4-channel", zero_slice=True)


def suite_linear_asym(model):
    """nn.Linear, asymmetric presets (unsigned codes, ui<b> zero points):
    every bits and granularity; attributes with 1-bit codes, an i8 zero point
    for 3-bit codes and scales along the reduction axis; a zero channel."""
    x = input_of(model, (3, 72))
    every_granularity(model, x, 40, True, (9, 12, 24, 36, 72, 8))
    for attribute in (
            "#compress.uniform<bits = 1, unsigned, per_axis = 0, scale = f16, zero_point = ui1>",
            "#compress.uniform<bits = 3, unsigned, block = [1, 9], scale = f32, zero_point = i8>",
            "#compress.uniform<bits = 6, unsigned, per_axis = 1, scale = f16, zero_point = ui6>"):
        model.linear(x, 40, attribute)
    model.linear(x, 40, "int4-g24-asym-f16", zero_slice=True)


def suite_matmul(model):
    """512 rows of K = 100 into N = 36 ([K, N] and nn.Linear); plain [K, N]
    weights with 1 row of K = 36 into N = 100; nn.Linear with 1 row of
    K = 100; f16 and bf16 weights and activations (f32 results), in both
    layouts."""
    big = input_of(model, (512, 100))
    model.matmul(big, 36, "int4-g25")
    model.linear(big, 36, "int3-g10-asym-bf16")
    one = input_of(model, (1, 36))
    presets = rotation(1, (4, 6, 9, 12, 18))
    for i in (1, 2, 6, 9, 11):  # each granularity, sign and scale type
        model.matmul(one, 100, presets[i])
    row = input_of(model, (1, 100))
    for encoding in ("int4-g20", "int7-g50-asym-bf16", "int8-channel-asym"):
        model.linear(row, 36, encoding)
    for elem in ("f16", "bf16"):
        xe = input_of(model, (5, 72), elem)
        for encoding in ("int8", "int4-g12-asym"):
            model.linear(xe, 40, encoding, elem)
        ye = input_of(model, (7, 40), elem)
        model.matmul(ye, 72, "int5-channel-asym-f16", elem)


def suite_batch(model):
    """linalg.batch_matmul with per-batch weights [3, K, N] (symmetric
    presets, bits 2 to 8) and [3, N, K] (asymmetric), 5 rows and 1 row per
    batch."""
    x = input_of(model, (3, 5, 40))
    for encoding in rotation(2, (4, 8, 10, 20))[::2]:
        model.batch_matmul(x, 36, encoding, transposed=False)
    for encoding in rotation(0, (5, 8, 40))[1::2]:
        model.batch_matmul(x, 36, encoding, transposed=True)
    one = input_of(model, (3, 1, 72))
    model.batch_matmul(one, 40, "int4-g9-asym", transposed=True)


def suite_vector(model):
    """linalg.matvec (weight [N, K]) and linalg.vecmat (weight [K, N])."""
    x = input_of(model, (100,))
    for encoding in rotation(1, (4, 10, 20, 25)):
        model.matvec(x, 36, encoding)
    y = input_of(model, (72,))
    for encoding in rotation(2, (8, 9, 24)):
        model.vecmat(y, 40, encoding)


def suite_conv(model):
    """Convolutions (compress.decode feeding the conv): NCHW / FCHW and
    NHWC / HWCF, odd channel counts, stride 1 and 2."""
    nchw = input_of(model, (2, 6, 9, 11))
    for i, encoding in enumerate(rotation(0, (2, 3, 6))):
        model.conv(nchw, 10, (3, 3), 1 + i % 2, encoding, "nchw")
    nhwc = input_of(model, (1, 8, 10, 9))
    for i, encoding in enumerate(rotation(1, (3, 9))):
        model.conv(nhwc, 14, (3, 2), 1 + i % 2, encoding, "nhwc")


def suite_gather(model):
    """Embedding lookups with tensor.gather: every row once (a permutation),
    one row and repeated rows of the same tables; f32, f16 and bf16 tables.
    The original program runs too (compress-to-llvm rewrites tensor.gather
    as a generic of tensor.extract)."""
    perm = model.rng.permutation(100)
    all_ids = (model.add_input(perm, "i64"), perm)
    one_id = np.array([37], dtype=np.int64)
    one = (model.add_input(one_id, "i64"), one_id)
    repeated_ids = np.array([5, 99, 5, 0, 63, 63, 12], dtype=np.int64)
    repeated = (model.add_input(repeated_ids, "i64"), repeated_ids)
    for i, encoding in enumerate(rotation(0, (4, 6, 12, 36))):
        elem = ("f32", "f16", "bf16")[i % 3]
        table = model.gather(all_ids, 100, 36, encoding, elem)
        if i % 4 == 0:
            model.gather(one, 100, 36, encoding, elem, table=table)
            model.gather(repeated, 100, 36, encoding, elem, table=table)


def suite_embedding(model):
    """The embedding as torch-mlir lowers aten.embedding (a generic whose
    body extracts elements of the table): compress.decode feeds it."""
    perm = model.rng.permutation(100)
    all_ids = (model.add_input(perm, "i64"), perm)
    repeated_ids = np.array([5, 99, 5, 0, 63, 63, 12], dtype=np.int64)
    repeated = (model.add_input(repeated_ids, "i64"), repeated_ids)
    for encoding in rotation(1, (4, 9, 18))[::2]:
        model.extract_embedding(all_ids, 100, 36, encoding)
    for encoding in ("int8", "int4-g9-asym"):
        model.extract_embedding(repeated, 100, 36, encoding)


def suite_linear_a8(model):
    """nn.Linear with int8 activations (rules with `activations: int8`,
    blocks of 128, or `int8-b<B>`). K = 256 and 384, N = 40 and 72, 3 rows
    and 1 row, under the encodings the streaming CPU kernels cover (signed
    int4 / int8 codes, no zero point, f32 weights, a scale per group, row or
    tensor whose groups nest with the activation blocks; docs/codegen.md);
    one input row has an all-zero block (scale 0, codes 0) and one weight
    an all-zero output channel. Then layers that the kernels leave to the
    generic lowering (its fake quantization): K = 72 (blocks of 24 and 72),
    asymmetric codes, int4 with blocks of 64, groups of 24 (not nesting
    with blocks of 128), f16 weights and activations; and one rule with
    `activations: f32`. Block counts that once went wrong:
    suite_linear_a8_blocks."""
    x3 = model.rng.activations((3, 256))
    x3[1, 128:] = 0  # an all-zero activation block
    x3 = (model.add_input(x3, "f32"), x3)
    x1 = input_of(model, (1, 256))
    y3 = input_of(model, (3, 384))
    # The kernels' cases.
    model.linear(x3, 40, "int4-g128", activations="int8")
    model.linear(x1, 72, "int4-g128", activations="int8")
    model.linear(x3, 72, "int4-g32", activations="int8")
    model.linear(x1, 40, "int4-g32-f32", activations="int8")
    model.linear(x3, 72, "int4-g8-bf16", activations="int8", zero_slice=True)
    model.linear(y3, 40, "int4-g8", activations="int8")
    model.linear(x3, 40, "int4-g256", activations="int8")
    model.linear(x3, 40, "int4-channel", activations="int8")
    model.linear(x1, 72, "int4-channel-f16", activations="int8")
    model.linear(y3, 72, "int4-g128-f32", activations="int8")
    model.linear(y3, 40, "int4-tensor", activations="int8")
    model.linear(y3, 40, "int8-channel", activations="int8")
    model.linear(x1, 72, "int8-channel", activations="int8-b64")
    model.linear(x3, 72, "int8-g64", activations="int8-b64")
    model.linear(x1, 40, "int8-g64", activations="int8")
    model.linear(y3, 72, "int8-g4", activations="int8-b64")
    model.linear(y3, 72, "int8-g16", activations="int8-b64")
    model.linear(x3, 40, "int8-g128-bf16", activations="int8-b64")
    model.linear(x1, 40, "int8-tensor", activations="int8")
    # The generic lowering's.
    z3 = input_of(model, (3, 72))
    model.linear(z3, 40, "int4-g8", activations="int8-b24")
    model.linear(z3, 40, "int8-channel", activations="int8-b72")
    model.linear(x3, 40, "int4-g32-asym", activations="int8")
    model.linear(x1, 72, "int8-g64-asym-f16", activations="int8-b64")
    model.linear(x3, 72, "int4-g128", activations="int8-b64")
    model.linear(y3, 40, "int4-g24", activations="int8")
    h3 = input_of(model, (3, 256), "f16")
    model.linear(h3, 40, "int4-g128", elem="f16", activations="int8")
    model.linear(x3, 40, "int4-g128", activations="f32")


def suite_linear_a8_blocks(model):
    """int8 activations at block counts that once went wrong
    (linear-a8-blocks.test): groups smaller than the activation block with
    an odd number (3) of blocks along K = 384 (int4-g32, int8-g32), and one
    input row whose K holds 3 or 6 blocks. Both came from tiling generics
    whose indexing maps divide (`k floordiv 128`): a tile crossing a block
    boundary got one block's scale."""
    y3 = input_of(model, (3, 384))
    model.linear(y3, 72, "int4-g32", activations="int8")
    model.linear(y3, 40, "int8-g32", activations="int8")
    y1 = input_of(model, (1, 384))
    model.linear(y1, 40, "int4-g128", activations="int8")
    model.linear(y1, 40, "int4-g32-asym", activations="int8-b64")
    z1 = input_of(model, (1, 72))
    model.linear(z1, 40, "int4-g8", activations="int8-b24")


def suite_linear_k_chunks(model):
    """f32 activations whose rows overflow L1, so the CPU kernels cut K into
    chunks that each add their part to y (linear-k-chunks.test): 5 rows of
    K = 2048 (blocks of 4 rows: 2 chunks, then the 5th row alone) and one
    row of K = 8192 (2 chunks of 6144 and 2048 values), int4 and int8, with
    group, channel and tensor scales."""
    x5 = input_of(model, (5, 2048))
    model.linear(x5, 24, "int4-g128")
    model.linear(x5, 24, "int4-g32")
    model.linear(x5, 24, "int8-channel")
    x1 = input_of(model, (1, 8192))
    model.linear(x1, 16, "int4-g128")
    model.linear(x1, 16, "int4-channel")
    model.linear(x1, 16, "int8-tensor")


def suite_families(model):
    """nn.Linear under the presets of every family of docs/policy.md and
    their compositions (issue 7), at odd sizes (K = 96, N = 40 and 24; 3
    rows and 1 row): codebooks, small floats, N:M / block / unstructured
    sparsity with plain or quantized kept values, low rank, outliers, and
    sums of them."""
    x = input_of(model, (3, 96))
    x1 = input_of(model, (1, 96))
    for encoding in ("lut4-channel", "lut3-g32", "nf4-g32", "fp8-e4m3",
                     "fp8-e5m2", "mxfp4", "nvfp4", "2:4", "1:4-f16",
                     "2:4+int4-g24", "2:8+int8", "block1x16-50%+int4-g16",
                     "block4x8-25%", "sparse-30%", "sparse-2%",
                     "lowrank-8", "lowrank-6-f16", "int3-g16+outliers-1%",
                     "lut4-channel+outliers-0.5%", "int4-g32+lowrank-4",
                     "2:4+int4-g24+outliers-1%"):
        model.linear(x, 40, encoding)
    model.linear(x1, 24, "2:4")
    model.linear(x1, 24, "int4-g32+lowrank-4")


def suite_families_methods(model):
    """The calibrated methods (docs/policy.md, `method:`) on nn.Linear
    weights of K = 96: GPTQ (groups, channels, act-order, N:M kept values),
    Wanda, weighted k-means and EoRA. 24 rows: more than the ranks the
    methods fit, so their output errors stay measurable."""
    x = input_of(model, (24, 96))
    model.linear(x, 40, "int4-g32", method="gptq")
    model.linear(x, 40, "int3-channel-asym", method="gptq")
    model.linear(x, 40, "#compress.permuted<axis = 1, body = "
                 "#compress.uniform<bits = 4, block = [1, 32], scale = f16>>",
                 method="gptq-act-order")
    model.linear(x, 40, "2:4+int4-g24", method="wanda + gptq")
    model.linear(x, 40, "sparse-25%", method="wanda")
    model.linear(x, 40, "lut3-channel+outliers-1%", method="weighted-kmeans")
    model.linear(x, 40, "int3-g32+lowrank-4", method="eora")


def suite_families_kernels(model):
    """The streaming CPU kernels of 2:4 sparse and 4-bit codebook weights
    (docs/codegen.md, "CPU kernels"; families-kernels.test): 2:4 with f32,
    f16 and bf16 kept values or int4 codes (groups of 128 kept values, one
    scale per row), LUT codebooks per row and per group of 128 or 256, and
    bodies plus outliers, on 5 rows (a block of 4, then one) and 1 row,
    N = 37 and 24. K = 2048 with 5 rows cuts the plain 2:4 kernel's K into
    two chunks."""
    x5 = input_of(model, (5, 512))
    for encoding in ("2:4", "2:4-f16", "2:4-bf16", "2:4+int4-g128",
                     "2:4+int4-channel", "lut4-channel", "lut4-g128"):
        model.linear(x5, 37, encoding)
    x5k = input_of(model, (5, 2048))
    model.linear(x5k, 24, "2:4-f16")
    model.linear(x5k, 24, "lut4-g256")
    x1 = input_of(model, (1, 512))
    for encoding in ("2:4-bf16", "2:4+int4-g128", "lut4-channel"):
        model.linear(x1, 24, encoding)
    # Outliers (CSR) added by the body's kernel, once per row even when K
    # is cut into chunks.
    for encoding in ("int4-g128+outliers-1%", "lut4-channel+outliers-2%",
                     "2:4+int4-g128+outliers-1%"):
        model.linear(x5, 37, encoding)
    model.linear(x5k, 24, "2:4-f16+outliers-0.5%")


def suite_prefill_f16(model):
    """nn.Linear on f16 activations and f16 weights, 40 rows (prefill): the
    fused decode-matmuls multiply f16 values into f32 sums, which the GPU
    path runs on tensor cores (docs/gpu.md, "Tensor cores"). 40 rows are
    not a multiple of a warp's 32, so the last tiles are partly outside;
    N = 48 takes column tiles of 16, N = 40 of 8. A plain [K, N] weight
    (groups along K) has its columns in the other loop order. One 8-row
    layer stays warp-per-output."""
    x = input_of(model, (40, 256), "f16")
    for encoding in ("int4-g128", "int8-channel", "int4-g64-asym",
                     "lut4-channel", "int3-g32", "fp8-e4m3", "mxfp4",
                     "lowrank-8", "int4-g32+lowrank-4", "2:4", "2:4+int4-g64"):
        model.linear(x, 48, encoding, elem="f16")
    model.linear(x, 40, "int4-g128", elem="f16")
    model.matmul(x, 48, "int4-g128", elem="f16")
    x8 = input_of(model, (8, 256), "f16")
    model.linear(x8, 48, "int4-g128", elem="f16")


def suite_prefill_a8(model):
    """nn.Linear with int8 activations on 40 rows of f32 activations (one
    with an all-zero block) and f32 weights of signed integer codes: the
    GPU path multiplies the codes on s8 tensor cores, a chunk of 32 or more
    K values per scale (docs/gpu.md, "Integer tensor cores"). Groups larger
    and smaller than the blocks, per channel and per tensor, 3- and 2-bit
    codes, K = 384 (3 blocks), N = 40 (column tiles of 8); then layers that
    stay warp-per-output: groups of 16 (chunks below 32), asymmetric codes and
    f16 weights (fake-quantized activations), and 8 rows."""
    x = model.rng.activations((40, 256))
    x[3, 128:] = 0  # an all-zero activation block
    x = (model.add_input(x, "f32"), x)
    for encoding, activations in (
            ("int4-g128", "int8"), ("int4-g32", "int8"),
            ("int8-channel", "int8"), ("int8-g64", "int8-b64"),
            ("int4-g128", "int8-b64"), ("int4-tensor", "int8"),
            ("int3-g32", "int8"), ("int2-g64", "int8-b64"),
            ("int8-g16", "int8-b64"), ("int4-g32-asym", "int8")):
        model.linear(x, 48, encoding, activations=activations)
    model.linear(x, 40, "int4-g128", activations="int8")
    h = input_of(model, (40, 256), "f16")
    model.linear(h, 48, "int4-g128", elem="f16", activations="int8")
    y = input_of(model, (40, 384))
    model.linear(y, 48, "int8-g128", activations="int8")
    x8 = input_of(model, (8, 256))
    model.linear(x8, 48, "int4-g128", activations="int8")


SUITES = {
    "families": suite_families,
    "families-kernels": suite_families_kernels,
    "families-methods": suite_families_methods,
    "prefill-f16": suite_prefill_f16,
    "prefill-a8": suite_prefill_a8,
    "linear-sym": suite_linear_sym,
    "linear-asym": suite_linear_asym,
    "linear-a8": suite_linear_a8,
    "linear-a8-blocks": suite_linear_a8_blocks,
    "linear-k-chunks": suite_linear_k_chunks,
    "matmul": suite_matmul,
    "batch": suite_batch,
    "vector": suite_vector,
    "conv": suite_conv,
    "gather": suite_gather,
    "embedding": suite_embedding,
}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in SUITES:
        sys.exit("usage: make_model.py {%s} OUTDIR" % ",".join(SUITES))
    model = Model(sys.argv[1])
    SUITES[sys.argv[1]](model)
    model.write(sys.argv[2])


if __name__ == "__main__":
    main()
