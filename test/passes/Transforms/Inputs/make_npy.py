#!/usr/bin/env python3
# ===- make_npy.py - Write a small .npy calibration file -------------------===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Writes a NumPy .npy file (format 1.0, C order) without NumPy.

Usage: make_npy.py PATH SHAPE DTYPE [OFFSET | nan]
  SHAPE   dimensions joined by 'x' (2x3x8)
  DTYPE   f4 (float32) or f8 (float64), little-endian
  OFFSET  an integer that shifts the values (default 0); `nan` makes the
          last value a NaN

Element i is ((i * 37 + OFFSET * 101) % 41 - 20) / 8, a value in [-2.5, 2.5]
exact in float32, so that the values are the same whatever the dtype.
"""
import struct
import sys


def write_npy(path, shape, dtype, values):
    descr = {"f4": "<f4", "f8": "<f8"}[dtype]
    shape_text = "(" + "".join(f"{d}, " for d in shape).rstrip(" ") + ")"
    if len(shape) > 1:
        shape_text = "(" + ", ".join(str(d) for d in shape) + ")"
    header = ("{'descr': '%s', 'fortran_order': False, 'shape': %s, }"
              % (descr, shape_text))
    # The header, its newline and the 10-byte preamble fill 64-byte units.
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    code = {"f4": "f", "f8": "d"}[dtype]
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack("<%d%s" % (len(values), code), *values))


def main(argv):
    if len(argv) not in (4, 5):
        sys.exit(__doc__)
    shape = [int(d) for d in argv[2].split("x")]
    nan = len(argv) == 5 and argv[4] == "nan"
    offset = int(argv[4]) if len(argv) == 5 and not nan else 0
    count = 1
    for d in shape:
        count *= d
    values = [((i * 37 + offset * 101) % 41 - 20) / 8 for i in range(count)]
    if nan:
        values[-1] = float("nan")
    write_npy(argv[1], shape, argv[3], values)


if __name__ == "__main__":
    main(sys.argv)
