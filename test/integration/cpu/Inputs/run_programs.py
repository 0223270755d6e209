#!/usr/bin/env python3
# ===- run_programs.py - Run a suite's three programs with compress-run ----===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Runs the programs of a suite (make_model.py's OUTDIR) on their inputs.

Usage: run_programs.py --compress-run PATH [--flag=FLAG ...] [--tag=TAG]
                       OUTDIR [PROGRAM ...]

PROGRAM is original (model.mlir), compressed (compressed.mlir) or reference
(reference.mlir), which run @forward on the inputs of manifest.json, or
decode (decode.mlir, make_decode_program.py), which runs @decode on those of
decode.json; the default is the first three. Result i of PROGRAM is written
to OUTDIR/out/PROGRAM.<i>.npy, or OUTDIR/out/PROGRAM-TAG.<i>.npy with --tag
(a second run of a program under other flags; check_agreement.py
--compressed=PROGRAM-TAG). Each --flag is passed on to every compress-run
(e.g. --flag=--kernels=false; --flag=--device=cuda runs it on the GPU and
--flag=--device=cuda-emulated its kernels on the host, without
--num-threads). Each command is printed before it runs; a
failing compress-run stops the script with its status.
"""
import argparse
import json
import os
import subprocess
import sys
import time

# Program -> (module, the JSON file naming its function, inputs and results).
PROGRAMS = {
    "original": ("model.mlir", "manifest.json"),
    "compressed": ("compressed.mlir", "manifest.json"),
    "reference": ("reference.mlir", "manifest.json"),
    "decode": ("decode.mlir", "decode.json"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--compress-run", required=True)
    parser.add_argument("--flag", action="append", default=[],
                        help="a compress-run option for every run")
    parser.add_argument("--tag", default="",
                        help="results go to out/PROGRAM-TAG.<i>.npy")
    parser.add_argument("outdir")
    parser.add_argument("programs", nargs="*",
                        default=["original", "compressed", "reference"])
    args = parser.parse_args()
    for program in args.programs:
        if program not in PROGRAMS:
            parser.error("unknown program '%s'; expected one of %s"
                         % (program, ", ".join(PROGRAMS)))
    os.makedirs(os.path.join(args.outdir, "out"), exist_ok=True)
    for program in args.programs:
        module, description = PROGRAMS[program]
        with open(os.path.join(args.outdir, description)) as f:
            manifest = json.load(f)
        command = [args.compress_run, os.path.join(args.outdir, module),
                   "--function=" + manifest["function"]]
        # Two CPU threads, unless the program runs on the GPU.
        if not any(flag.startswith("--device=cuda") for flag in args.flag):
            command.append("--num-threads=2")
        command += args.flag
        tagged = program + ("-" + args.tag if args.tag else "")
        command += ["--input=@" + os.path.join(args.outdir, name)
                    for name in manifest["inputs"]]
        command += ["--output=@" + os.path.join(args.outdir, "out", "%s.%d.npy" % (tagged, i))
                    for i in range(len(manifest["results"]))]
        print(" ".join(command[:4] + args.flag), "...", flush=True)
        start = time.time()
        status = subprocess.call(command)
        if status != 0:
            print("%s: compress-run failed with status %d" % (tagged, status), flush=True)
            sys.exit(status)
        print("%s: %d results in %.1f s" % (tagged, len(manifest["results"]),
                                            time.time() - start), flush=True)


if __name__ == "__main__":
    main()
