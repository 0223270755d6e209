#!/usr/bin/env python3
# ===- check_decode.py - Kernel-decoded weights vs the reference decoder ---===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Checks that the compiled kernels decode every weight of a suite exactly as
the reference decoder does.

Usage: check_decode.py OUTDIR

Compares each result of the decode program (make_decode_program.py, run by
run_programs.py as OUTDIR/out/decode.<i>.npy) with the weight's dense blob
in OUTDIR/reference.mlir (compress-decompress: the reference decoder's
values rounded to the weight's type):

  compress.decode, compress.gather   the same bits (f16 and bf16 widened
                                     to f32 exactly: sign of zero included)
  compress.matmul (identity lhs)     the same values (1 * w plus zeros:
                                     exact, but a -0.0 weight sums to +0.0)

Prints one line per path and exits with status 1, naming each weight that
differs, the number of differing elements and the first of them.
"""
import json
import os
import sys

import numpy as np

from check_agreement import read_blob


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_decode.py OUTDIR")
    outdir = sys.argv[1]
    with open(os.path.join(outdir, "decode.json")) as f:
        decode = json.load(f)
    with open(os.path.join(outdir, "manifest.json")) as f:
        layers = {layer["name"]: layer for layer in json.load(f)["layers"]}
    reference = os.path.join(outdir, "reference.mlir")
    counts, failures = {}, []
    for check in decode["checks"]:
        name, path = check["layer"], check["path"]
        elem = layers[name]["weight_elem"]
        result_type = decode["results"][check["result"]]
        got = np.load(os.path.join(outdir, "out", "decode.%d.npy" % check["result"]))
        if result_type.endswith("xbf16>"):
            got = (got.astype(np.uint32) << 16).view(np.float32)
        got = got.astype(np.float32)
        if check["transpose"]:
            got = np.swapaxes(got, *check["transpose"])
        want = read_blob(reference, name, elem).reshape(got.shape)
        if path == "compress.matmul (identity lhs)":
            differs = got != want
        else:
            differs = got.view(np.uint32) != want.view(np.uint32)
        counts[path] = counts.get(path, 0) + 1
        if differs.any():
            first = tuple(int(i) for i in np.argwhere(differs)[0])
            failures.append("%s via %s: %d of %d elements differ, first at %s: %r, the "
                            "reference decoder says %r" % (name, path, differs.sum(),
                                                           differs.size, first, got[first],
                                                           want[first]))
    for path, count in sorted(counts.items()):
        print("%s: %d weights" % (path, count))
    for failure in failures:
        print("error: " + failure)
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("every weight decoded as the reference decoder does")


if __name__ == "__main__":
    main()
