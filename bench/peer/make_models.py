#!/usr/bin/env python3
"""Writes the ONNX models of the ONNX Runtime peer benchmark (see README.md).

Each model applies COUNT distinct [N, K] weight matrices to one input
x [M, K]; node i writes its own output y<i> = x @ W_i^T [M, N]. Next to the
model it writes the input (<stem>.x.npy), the dense reference of every output
(<stem>.ref.npy, f32 [COUNT, M, N]) and a description (<stem>.json).

The weights come from weights() below; the other side of the benchmark
rebuilds the same codes and scales with it (README.md, "The generator").
"""

import argparse
import json
import math
import os
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("make_models.py: cannot import 'numpy'; install Debian's python3-numpy "
             "and run this with /usr/bin/python3")

try:
    import onnx
    from onnx import TensorProto, helper
except ImportError:
    sys.exit("make_models.py: cannot import 'onnx'; install Debian's python3-onnx "
             "(apt-get install -y python3-onnx) and run this with /usr/bin/python3")

X_SEED = 7
WEIGHT_SEED = 1000
L3_BYTES = 32 << 20
COLD_BYTES = 8 * L3_BYTES  # cold models stream at least 8x the L3 per call
PREFILL_MAX_COUNT = 4      # prefill is compute-bound: a few matrices suffice


def weights(n, k, bits, block, index):
    """Codes uint8 [n, k] in 0..2^bits-1 and scales f32 [n, k/block] of matrix
    `index`. Symmetric: w = (code - 2^(bits-1)) * scale."""
    rng = np.random.default_rng(WEIGHT_SEED + index)
    codes = rng.integers(0, 1 << bits, size=(n, k), dtype=np.uint8)
    scales = rng.uniform(0.001, 0.01, size=(n, k // block)).astype(np.float32)
    return codes, scales


def dequantize(codes, scales, bits, block):
    n, k = codes.shape
    w = codes.astype(np.float32) - np.float32(1 << (bits - 1))
    w = w.reshape(n, k // block, block) * scales[:, :, None]
    return w.reshape(n, k)


def activations(m, k):
    return np.random.default_rng(X_SEED).uniform(-1.0, 1.0, size=(m, k)).astype(np.float32)


def pack(codes, bits, block):
    """MatMulNBits' B: uint8 [n, k/block, block*bits/8], low bits first along K."""
    n, k = codes.shape
    if bits == 8:
        packed = codes
    else:
        packed = (codes[:, 0::2] | (codes[:, 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed.reshape(n, k // block, block * bits // 8))


def parse_kind(kind):
    """'q4b128a4' -> ('q', 4, 128, 4); 'f32' / 'f16' -> ('f', 32|16, None, None)."""
    if kind in ("f32", "f16"):
        return "f", int(kind[1:]), None, None
    try:
        q, rest = kind[0], kind[1:]
        bits, rest = rest.split("b")
        block, acc = rest.split("a")
        bits, block, acc = int(bits), int(block), int(acc)
    except ValueError:
        raise SystemExit(f"make_models.py: bad kind '{kind}' (expected q<bits>b<block>a<acc>, f32 or f16)")
    if q != "q" or bits not in (4, 8) or block not in (16, 32, 64, 128, 256) or acc not in (0, 1, 2, 3, 4):
        raise SystemExit(f"make_models.py: unsupported kind '{kind}'")
    return "q", bits, block, acc


def matrix_bytes(kind, n, k):
    q, bits, block, _ = parse_kind(kind)
    if q == "f":
        return n * k * bits // 8
    return n * k * bits // 8 + n * (k // block) * 4


def label(kind):
    q, bits, block, acc = parse_kind(kind)
    if q == "f":
        return f"ort MatMul f{bits}"
    return f"ort MatMulNBits int{bits} b{block} acc{acc}"


def build(kind, n, k, m, count):
    q, bits, block, acc = parse_kind(kind)
    x = activations(m, k)
    elem = TensorProto.FLOAT16 if (q == "f" and bits == 16) else TensorProto.FLOAT
    inits, nodes, outputs = [], [], []
    ref = np.empty((count, m, n), dtype=np.float32)
    for i in range(count):
        # Dense models use the int4 b128 weights' values, dequantized.
        codes, scales = weights(n, k, bits if q == "q" else 4, block if q == "q" else 128, i)
        w = dequantize(codes, scales, bits if q == "q" else 4, block if q == "q" else 128)
        if q == "f" and bits == 16:
            w = w.astype(np.float16)
        xin = x.astype(np.float16) if elem == TensorProto.FLOAT16 else x
        ref[i] = (xin.astype(np.float64) @ w.astype(np.float64).T).astype(np.float32)
        y = f"y{i}"
        if q == "f":
            wt = np.ascontiguousarray(w.T)  # MatMul wants B [K, N]
            inits.append(helper.make_tensor(f"w{i}", elem, wt.shape, wt.tobytes(), raw=True))
            nodes.append(helper.make_node("MatMul", ["x", f"w{i}"], [y], name=f"mm{i}"))
        else:
            b = pack(codes, bits, block)
            inits.append(helper.make_tensor(f"b{i}", TensorProto.UINT8, b.shape, b.tobytes(), raw=True))
            s = scales.reshape(-1)  # [N * K/block]
            inits.append(helper.make_tensor(f"s{i}", TensorProto.FLOAT, s.shape, s.tobytes(), raw=True))
            nodes.append(helper.make_node(
                "MatMulNBits", ["x", f"b{i}", f"s{i}"], [y], name=f"mnb{i}",
                domain="com.microsoft", K=k, N=n, bits=bits, block_size=block, accuracy_level=acc))
        outputs.append(helper.make_tensor_value_info(y, elem, [m, n]))
    graph = helper.make_graph(nodes, f"{kind}_{n}x{k}_m{m}", [helper.make_tensor_value_info("x", elem, [m, k])],
                              outputs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 8
    return model, x, ref


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kinds", default="q4b128a4,q4b128a0,q4b32a4,q4b32a0,q8b128a4,q8b128a0,f32",
                   help="comma-separated: q<bits>b<block>a<accuracy_level>, f32, f16 (f16: see README)")
    p.add_argument("--shapes", default="4096x4096", help="comma-separated NxK (weights [N_out, K])")
    p.add_argument("--m", default="1", help="comma-separated rows of x (1 = decode GEMV)")
    p.add_argument("--count", type=int, default=0,
                   help="matrices per model; 0 = cold: enough for 8x the 32 MiB L3 (prefill: at most 4)")
    p.add_argument("--hot", action="store_true", help="one matrix per model (same as --count 1)")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache"))
    p.add_argument("--force", action="store_true", help="rewrite models that already exist")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for shape in a.shapes.split(","):
        try:
            n, k = (int(v) for v in shape.lower().split("x"))
        except ValueError:
            raise SystemExit(f"make_models.py: bad shape '{shape}' (expected NxK, e.g. 4096x4096)")
        for m in (int(v) for v in a.m.split(",")):
            for kind in a.kinds.split(","):
                q, bits, block, _ = parse_kind(kind)
                if q == "q" and k % block:
                    raise SystemExit(f"make_models.py: K={k} is not a multiple of block {block}")
                per = matrix_bytes(kind, n, k)
                count = 1 if a.hot else a.count or max(2, math.ceil(COLD_BYTES / per))
                if m > 1 and not a.count and not a.hot:
                    count = min(count, PREFILL_MAX_COUNT)
                stem = os.path.join(a.out, f"{kind}_{n}x{k}_m{m}_c{count}")
                if os.path.exists(stem + ".json") and not a.force:
                    print(stem + ".onnx")
                    continue
                model, x, ref = build(kind, n, k, m, count)
                onnx.save(model, stem + ".onnx")
                np.save(stem + ".x.npy", x)
                np.save(stem + ".ref.npy", ref)
                meta = {"peer": label(kind), "kind": kind, "N": n, "K": k, "M": m, "matrices": count,
                        "weight_bytes_per_matrix": per, "x_seed": X_SEED, "weight_seed": WEIGHT_SEED}
                with open(stem + ".json", "w") as f:  # written last: marks a complete model
                    json.dump(meta, f, indent=1)
                print(stem + ".onnx")


if __name__ == "__main__":
    main()
