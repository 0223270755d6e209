#!/usr/bin/env python3
# ===- check_print.py - Compare printed results with NumPy's printing -----===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Checks what compress-run printed for its results against NumPy.

Usage: check_print.py OUTPUT.txt EXPRESSION... [--bind NAME=FILE.npy]...

OUTPUT.txt holds compress-run's printed results; the Nth EXPRESSION (NumPy,
with `np` and every bound NAME) gives the expected Nth result. Each must be
printed as "result #N: SHAPExTYPE" followed by exactly
numpy.array2string(value, separator=', ') (NumPy's defaults: threshold 1000,
3 edge items, 75 columns), which is how compress-run prints integers.

Prints "ok: N results" or exits with 1 naming the first difference.
"""
import argparse
import sys

import numpy as np

TYPES = {"int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("expressions", nargs="+")
    parser.add_argument("--bind", action="append", default=[])
    args = parser.parse_args()

    names = {"np": np}
    for binding in args.bind:
        name, path = binding.split("=", 1)
        names[name] = np.load(path)
    expected = []
    for i, expression in enumerate(args.expressions):
        value = np.asarray(eval(expression, names))
        shape = "".join("%dx" % d for d in value.shape)
        expected.append("result #%d: %s%s" % (i, shape, TYPES[str(value.dtype)]))
        expected.extend(np.array2string(value, separator=", ").split("\n"))
    with open(args.output) as f:
        got = f.read().rstrip("\n").split("\n")
    for line, (want, have) in enumerate(zip(expected, got), 1):
        if want != have:
            sys.exit("%s:%d: got\n%s\nexpected\n%s" % (args.output, line, have,
                                                      want))
    if len(got) != len(expected):
        sys.exit("%s: %d lines, expected %d" % (args.output, len(got),
                                                len(expected)))
    print("ok: %d results" % len(args.expressions))


if __name__ == "__main__":
    main()
