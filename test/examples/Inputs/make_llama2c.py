#!/usr/bin/env python3
"""Writes a small synthetic llama2.c checkpoint (legacy version 0 format) for
the importer's tests: the header given by the options, then seeded random
float32 weights (norm weights near 1, the rest N(0, 0.3^2)).

    make_llama2c.py out.bin [--dim=16 --hidden=24 --layers=2 --heads=4
                             --kv-heads=2 --vocab=40 --seq-len=9]
                            [--magic] [--truncate=N] [--extra=N]
                            [--header-only] [--bytes=N]

A negative --vocab says the classifier is a separate matrix (written last).
--magic writes llama2.c's newer 'ak42' header instead; --truncate drops the
last N bytes, --extra appends N bytes, --header-only writes the 28-byte
header alone, --bytes=N writes N zero bytes and nothing else.
"""
import argparse
import random
import struct


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    for name, default in (("dim", 16), ("hidden", 24), ("layers", 2),
                          ("heads", 4), ("kv-heads", 2), ("vocab", 40),
                          ("seq-len", 9), ("truncate", 0), ("extra", 0),
                          ("bytes", -1)):
        ap.add_argument(f"--{name}", type=int, default=default)
    ap.add_argument("--magic", action="store_true")
    ap.add_argument("--header-only", action="store_true")
    a = ap.parse_args()

    if a.bytes >= 0:
        open(a.output, "wb").write(bytes(a.bytes))
        return
    header = struct.pack("<7i", a.dim, a.hidden, a.layers, a.heads,
                         a.kv_heads, a.vocab, a.seq_len)
    if a.magic:
        header = struct.pack("<Ii", 0x616B3432, 1) + header
    if a.header_only:
        open(a.output, "wb").write(header)
        return
    rng = random.Random(7)
    vocab, head_size = abs(a.vocab), a.dim // a.heads
    kv_dim = head_size * a.kv_heads

    def normal(n):
        return [rng.gauss(0.0, 0.3) for _ in range(n)]

    def norm(n):
        return [1.0 + rng.gauss(0.0, 0.1) for _ in range(n)]

    L = a.layers
    values = (normal(vocab * a.dim) + norm(L * a.dim) +
              normal(L * a.dim * a.dim) + normal(L * kv_dim * a.dim) +
              normal(L * kv_dim * a.dim) + normal(L * a.dim * a.dim) +
              norm(L * a.dim) + normal(3 * L * a.hidden * a.dim) +
              norm(a.dim) + normal(a.seq_len * head_size))
    if a.vocab < 0:
        values += normal(vocab * a.dim)
    data = header + struct.pack(f"<{len(values)}f", *values)
    if a.truncate:
        data = data[:-a.truncate]
    open(a.output, "wb").write(data + bytes(a.extra))


if __name__ == "__main__":
    main()
