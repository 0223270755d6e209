#!/usr/bin/env python3
"""Writes the peer's weights and input (bench/peer/make_models.py, the one
definition of both) in the storage layout of compress-bench-gemv --peer-data.

  export_weights.py --encoding int4-g128 --n 4096 --k 4096 --m 1 --count 31 --out DIR

DIR gets x_m<M>.npy (f32 [M, K]) and, per matrix i < COUNT:
  int4-g*:      w<i>.codes.npy int8 [N, K/2], w<i>.scales.npy f32 [N, K/G]
  int8-channel: w<i>.codes.npy int8 [N, K],   w<i>.scales.npy f32 [N, 1]
  f32 / f16:    w<i>.weights.npy f32 / f16 [N, K]
ONNX Runtime's codes are unsigned with zero point 2^(bits-1); ours are signed
two's complement, and u - 2^(bits-1) has the bits of u XOR 2^(bits-1). The
int4 nibbles keep MatMulNBits' order (low nibble = even k). int8-channel uses
make_models.weights with one block per row (the same codes as the peer's q8
models, per-row scales). The dense kinds are the peer's: int4 b128 weights,
dequantized. Files that exist are kept (delete DIR to rewrite).
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peer"))
import make_models  # noqa: E402  (the shared generator)


def storage(encoding, n, k, index):
    """{role: array} of matrix `index` in compress-bench-gemv's layout."""
    if encoding in ("int4-g128", "int4-g32"):
        group = int(encoding.split("-g")[1])
        codes, scales = make_models.weights(n, k, 4, group, index)
        signed = codes ^ np.uint8(8)
        packed = (signed[:, 0::2] | (signed[:, 1::2] << 4)).astype(np.uint8)
        return {"codes": packed.view(np.int8), "scales": scales}
    if encoding == "int8-channel":
        codes, scales = make_models.weights(n, k, 8, k, index)
        return {"codes": (codes ^ np.uint8(0x80)).view(np.int8), "scales": scales}
    codes, scales = make_models.weights(n, k, 4, 128, index)
    dense = make_models.dequantize(codes, scales, 4, 128)
    return {"weights": dense.astype(np.float16 if encoding == "f16" else np.float32)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--encoding", required=True,
                   choices=["int4-g128", "int4-g32", "int8-channel", "f32", "f16"])
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--k", type=int, required=True)
    p.add_argument("--m", type=int, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    x_path = os.path.join(a.out, f"x_m{a.m}.npy")
    if not os.path.exists(x_path):
        np.save(x_path + ".tmp.npy", make_models.activations(a.m, a.k))
        os.replace(x_path + ".tmp.npy", x_path)
    for index in range(a.count):
        roles = ["weights"] if a.encoding in ("f32", "f16") else ["codes", "scales"]
        paths = {r: os.path.join(a.out, f"w{index}.{r}.npy") for r in roles}
        if all(os.path.exists(path) for path in paths.values()):
            continue
        for role, array in storage(a.encoding, a.n, a.k, index).items():
            np.save(paths[role] + ".tmp.npy", np.ascontiguousarray(array))
            os.replace(paths[role] + ".tmp.npy", paths[role])


if __name__ == "__main__":
    main()
