#!/usr/bin/env python3
"""Writes stories260K-layer0.mlir: the weights of layer 0 (and the token
embedding) of the stories260K Llama (llama2.c, MIT license: LICENSE here),
compressed with a mixed policy, as compress IR with dense_resource blobs.
With --dense, writes the same model with its dense f32 weights instead (the
input of compress-apply-policy, stories260K-layer0-dense.mlir).

    python3 make_example.py path/to/stories260K.bin > stories260K-layer0.mlir
    python3 make_example.py --dense path/to/stories260K.bin > stories260K-layer0-dense.mlir

The model file is 1,056,540 bytes, sha256 9414d5a2...c8d6. This script is how
the shipped example was made; the compiler's own quantizers
(compress-apply-policy) replace it. Rounding is to nearest, ties to even
(Python's round), with clamping, as docs/formats.md describes.
"""
import hashlib
import math
import struct
import sys

SHA256 = "9414d5a285453a7eab631713d171753232c978f6f97654211469aff8be93c8d6"
NF4 = [-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
       -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
       0.07958029955625534, 0.16093020141124725, 0.24611230194568634,
       0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
       0.7229568362236023, 1.0]
E2M1 = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]  # codes 0..7, bit 3 = sign


def load(path):
    data = open(path, "rb").read()
    if hashlib.sha256(data).hexdigest() != SHA256:
        sys.exit(f"{path}: unexpected sha256 (expected {SHA256})")
    dim, hidden, layers, heads, kv_heads, vocab, seq = struct.unpack("7i", data[:28])
    floats = struct.unpack(f"{(len(data) - 28) // 4}f", data[28:])
    kv_dim = dim * kv_heads // heads
    offset = 0
    tensors = {}

    def take(name, *shape):
        nonlocal offset
        n = math.prod(shape)
        tensors[name] = (list(shape), floats[offset:offset + n])
        offset += n

    take("token_embedding", vocab, dim)
    take("rms_att", layers, dim)
    for name, rows, cols in (("wq", dim, dim), ("wk", kv_dim, dim),
                             ("wv", kv_dim, dim), ("wo", dim, dim)):
        take(name, layers, rows, cols)
    take("rms_ffn", layers, dim)
    for name, rows, cols in (("w1", hidden, dim), ("w2", dim, hidden),
                             ("w3", hidden, dim)):
        take(name, layers, rows, cols)
    return tensors


def layer(tensors, name, index):
    shape, values = tensors[name]
    n = math.prod(shape[1:])
    return shape[1:], values[index * n:(index + 1) * n]


def f16(x):
    return struct.unpack("<e", struct.pack("<e", x))[0]


def pack_bits(rows, bits):
    """LSB-first bitstream per row, each row padded to a whole byte."""
    out = bytearray()
    for row in rows:
        acc, nbits = 0, 0
        for v in row:
            acc |= (v & ((1 << bits) - 1)) << nbits
            nbits += bits
        out += acc.to_bytes((nbits + 7) // 8, "little")
    return bytes(out)


def chunks(values, size):
    return [values[i:i + size] for i in range(0, len(values), size)]


def clamp(v, lo, hi):
    return max(lo, min(hi, v))


def uniform_asym(shape, values, bits, group):
    """Unsigned codes, f16 scale and ui<bits> zero point per group of a row."""
    qmax = (1 << bits) - 1
    codes, scales, zeros = [], [], []
    for row in chunks(values, shape[1]):
        qrow = []
        for g in chunks(row, group):
            lo, hi = min(min(g), 0.0), max(max(g), 0.0)
            s = f16((hi - lo) / qmax) or 1.0
            z = clamp(round(-lo / s), 0, qmax)
            qrow += [clamp(round(w / s) + z, 0, qmax) for w in g]
            scales.append(s)
            zeros.append(z)
        codes.append(qrow)
    zero_rows = chunks(zeros, shape[1] // group)
    return {"codes": pack_bits(codes, bits),
            "scales": struct.pack(f"<{len(scales)}e", *scales),
            "zero_points": pack_bits(zero_rows, bits)}


def uniform_sym_rows(shape, values, bits, scale_format):
    """Signed codes in [-(2^(b-1)-1), 2^(b-1)-1], one scale per row."""
    qmax = (1 << (bits - 1)) - 1
    codes, scales = [], []
    for row in chunks(values, shape[1]):
        s = max(abs(w) for w in row) / qmax or 1.0
        s = f16(s) if scale_format == "e" else struct.unpack("<f", struct.pack("<f", s))[0]
        codes.append([clamp(round(w / s), -qmax, qmax) for w in row])
        scales.append(s)
    return {"codes": pack_bits(codes, bits),
            "scales": struct.pack(f"<{len(scales)}{scale_format}", *scales)}


def nf4(shape, values, block):
    indices, scales = [], []
    for row in chunks(values, shape[1]):
        irow = []
        for g in chunks(row, block):
            s = f16(max(abs(w) for w in g)) or 1.0
            irow += [min(range(16), key=lambda i: abs(NF4[i] - w / s)) for w in g]
            scales.append(s)
        indices.append(irow)
    return {"indices": pack_bits(indices, 4),
            "scales": struct.pack(f"<{len(scales)}e", *scales)}


def e2m1_code(x):
    sign = 8 if x < 0 else 0
    return sign | min(range(8), key=lambda i: (abs(E2M1[i] - abs(x)), i % 2))


def mxfp4(shape, values, block):
    """OCP MX: shared exponent floor(log2(amax)) - 2 (e2m1's largest exponent)."""
    codes, scales = [], []
    for row in chunks(values, shape[1]):
        crow = []
        for g in chunks(row, block):
            amax = max(abs(w) for w in g)
            e = (math.floor(math.log2(amax)) - 2) if amax > 0 else -127
            crow += [e2m1_code(w / 2.0 ** e) for w in g]
            scales.append(e + 127)  # f8E8M0FNU: the biased exponent byte
        codes.append(crow)
    return {"codes": pack_bits(codes, 4), "scales": bytes(scales)}


def sparse_2_4_int4(shape, values, group):
    """Keep the 2 largest of every 4, then int4 symmetric per group of kept."""
    kept_rows, positions = [], []
    for row in chunks(values, shape[1]):
        krow, prow = [], []
        for quad in chunks(row, 4):
            keep = sorted(sorted(range(4), key=lambda i: -abs(quad[i]))[:2])
            krow += [quad[i] for i in keep]
            prow += keep
        kept_rows.append(krow)
        positions.append(prow)
    kept_shape = [shape[0], shape[1] // 2]
    codes, scales = [], []
    for row in kept_rows:
        crow = []
        for g in chunks(row, group):
            s = f16(max(abs(w) for w in g) / 7) or 1.0
            crow += [clamp(round(w / s), -7, 7) for w in g]
            scales.append(s)
        codes.append(crow)
    del kept_shape
    return {"values.codes": pack_bits(codes, 4),
            "values.scales": struct.pack(f"<{len(scales)}e", *scales),
            "positions": pack_bits(positions, 2)}


def blob(data):
    return '"0x08000000' + data.hex().upper() + '"'


DENSE_WEIGHTS = [("token_embedding", None), ("layers.0.attention.wq", "wq"),
                 ("layers.0.attention.wk", "wk"), ("layers.0.attention.wv", "wv"),
                 ("layers.0.attention.wo", "wo"), ("layers.0.feed_forward.w1", "w1"),
                 ("layers.0.feed_forward.w2", "w2"), ("layers.0.feed_forward.w3", "w3")]


def dense_main(path):
    tensors = load(path)
    shapes, blobs = {}, {}
    for name, key in DENSE_WEIGHTS:
        shape, values = (tensors[name] if key is None else layer(tensors, key, 0))
        shapes[name] = shape
        blobs[name] = struct.pack(f"<{len(values)}f", *values)

    def ty(name):
        return f"tensor<{shapes[name][0]}x{shapes[name][1]}xf32>"

    def const(name, alias):
        return f"  %{alias} = arith.constant dense_resource<{name}> : {ty(name)}"

    linear_maps = ("indexing_maps = [affine_map<(m, n, k) -> (m, k)>, "
                   "affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]")

    def linear(result, x, k, w, name):
        n = shapes[name][0]
        return [f"  %{result}_init = linalg.fill ins(%zero : f32) outs(%{result}_empty : tensor<8x{n}xf32>) -> tensor<8x{n}xf32>",
                f"  %{result} = linalg.matmul {linear_maps}",
                f"      ins(%{x}, %{w} : tensor<8x{k}xf32>, {ty(name)}) outs(%{result}_init : tensor<8x{n}xf32>) -> tensor<8x{n}xf32>"]

    def empty(result, n):
        return f"  %{result}_empty = tensor.empty() : tensor<8x{n}xf32>"

    out = ["// stories260K (llama2.c, MIT license: see LICENSE), layer 0 and the token",
           "// embedding, with dense f32 weights. Generated by make_example.py --dense.",
           "//",
           "//   compress-opt stories260K-layer0-dense.mlir \\",
           "//     --compress-apply-policy=\"policy=policy.yaml report=report.json summary=true\"",
           "",
           "func.func @embed(%tokens: tensor<8x1xi32>) -> tensor<8x64xf32> {",
           const("token_embedding", "table"),
           "  %x = tensor.gather %table[%tokens] gather_dims([0]) : (tensor<512x64xf32>, tensor<8x1xi32>) -> tensor<8x64xf32>",
           "  return %x : tensor<8x64xf32>",
           "}",
           "",
           "func.func @qkv(%x: tensor<8x64xf32>) -> (tensor<8x64xf32>, tensor<8x32xf32>, tensor<8x32xf32>) {",
           "  %zero = arith.constant 0.0 : f32"]
    for n in ("wq", "wk", "wv"):
        name = f"layers.0.attention.{n}"
        out += [const(name, n), empty(n[1], shapes[name][0])]
        out += linear(n[1], "x", 64, n, name)
    out += ["  return %q, %k, %v : tensor<8x64xf32>, tensor<8x32xf32>, tensor<8x32xf32>",
            "}", "",
            "func.func @attention_output(%a: tensor<8x64xf32>) -> tensor<8x64xf32> {",
            "  %zero = arith.constant 0.0 : f32",
            const("layers.0.attention.wo", "wo"), empty("o", 64)]
    out += linear("o", "a", 64, "wo", "layers.0.attention.wo")
    out += ["  return %o : tensor<8x64xf32>", "}", "",
            "// y = w2(silu(w1 x) * w3 x)",
            "func.func @feed_forward(%x: tensor<8x64xf32>) -> tensor<8x64xf32> {",
            "  %zero = arith.constant 0.0 : f32"]
    for n in ("w1", "w3", "w2"):
        out.append(const(f"layers.0.feed_forward.{n}", n))
    out += [empty("h1", 172), empty("h3", 172), empty("y", 64)]
    out += linear("h1", "x", 64, "w1", "layers.0.feed_forward.w1")
    out += linear("h3", "x", 64, "w3", "layers.0.feed_forward.w3")
    out += ["  %g = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],",
            "                       iterator_types = [\"parallel\", \"parallel\"]}",
            "      ins(%h1, %h3 : tensor<8x172xf32>, tensor<8x172xf32>) outs(%h1_empty : tensor<8x172xf32>) {",
            "  ^bb0(%a: f32, %b: f32, %out: f32):",
            "    %neg = arith.negf %a : f32",
            "    %exp = math.exp %neg : f32",
            "    %one = arith.constant 1.0 : f32",
            "    %den = arith.addf %one, %exp : f32",
            "    %silu = arith.divf %a, %den : f32",
            "    %prod = arith.mulf %silu, %b : f32",
            "    linalg.yield %prod : f32",
            "  } -> tensor<8x172xf32>"]
    out += linear("y", "g", 172, "w2", "layers.0.feed_forward.w2")
    out += ["  return %y : tensor<8x64xf32>", "}", "",
            "{-#", "  dialect_resources: {", "    builtin: {"]
    out.append(",\n".join(f'      "{name}": "0x04000000{blobs[name].hex().upper()}"'
                           for name, _ in DENSE_WEIGHTS))
    out += ["    }", "  }", "#-}"]
    print("\n".join(out))


def main():
    if sys.argv[1] == "--dense":
        return dense_main(sys.argv[2])
    tensors = load(sys.argv[1])
    weights = []  # (name, shape, encoding, storage types, bytes by role)

    def add(name, shape, encoding, storage_types, storage):
        weights.append((name, shape, encoding, storage_types, storage))

    shape, v = tensors["token_embedding"]
    add("token_embedding", shape,
        "#compress.uniform<bits = 8, per_axis = 0, scale = f32>",
        {"codes": "512x64xi8", "scales": "512x1xf32"},
        uniform_sym_rows(shape, v, 8, "f"))
    shape, v = layer(tensors, "wq", 0)
    add("layers.0.attention.wq", shape,
        "#compress.lut<table = nf4, block = [1, 64], scale = f16>",
        {"indices": "64x32xi8", "scales": "64x1xf16"}, nf4(shape, v, 64))
    shape, v = layer(tensors, "wk", 0)
    add("layers.0.attention.wk", shape,
        "#compress.sparse<nm = [2, 4], values = #compress.uniform<bits = 4, "
        "block = [1, 32], scale = f16>>",
        {"values.codes": "32x16xi8", "values.scales": "32x1xf16",
         "positions": "32x8xi8"}, sparse_2_4_int4(shape, v, 32))
    shape, v = layer(tensors, "wv", 0)
    add("layers.0.attention.wv", shape,
        "#compress.float<f4E2M1FN, block = [1, 32], scale = f8E8M0FNU>",
        {"codes": "32x32xi8", "scales": "32x2xf8E8M0FNU"}, mxfp4(shape, v, 32))
    shape, v = layer(tensors, "wo", 0)
    add("layers.0.attention.wo", shape,
        "#compress.uniform<bits = 8, per_axis = 0, scale = f16>",
        {"codes": "64x64xi8", "scales": "64x1xf16"},
        uniform_sym_rows(shape, v, 8, "e"))
    for name in ("w1", "w3"):
        shape, v = layer(tensors, name, 0)
        add(f"layers.0.feed_forward.{name}", shape,
            "#compress.uniform<bits = 4, unsigned, block = [1, 32], scale = f16, "
            "zero_point = ui4>",
            {"codes": "172x32xi8", "scales": "172x2xf16",
             "zero_points": "172x1xi8"}, uniform_asym(shape, v, 4, 32))
    shape, v = layer(tensors, "w2", 0)
    add("layers.0.feed_forward.w2", shape,
        "#compress.uniform<bits = 8, per_axis = 0, scale = f16>",
        {"codes": "64x172xi8", "scales": "64x1xf16"},
        uniform_sym_rows(shape, v, 8, "e"))

    out = []
    emit = out.append
    emit("// stories260K (llama2.c, MIT license: see LICENSE), layer 0 and the token")
    emit("// embedding, compressed with a mixed policy. Generated by make_example.py.")
    emit("//")
    emit("//   compress-opt stories260K-layer0.mlir --compress-print-sizes -o /dev/null")
    emit("//")
    emit("// Each function is one real piece of the layer: the embedding lookup, the")
    emit("// q/k/v projections, the output projection and the SwiGLU feed-forward.")
    emit("")
    for name, shape, encoding, _, _ in weights:
        alias = name.split(".")[-1]
        emit(f"!{alias} = !compress.tensor<{shape[0]}x{shape[1]}xf32, {encoding}>")
    emit("")

    def constant(name, indent="  "):
        _, _, _, types, storage = next(w for w in weights if w[0] == name)
        alias = name.split(".")[-1]
        fields = ", ".join(
            f'"{role}" = dense_resource<{name}.{role}> : tensor<{types[role]}>'
            if "." in role else
            f"{role} = dense_resource<{name}.{role}> : tensor<{types[role]}>"
            for role in types)
        # A NameLoc that keeps the file position, so remarks point at the line.
        line = len(out) + 1
        return (f"{indent}%{alias} = compress.constant {{{fields}}} : !{alias} "
                f'loc("{name}"("stories260K-layer0.mlir":{line}:3))')

    emit("func.func @embed(%tokens: tensor<8xi32>) -> tensor<8x64xf32> {")
    emit(constant("token_embedding"))
    emit("  %x = compress.gather %token_embedding[%tokens] : !token_embedding, tensor<8xi32> -> tensor<8x64xf32>")
    emit("  return %x : tensor<8x64xf32>")
    emit("}")
    emit("")
    emit("func.func @qkv(%x: tensor<8x64xf32>) -> (tensor<8x64xf32>, tensor<8x32xf32>, tensor<8x32xf32>) {")
    for n in ("wq", "wk", "wv"):
        emit(constant(f"layers.0.attention.{n}"))
    emit("  %q = compress.matmul %x, %wq transpose_rhs acc(f32) : tensor<8x64xf32>, !wq -> tensor<8x64xf32>")
    emit("  %k = compress.matmul %x, %wk transpose_rhs acc(f32) : tensor<8x64xf32>, !wk -> tensor<8x32xf32>")
    emit("  %v = compress.matmul %x, %wv transpose_rhs acc(f32) : tensor<8x64xf32>, !wv -> tensor<8x32xf32>")
    emit("  return %q, %k, %v : tensor<8x64xf32>, tensor<8x32xf32>, tensor<8x32xf32>")
    emit("}")
    emit("")
    emit("func.func @attention_output(%a: tensor<8x64xf32>) -> tensor<8x64xf32> {")
    emit(constant("layers.0.attention.wo"))
    emit("  %o = compress.matmul %a, %wo transpose_rhs acc(f32) : tensor<8x64xf32>, !wo -> tensor<8x64xf32>")
    emit("  return %o : tensor<8x64xf32>")
    emit("}")
    emit("")
    emit("// y = w2(silu(w1 x) * w3 x)")
    emit("func.func @feed_forward(%x: tensor<8x64xf32>) -> tensor<8x64xf32> {")
    for n in ("w1", "w3", "w2"):
        emit(constant(f"layers.0.feed_forward.{n}"))
    emit("  %h1 = compress.matmul %x, %w1 transpose_rhs acc(f32) : tensor<8x64xf32>, !w1 -> tensor<8x172xf32>")
    emit("  %h3 = compress.matmul %x, %w3 transpose_rhs acc(f32) : tensor<8x64xf32>, !w3 -> tensor<8x172xf32>")
    emit("  %init = tensor.empty() : tensor<8x172xf32>")
    emit("  %g = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],")
    emit("                       iterator_types = [\"parallel\", \"parallel\"]}")
    emit("      ins(%h1, %h3 : tensor<8x172xf32>, tensor<8x172xf32>) outs(%init : tensor<8x172xf32>) {")
    emit("  ^bb0(%a: f32, %b: f32, %out: f32):")
    emit("    %neg = arith.negf %a : f32")
    emit("    %exp = math.exp %neg : f32")
    emit("    %one = arith.constant 1.0 : f32")
    emit("    %den = arith.addf %one, %exp : f32")
    emit("    %silu = arith.divf %a, %den : f32")
    emit("    %prod = arith.mulf %silu, %b : f32")
    emit("    linalg.yield %prod : f32")
    emit("  } -> tensor<8x172xf32>")
    emit("  %y = compress.matmul %g, %w2 transpose_rhs acc(f32) : tensor<8x172xf32>, !w2 -> tensor<8x64xf32>")
    emit("  return %y : tensor<8x64xf32>")
    emit("}")
    emit("")
    emit("{-#")
    emit("  dialect_resources: {")
    emit("    builtin: {")
    entries = []
    for name, _, _, types, storage in weights:
        for role in types:
            entries.append(f'      "{name}.{role}": {blob(storage[role])}')
    emit(",\n".join(entries))
    emit("    }")
    emit("  }")
    emit("#-}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
