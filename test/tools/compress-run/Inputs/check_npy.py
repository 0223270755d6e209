#!/usr/bin/env python3
# ===- check_npy.py - Compare a result of compress-run with NumPy ---------===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Checks a .npy file that compress-run wrote against a NumPy expression.

Usage: check_npy.py GOT.npy EXPRESSION (--rtol R | --exact) [NAME=FILE.npy]...

EXPRESSION is evaluated with `np` and every NAME bound to the array loaded
from FILE.npy; it must give the expected array, of the dtype and shape that
GOT.npy must have. Helpers for bf16 (stored as uint16 bit patterns):
bf16_to_f32(bits) and f32_to_bf16(values) (round to nearest even).

--exact  the bytes must be equal (integers, copies, exact float operations)
--rtol R every element within R of the expected one, relative to it

Prints "ok: GOT.npy: SHAPE DTYPE, max relative error E" or exits with 1.
"""
import argparse
import sys

import numpy as np


def bf16_to_f32(bits):
    return (np.asarray(bits).astype(np.uint32) << 16).view(np.float32)


def f32_to_bf16(values):
    bits = np.asarray(values, np.float32).view(np.uint32).astype(np.uint64)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("got")
    parser.add_argument("expression")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--rtol", type=float)
    mode.add_argument("--exact", action="store_true")
    parser.add_argument("arrays", nargs="*", metavar="NAME=FILE.npy")
    args = parser.parse_intermixed_args()

    names = {"np": np, "bf16_to_f32": bf16_to_f32, "f32_to_bf16": f32_to_bf16}
    for binding in args.arrays:
        name, path = binding.split("=", 1)
        names[name] = np.load(path)
    want = np.asarray(eval(args.expression, names))
    got = np.load(args.got)
    where = args.got.split("/")[-1]
    if got.dtype != want.dtype or got.shape != want.shape:
        sys.exit("%s: got %s %s, expected %s %s"
                 % (where, got.shape, got.dtype, want.shape, want.dtype))
    error = 0.0
    if args.exact:
        if got.tobytes() != want.tobytes():
            bad = np.flatnonzero(got.view(np.uint8) != want.view(np.uint8))
            sys.exit("%s: differs from the expected array at byte %d"
                     % (where, bad[0]))
    else:
        g, w = got.astype(np.float64), want.astype(np.float64)
        scale = np.maximum(np.abs(w), np.finfo(np.float64).tiny)
        relative = np.abs(g - w) / scale
        error = float(relative.max()) if relative.size else 0.0
        if not np.all(relative <= args.rtol):
            i = int(np.argmax(relative))
            sys.exit("%s: element %d is %r, expected %r (relative error "
                     "%.3g > %g)" % (where, i, g.flat[i], w.flat[i], error,
                                     args.rtol))
    shape = "x".join(str(d) for d in got.shape)
    print("ok: %s: %s %s, max relative error %.3g"
          % (where, shape, got.dtype, error))


if __name__ == "__main__":
    main()
