#!/usr/bin/env python3
"""compare_npy.py DIR COUNT LIMIT: for i < COUNT, max|DIR/c<i>.npy - DIR/r<i>.npy|
/ max|DIR/r<i>.npy| must be <= LIMIT (and the reference not all zero).
Prints one line per pair and a summary; exits 1 on any failure."""
import sys

import numpy as np

directory, count, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
failed = 0
worst = 0.0
for i in range(count):
    c = np.load(f"{directory}/c{i}.npy").astype(np.float64)
    r = np.load(f"{directory}/r{i}.npy").astype(np.float64)
    scale = np.abs(r).max()
    error = np.abs(c - r).max() / scale if scale > 0 else float("inf")
    worst = max(worst, error)
    ok = c.shape == r.shape and scale > 0 and error <= limit
    failed += not ok
    print(f"{i}: {'ok' if ok else 'error:'} {c.shape} rel {error:.2e}")
print(f"{count - failed} of {count} outputs within {limit:g} (max {worst:.2e})")
sys.exit(1 if failed else 0)
