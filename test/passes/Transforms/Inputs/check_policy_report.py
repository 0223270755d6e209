#!/usr/bin/env python3
# ===- check_policy_report.py - Recompute a compress-apply-policy report ---===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Recomputes the report of compress-apply-policy from first principles.

Usage:
  check_policy_report.py --input MODEL.mlir --output OUT.mlir --report R.json
                         --axes NAME=AXIS,... [--calibration FILE.npy|DIR]

Reads the dense weights of MODEL.mlir (one `arith.constant` per line, named
by its dense_resource key or a `loc("name")`; dense<> literals or
dense_resource<> blobs of f32, f16 or bf16), quantizes each one the report
lists with an encoding by its own round-to-nearest (below), and checks, for
every layer:
  - bytes_dense, bytes_compressed, bits_per_weight (exact);
  - the storage blobs `<name>.codes`, `<name>.scales`, `<name>.zero_points`
    of OUT.mlir, byte for byte;
  - weight_rel_error and output_rel_error (within 1e-6, relative), the output
    error on the calibration inputs: a .npy file (read here with struct), or
    regenerated seeded standard-normal rows (mt19937_64 and Box-Muller, from
    the seed the report names), as docs/report.md specifies;
  - the totals.
--axes gives the output-channel axis of every layer that has calibration
inputs (the test knows its consumers; the report does not say).

The quantizer follows lib/Quantizers/RoundToNearest.h, written again:
  symmetric (signed, no zero point): s = amax / (2^(b-1) - 1),
      code = clamp(roundeven(w / s), -2^(b-1), 2^(b-1) - 1);
  with a zero point: lo = min(min, 0), hi = max(max, 0),
      s = (hi - lo) / (cmax - cmin), z = clamp(roundeven(cmin - lo / s)),
      code = clamp(roundeven(w / s) + z, cmin, cmax);
  unsigned without a zero point: s = max(max, 0) / cmax, code clamped to 0;
  s rounded to the scale type (struct 'f' and 'e'; bf16 by hand) first,
  s = 1 for a group of zeros, the smallest positive value for an underflow;
  decoded value f32(s * (code - z)), rounded to the weight's type (f16, bf16).
Prints "checked N layers" and exits 0, or prints each mismatch and exits 1.
"""
import argparse
import ast
import json
import math
import os
import re
import struct
import sys

RELATIVE_TOLERANCE = 1e-6
problems = []


def fail(message):
    problems.append(message)


# ---------------------------------------------------------------------------
# Floats
# ---------------------------------------------------------------------------

def to_f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def f16_bits_to_float(bits):
    return struct.unpack("<e", struct.pack("<H", bits))[0]


def bf16_bits_to_float(bits):
    return struct.unpack("<f", struct.pack("<I", bits << 16))[0]


def round_bf16(x):
    """x > 0 rounded to bfloat16 (8 significant bits), ties to even."""
    _, exponent = math.frexp(x)  # x = m * 2^exponent, 0.5 <= m < 1
    quantum = math.ldexp(1.0, max(exponent - 1, -126) - 7)
    return min(round(x / quantum) * quantum, math.ldexp(255.0, 120))


def round_to_type(x, elem):
    """x rounded to the weight's element type, as kernels decode it."""
    if elem == "f16":
        return struct.unpack("<e", struct.pack("<e", x))[0]
    if elem == "bf16":
        return math.copysign(round_bf16(abs(x)), x) if x else x
    return x


SCALE_FORMATS = {
    # bytes, smallest positive value
    "f32": (4, math.ldexp(1.0, -149)),
    "f16": (2, math.ldexp(1.0, -24)),
    "bf16": (2, math.ldexp(1.0, -133)),
}


def round_scale(raw, kind):
    if raw == 0:
        return 1.0
    if kind == "f32":
        s = to_f32(raw)
    elif kind == "f16":
        try:
            s = struct.unpack("<e", struct.pack("<e", raw))[0]
        except OverflowError:
            s = 65504.0
    else:
        s = round_bf16(raw)
    return s if s > 0 else SCALE_FORMATS[kind][1]


def scale_bytes(s, kind):
    if kind == "f32":
        return struct.pack("<f", s)
    if kind == "f16":
        return struct.pack("<e", s)
    return struct.pack("<I", struct.unpack("<I", struct.pack("<f", s))[0]
                       >> 16)[:2]


def roundeven(x):
    return int(round(x))  # Python rounds floats half to even


# ---------------------------------------------------------------------------
# The model's weights
# ---------------------------------------------------------------------------

CONSTANT = re.compile(
    r"arith\.constant (?:dense<(?P<literal>[^>]*)>|"
    r"dense_resource<(?P<key>[^>]+)>) : tensor<(?P<shape>[0-9x]+)x"
    r"(?P<type>f32|f16|bf16)>(?:\s+loc\(\"(?P<name>[^\"]+)\"\))?")
BLOB = re.compile(r"^\s*\"?(?P<key>[\w.\-]+)\"?: \"0x(?P<hex>[0-9A-Fa-f]*)\"",
                  re.M)


def read_blobs(text):
    return {m.group("key"): bytes.fromhex(m.group("hex"))[4:]
            for m in BLOB.finditer(text)}


def flatten(value):
    if isinstance(value, list):
        return [x for item in value for x in flatten(item)]
    return [value]


def read_weights(path):
    text = open(path, encoding="utf-8").read()
    blobs = read_blobs(text)
    weights = {}
    for m in CONSTANT.finditer(text):
        shape = [int(d) for d in m.group("shape").split("x")]
        count = math.prod(shape)
        elem = m.group("type")
        if m.group("key"):
            name = m.group("key").strip("\"")
            data = blobs[name]
            if elem == "f32":
                values = list(struct.unpack("<%df" % count, data))
            elif elem == "f16":
                values = list(struct.unpack("<%de" % count, data))
            else:
                values = [bf16_bits_to_float(b)
                          for b in struct.unpack("<%dH" % count, data)]
        else:
            name = m.group("name")
            if not name:
                continue  # not a weight the test checks
            literal = ast.literal_eval(m.group("literal"))
            values = [float(v) for v in flatten(literal)]
            if len(values) == 1:
                values = values * count
            # Round to the element type as the parser does.
            if elem == "f32":
                values = [to_f32(v) for v in values]
            elif elem == "f16":
                values = [struct.unpack("<e", struct.pack("<e", v))[0]
                          for v in values]
            else:
                values = [math.copysign(round_bf16(abs(v)), v) if v else 0.0
                          for v in values]
        if len(values) != count:
            sys.exit(f"{path}: weight '{name}' has {len(values)} values, "
                     f"expected {count}")
        weights[name] = {"shape": shape, "type": elem, "values": values}
    return weights


# ---------------------------------------------------------------------------
# The encoding and the quantizer
# ---------------------------------------------------------------------------

def parse_encoding(text):
    m = re.fullmatch(r"#compress\.uniform<(.*)>", text)
    if not m:
        sys.exit(f"not a #compress.uniform encoding: {text}")
    enc = {"signed": True, "axis": None, "block": None, "zero": None}
    for part in re.split(r",\s*(?![^\[]*\])", m.group(1)):
        key, _, value = [x.strip() for x in part.partition("=")]
        if key == "bits":
            enc["bits"] = int(value)
        elif key == "unsigned":
            enc["signed"] = False
        elif key == "signed":
            enc["signed"] = True
        elif key == "per_axis":
            enc["axis"] = int(value)
        elif key == "block":
            enc["block"] = [int(x) for x in value.strip("[]").split(",")]
        elif key == "scale":
            enc["scale"] = value
        elif key == "zero_point":
            zm = re.fullmatch(r"(u?)i(\d+)", value)
            enc["zero"] = (zm.group(1) != "u", int(zm.group(2)))
        else:
            sys.exit(f"unexpected '{part}' in {text}")
    return enc


def code_range(signed, bits):
    if signed:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def group_shape(shape, enc):
    if enc["axis"] is not None:
        return [d if i == enc["axis"] else 1 for i, d in enumerate(shape)]
    if enc["block"] is not None:
        return [d // b for d, b in zip(shape, enc["block"])]
    return [1] * len(shape)


def group_of(index, shape, enc, gshape):
    """The row-major group number of the row-major element `index`."""
    coords = []
    for d in reversed(shape):
        coords.append(index % d)
        index //= d
    coords.reverse()
    if enc["axis"] is not None:
        return coords[enc["axis"]]
    if enc["block"] is None:
        return 0
    g = 0
    for c, b, n in zip(coords, enc["block"], gshape):
        g = g * n + c // b
    return g


def pack(values, bits):
    """Row-major values of `bits` bits, LSB first, ceil(n * bits / 8) bytes."""
    acc, count, out = 0, 0, bytearray()
    for v in values:
        acc |= (v & ((1 << bits) - 1)) << count
        count += bits
        while count >= 8:
            out.append(acc & 255)
            acc >>= 8
            count -= 8
    if count:
        out.append(acc & 255)
    return bytes(out)


def quantize(weight, enc):
    shape, values = weight["shape"], weight["values"]
    bits, kind = enc["bits"], enc["scale"]
    cmin, cmax = code_range(enc["signed"], bits)
    gshape = group_shape(shape, enc)
    groups = [group_of(i, shape, enc, gshape) for i in range(len(values))]
    ngroups = math.prod(gshape)
    lo = [math.inf] * ngroups
    hi = [-math.inf] * ngroups
    for v, g in zip(values, groups):
        lo[g] = min(lo[g], v)
        hi[g] = max(hi[g], v)
    scales, zeros = [], []
    for g in range(ngroups):
        z = 0
        if enc["zero"]:
            low, high = min(lo[g], 0.0), max(hi[g], 0.0)
            s = round_scale((high - low) / (cmax - cmin), kind)
            z = min(max(roundeven(cmin - low / s), cmin), cmax)
            zmin, zmax = code_range(*enc["zero"])
            z = min(max(z, zmin), zmax)
        elif enc["signed"]:
            amax = max(-lo[g], hi[g], 0.0)
            s = round_scale(amax / max(cmax, 1), kind)
        else:
            s = round_scale(max(hi[g], 0.0) / cmax, kind)
        scales.append(s)
        zeros.append(z)
    codes, decoded = [], []
    for v, g in zip(values, groups):
        s, z = scales[g], zeros[g]
        code = min(max(roundeven(v / s) + z, cmin), cmax)
        codes.append(code)
        decoded.append(round_to_type(to_f32(s * (code - z)), weight["type"]))
    storage = {
        "codes": pack(codes, bits),
        "scales": b"".join(scale_bytes(s, kind) for s in scales),
    }
    if enc["zero"]:
        storage["zero_points"] = pack(zeros, enc["zero"][1])
    return storage, decoded


# ---------------------------------------------------------------------------
# Calibration inputs and the errors
# ---------------------------------------------------------------------------

def read_npy(path):
    data = open(path, "rb").read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"{path}: not a .npy file")
    major = data[6]
    if major == 1:
        length, start = struct.unpack("<H", data[8:10])[0], 10
    else:
        length, start = struct.unpack("<I", data[8:12])[0], 12
    header = ast.literal_eval(data[start:start + length].decode("latin1"))
    code = {"<f4": "f", "<f8": "d"}[header["descr"]]
    shape = header["shape"]
    count = math.prod(shape)
    values = struct.unpack("<%d%s" % (count, code),
                           data[start + length:])
    return list(shape), [to_f32(v) for v in values]


class MT19937_64:
    def __init__(self, seed):
        self.mt = [0] * 312
        self.index = 312
        self.mt[0] = seed & 0xFFFFFFFFFFFFFFFF
        for i in range(1, 312):
            prev = self.mt[i - 1]
            self.mt[i] = (6364136223846793005 * (prev ^ (prev >> 62)) + i) \
                & 0xFFFFFFFFFFFFFFFF

    def __call__(self):
        if self.index >= 312:
            for i in range(312):
                x = (self.mt[i] & 0xFFFFFFFF80000000) | \
                    (self.mt[(i + 1) % 312] & 0x7FFFFFFF)
                xa = x >> 1
                if x & 1:
                    xa ^= 0xB5026F5AA96619E9
                self.mt[i] = self.mt[(i + 156) % 312] ^ xa
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & 0xFFFFFFFFFFFFFFFF


def seeded_normal(rows, columns, seed):
    engine = MT19937_64(seed)
    values = [0.0] * (rows * columns)
    for i in range(0, len(values), 2):
        u1 = 1.0 - (engine() >> 11) * 2.0 ** -53
        u2 = (engine() >> 11) * 2.0 ** -53
        radius = math.sqrt(-2.0 * math.log(u1))
        values[i] = to_f32(radius * math.cos(2 * math.pi * u2))
        if i + 1 < len(values):
            values[i + 1] = to_f32(radius * math.sin(2 * math.pi * u2))
    return values


def as_matrix(shape, values, axis):
    """Rows: the output axis; columns: the other elements, row-major."""
    outputs = shape[axis]
    inner = math.prod(shape[axis + 1:])
    rows = [[] for _ in range(outputs)]
    for i, v in enumerate(values):
        rows[(i // inner) % outputs].append(v)
    return rows


def output_error(weight, decoded, axis, x, columns):
    w = as_matrix(weight["shape"], weight["values"], axis)
    q = as_matrix(weight["shape"], decoded, axis)
    diff = norm = 0.0
    for r in range(len(x) // columns):
        xr = x[r * columns:(r + 1) * columns]
        for wo, qo in zip(w, q):
            y = math.fsum(a * b for a, b in zip(xr, wo))
            yq = math.fsum(a * b for a, b in zip(xr, qo))
            diff += (y - yq) ** 2
            norm += y * y
    return math.sqrt(diff / norm) if norm > 0 else 0.0


def close(actual, expected):
    return abs(actual - expected) <= RELATIVE_TOLERANCE * max(
        abs(actual), abs(expected)) + 1e-300


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------

def check_number(layer, field, actual, expected):
    ok = actual == expected if isinstance(expected, int) else close(
        actual, expected)
    if not ok:
        fail(f"layer '{layer}': {field} is {actual}, expected {expected}")


def calibration_inputs(name, layer, columns, calibration):
    text = layer["calibration"]
    m = re.fullmatch(r"seeded standard normal \((\d+) rows, seed (\d+)\)"
                     r"(?: \(no (.*)\))?", text)
    if m:
        if calibration and os.path.isdir(calibration):
            missing = os.path.join(calibration, name + ".npy")
            if m.group(3) != missing or os.path.exists(missing):
                fail(f"layer '{name}': calibration '{text}' should name the "
                     f"missing {missing}")
        elif calibration or m.group(3):
            fail(f"layer '{name}': unexpected calibration '{text}'")
        rows = int(m.group(1))
        return seeded_normal(rows, columns, int(m.group(2)))
    expected = calibration
    if calibration and os.path.isdir(calibration):
        expected = os.path.join(calibration, name + ".npy")
    if text != expected:
        fail(f"layer '{name}': calibration is '{text}', expected "
             f"'{expected}'")
        return None
    shape, values = read_npy(text)
    if shape[-1] != columns:
        fail(f"layer '{name}': {text} has rows of {shape[-1]}, expected "
             f"{columns}")
        return None
    return values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--axes", required=True)
    parser.add_argument("--calibration", default="")
    args = parser.parse_args()

    weights = read_weights(args.input)
    blobs = read_blobs(open(args.output, encoding="utf-8").read())
    axes = {k: int(v) for k, v in
            (item.rsplit("=", 1) for item in args.axes.split(","))}
    report = json.load(open(args.report, encoding="utf-8"))
    total_dense = total_compressed = total_elements = 0
    for layer in report["layers"]:
        name = layer["name"]
        if name not in weights:
            fail(f"layer '{name}' is not a named weight of {args.input}")
            continue
        weight = weights[name]
        if layer["shape"] != weight["shape"]:
            fail(f"layer '{name}': shape {layer['shape']}, expected "
                 f"{weight['shape']}")
            continue
        elements = len(weight["values"])
        width = 4 if weight["type"] == "f32" else 2
        dense = elements * width
        check_number(name, "bytes_dense", layer["bytes_dense"], dense)
        total_dense += dense
        total_elements += elements
        if layer["encoding"] == "none":
            compressed = dense
            for field in ("weight_rel_error", "output_rel_error"):
                check_number(name, field, layer[field], 0.0)
            for role in ("codes", "scales", "zero_points"):
                if f"{name}.{role}" in blobs:
                    fail(f"layer '{name}' is left dense but has a blob "
                         f"'{name}.{role}'")
        else:
            storage, decoded = quantize(weight, parse_encoding(
                layer["encoding"]))
            compressed = sum(len(b) for b in storage.values())
            for role, data in storage.items():
                key = f"{name}.{role}"
                if key not in blobs:
                    fail(f"layer '{name}': no blob '{key}' in {args.output}")
                elif blobs[key] != data:
                    fail(f"layer '{name}': blob '{key}' is "
                         f"{blobs[key].hex()}, expected {data.hex()}")
            num = math.fsum((a - b) ** 2 for a, b in
                            zip(weight["values"], decoded))
            den = math.fsum(a * a for a in weight["values"])
            weight_error = math.sqrt(num / den) if den > 0 else 0.0
            check_number(name, "weight_rel_error", layer["weight_rel_error"],
                         weight_error)
            if layer["op"] == "gather":
                check_number(name, "output_rel_error",
                             layer["output_rel_error"], weight_error)
            elif name not in axes:
                fail(f"layer '{name}': no --axes entry")
            else:
                axis = axes[name]
                columns = elements // weight["shape"][axis]
                x = calibration_inputs(name, layer, columns, args.calibration)
                if x is not None:
                    check_number(name, "output_rel_error",
                                 layer["output_rel_error"],
                                 output_error(weight, decoded, axis, x,
                                              columns))
        check_number(name, "bytes_compressed", layer["bytes_compressed"],
                     compressed)
        check_number(name, "bits_per_weight", layer["bits_per_weight"],
                     8.0 * compressed / elements)
        total_compressed += compressed
    total = report["total"]
    check_number("total", "bytes_dense", total["bytes_dense"], total_dense)
    check_number("total", "bytes_compressed", total["bytes_compressed"],
                 total_compressed)
    check_number("total", "bits_per_weight", total["bits_per_weight"],
                 8.0 * total_compressed / max(total_elements, 1))
    for problem in problems:
        print("error: " + problem)
    print(f"checked {len(report['layers'])} layers, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
