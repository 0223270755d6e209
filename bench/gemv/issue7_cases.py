#!/usr/bin/env python3
"""Issue 7's speed cases (bench/README.md, "Issue 7 cases"): sparse, low-rank
and LUT weights side by side with the dense f16 and int4-g128 kernels of the
same run, at decode (M = 1), cold, in interleaved rounds of
compress-bench-gemv. Prints a table and writes bench/results/issue7-gemv.json.

    ninja -C build compress-bench-gemv && bench/gemv/issue7_cases.py --rounds 3

Standard library only.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRIVER = os.path.join(ROOT, "build", "bin", "compress-bench-gemv")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_cases import machine, run_json, summary  # noqa: E402

# The cases: a name, then compress-bench-gemv's --encoding and any further
# arguments. "lowrank-512-f16@f16" is the same preset in an f16 tensor
# (--element-type=f16), which compress.matmul also multiplies through its
# factors.
CASES = ["f16", "2:4-f16", "lowrank-512-f16", "lowrank-512-f16@f16", "int4-g128",
         "2:4+int4-g128", "lut4-channel"]
# (case, baseline, target, how the target reads): the speedup is
# baseline us / case us.
TARGETS = [
    ("2:4-f16", "f16", 1.5, ">= 1.5x faster"),
    ("2:4+int4-g128", "int4-g128", 1.0, "faster"),
    ("lowrank-512-f16", "f16", 3.0, ">= 3x faster"),
    ("lowrank-512-f16@f16", "f16", 3.0, ">= 3x faster"),
    ("lut4-channel", "int4-g128", 1 / 1.15, "within 15 %"),
]


def case_arguments(case):
    """compress-bench-gemv's arguments for `case` ("<encoding>[@<element type>]")."""
    encoding, _, element = case.partition("@")
    return [f"--encoding={encoding}"] + ([f"--element-type={element}"] if element else [])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    p.add_argument("--inner", type=int, default=3, help="timed rounds per process")
    p.add_argument("--n", type=int, default=4096)
    p.add_argument("--k", type=int, default=4096)
    p.add_argument("--output", default=os.path.join(ROOT, "bench", "results", "issue7-gemv.json"))
    p.add_argument("--log", default=os.path.join(ROOT, "bench", "gemv", ".cache", "issue7.log"))
    args = p.parse_args()
    os.makedirs(os.path.dirname(args.log), exist_ok=True)
    samples = {enc: [] for enc in CASES}
    rows = {enc: {"encoding": enc} for enc in CASES}
    with open(args.log, "w") as log:
        for r in range(args.rounds):
            for enc in CASES:
                sys.stderr.write(f"round {r + 1}/{args.rounds}: {enc} ...\n")
                # --count=0: cold, at least 8x a 32 MiB L3 in all (the peer's rule).
                line = run_json([DRIVER] + case_arguments(enc) + [f"--n={args.n}", f"--k={args.k}",
                                                                  "--m=1", "--count=0", f"--rounds={args.inner}"], log)
                samples[enc].extend(line["us_per_matrix"])
                for key in ("ours", "weight_bytes", "matrices", "max_rel_error",
                            "weight_rel_error", "method"):
                    if key in line:
                        rows[enc][key] = line[key]
                if "encoding" in line:  # a preset's resolved attribute
                    rows[enc]["attribute"] = line["encoding"]
    for enc in CASES:
        rows[enc]["us"], rows[enc]["min_us"], rows[enc]["max_us"] = summary(samples[enc])
        rows[enc]["samples_us"] = samples[enc]
    targets = []
    for enc, base, target, text in TARGETS:
        speedup = rows[base]["us"] / rows[enc]["us"]
        targets.append({"case": enc, "baseline": base, "speedup": speedup, "target": text,
                        "met": speedup >= target})

    out = sys.stdout
    out.write("| case | us (min..max) | weight bytes | matrices | max_rel_error | weight_rel_error |\n")
    out.write("|---|---|---|---|---|---|\n")
    for enc in CASES:
        row = rows[enc]
        rel = row.get("weight_rel_error")
        out.write(f"| {row['ours']} | {row['us']:.0f} ({row['min_us']:.0f}..{row['max_us']:.0f}) "
                  f"| {row['weight_bytes']} | {row['matrices']} | {row['max_rel_error']:.1e} "
                  f"| {'-' if rel is None else format(rel, '.3f')} |\n")
    out.write("\n| case | baseline | speedup (baseline us / case us) | target | met |\n")
    out.write("|---|---|---|---|---|\n")
    for t in targets:
        out.write(f"| {t['case']} | {t['baseline']} | {t['speedup']:.2f}x | {t['target']} "
                  f"| {'yes' if t['met'] else 'no'} |\n")
    result = {"machine": machine(),
              "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "rounds": args.rounds, "inner_rounds": args.inner, "threads": 2,
              "n": args.n, "k": args.k, "cases": [rows[enc] for enc in CASES], "targets": targets}
    with open(args.output, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    out.write(f"wrote {os.path.relpath(args.output, ROOT)} (log: {os.path.relpath(args.log, ROOT)})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
