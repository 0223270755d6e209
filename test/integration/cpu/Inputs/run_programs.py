#!/usr/bin/env python3
# ===- run_programs.py - Run a suite's three programs with compress-run ----===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Runs @forward of the original, compressed and reference programs of a
suite (make_model.py's OUTDIR) on the suite's inputs.

Usage: run_programs.py --compress-run PATH OUTDIR [PROGRAM ...]

PROGRAM is original (model.mlir), compressed (compressed.mlir) or reference
(reference.mlir); the default is all three. Result i of PROGRAM is written to
OUTDIR/out/PROGRAM.<i>.npy. Each command is printed before it runs; a
failing compress-run stops the script with its status.
"""
import argparse
import json
import os
import subprocess
import sys
import time

PROGRAMS = {
    "original": "model.mlir",
    "compressed": "compressed.mlir",
    "reference": "reference.mlir",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--compress-run", required=True)
    parser.add_argument("outdir")
    parser.add_argument("programs", nargs="*", default=list(PROGRAMS))
    args = parser.parse_args()
    with open(os.path.join(args.outdir, "manifest.json")) as f:
        manifest = json.load(f)
    os.makedirs(os.path.join(args.outdir, "out"), exist_ok=True)
    for program in args.programs:
        command = [args.compress_run, os.path.join(args.outdir, PROGRAMS[program]),
                   "--function=" + manifest["function"], "--num-threads=2"]
        command += ["--input=@" + os.path.join(args.outdir, name)
                    for name in manifest["inputs"]]
        command += ["--output=@" + os.path.join(args.outdir, "out", "%s.%d.npy" % (program, i))
                    for i in range(len(manifest["results"]))]
        print(" ".join(command[:4]), "...", flush=True)
        start = time.time()
        status = subprocess.call(command)
        if status != 0:
            print("%s: compress-run failed with status %d" % (program, status), flush=True)
            sys.exit(status)
        print("%s: %d results in %.1f s" % (program, len(manifest["results"]),
                                            time.time() - start), flush=True)


if __name__ == "__main__":
    main()
