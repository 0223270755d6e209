#!/usr/bin/env python3
# ===- make_npy.py - Write a .npy input for compress-run ------------------===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Writes a .npy file of random values with NumPy.

Usage: make_npy.py PATH SHAPE DTYPE [--seed N] [--uniform LO HI [--steps D]]
                   [--big-endian] [--fortran] [--truncate N]
  SHAPE       dimensions joined by 'x' (2x3x8)
  DTYPE       a NumPy dtype without byte order (f4, f2, f8, i1, i2, i4, i8,
              u4, c8, ...), or bf16 (uint16 bit patterns of bfloat16 values,
              '<u2') or bf16-void (the same bytes as the two-byte void dtype
              '|V2' that np.save writes for ml_dtypes.bfloat16)
  --seed      the random seed (default 0)
  --uniform   floats uniform in [LO, HI) instead of normal(0, 1); with
              --steps, multiples of 1/D (exact in every float type when small)
  --big-endian  store big-endian
  --fortran   store in Fortran order
  --truncate  drop the last N bytes of the file

Integers are uniform over the whole range of the type, both ends included
(the first two elements are the minimum and the maximum). bf16 values are
float32 values rounded to nearest even.
"""
import argparse

import numpy as np


def bf16_bits(values):
    """uint16 bit patterns of float32 `values` rounded to nearest even."""
    bits = values.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("shape")
    parser.add_argument("dtype")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--uniform", type=float, nargs=2)
    parser.add_argument("--steps", type=int)
    parser.add_argument("--big-endian", action="store_true")
    parser.add_argument("--fortran", action="store_true")
    parser.add_argument("--truncate", type=int, default=0)
    args = parser.parse_args()

    shape = tuple(int(d) for d in args.shape.split("x") if d)
    rng = np.random.default_rng(args.seed)

    def floats():
        if not args.uniform:
            return rng.standard_normal(shape)
        values = rng.uniform(args.uniform[0], args.uniform[1], size=shape)
        return np.floor(values * args.steps) / args.steps if args.steps \
            else values

    if args.dtype in ("bf16", "bf16-void"):
        array = bf16_bits(floats())
        if args.dtype == "bf16-void":
            array = array.view("V2")
    else:
        dtype = np.dtype(("<" if not args.big_endian else ">") + args.dtype)
        if dtype.kind in "iu":
            info = np.iinfo(dtype)
            array = rng.integers(info.min, info.max, size=shape,
                                 endpoint=True).astype(dtype)
            if array.size >= 2:
                array.flat[0], array.flat[1] = info.min, info.max
        else:
            array = floats().astype(dtype)
    if args.fortran:
        array = np.asfortranarray(array)
    np.save(args.path, array, allow_pickle=False)
    if args.truncate:
        with open(args.path, "rb+") as f:
            size = f.seek(0, 2)
            f.truncate(size - args.truncate)


if __name__ == "__main__":
    main()
