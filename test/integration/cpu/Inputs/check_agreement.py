#!/usr/bin/env python3
# ===- check_agreement.py - Compressed vs reference vs original ------------===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Checks the outputs of a suite's three programs (run_programs.py) against
each other and against compress-apply-policy's report.

Usage: check_agreement.py [--compressed=NAME] OUTDIR

C is the compressed program's outputs (out/compressed.<i>.npy), or with
--compressed those of another run of it (out/NAME.<i>.npy: run_programs.py
--tag, e.g. compressed-portable under other compress-run flags).

For every layer of OUTDIR/manifest.json, with C, R and O the layer's outputs
of the compressed, reference (compress-decompress) and original programs, as
float64:

1. The report names the layer with the manifest's encoding (the rule text)
   and consumer, and its activations: "int8 per block of B" for a rule with
   `activations: int8` (B = 128) or `int8-b<B>`, "f32" otherwise.

2. Compressed and reference agree to float rounding:
       ||C - R||_F <= 1e-5 * ||R||_F   and   max |C - R| <= 1e-5 * max |R|
   (both exact when R is all zero). The two programs decode the same stored
   values; only the order of the f32 sums may differ.

3. Where the manifest says so (compare_report), the measured output error
   equals the report's output_rel_error:
       measured = ||C' - O'||_F / ||O'||_F
       |measured - reported| <= 1e-3 * reported
   where C', O' are C, O summed over the layer's sum_axes (the report treats
   a batch_matmul weight as N x (B * K), so its outputs are the sums over the
   batch). The report measures the dequantized values rounded to the weight's
   element type, as both programs use them, so f16 and bf16 weights get the
   same tolerance as f32 ones. With int8 activations the report's error is
   that of the fake-quantized calibration inputs (docs/report.md), which the
   compressed program's quantization must reproduce.

Prints one line per output and a summary; exits with status 1, naming each
failing layer, if any check fails.
"""
import argparse
import json
import os
import sys

import numpy as np

AGREEMENT = 1e-5
REPORT_RELATIVE = 1e-3


def load(path, result_type):
    if not os.path.exists(path):
        sys.exit("error: %s does not exist (run run_programs.py first)" % path)
    array = np.load(path)
    if result_type.endswith("xbf16>"):
        array = (array.astype(np.uint32) << 16).view(np.float32)
    return array.astype(np.float64)


def relative(a, b):
    """||a - b|| / ||b||, 0 if both are zero, inf if only b is."""
    diff, norm = np.linalg.norm(a - b), np.linalg.norm(b)
    if norm == 0:
        return 0.0 if diff == 0 else np.inf
    return diff / norm


def expected_activations(rule):
    """The report's `activations` for the rule's `activations` key."""
    if rule is None or rule == "f32":
        return "f32"
    if rule == "int8":
        return "int8 per block of 128"
    return "int8 per block of %d" % int(rule[len("int8-b"):])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--compressed", default="compressed",
                        help="the outputs to check as the compressed program's")
    parser.add_argument("outdir")
    args = parser.parse_args()
    outdir = args.outdir
    with open(os.path.join(outdir, "manifest.json")) as f:
        manifest = json.load(f)
    with open(os.path.join(outdir, "report.json")) as f:
        report = {layer["name"]: layer for layer in json.load(f)["layers"]}

    failures = []
    worst_agreement = 0.0
    worst_report = {}  # weight type -> max |measured - reported| / reported
    outputs = reports = 0
    for layer in manifest["layers"]:
        name = layer["name"]
        entry = report.get(name)
        if entry is None:
            failures.append("%s: not in the report" % name)
            continue
        if entry["rule"] != layer["encoding"] or entry["consumer"] != layer["consumer"]:
            failures.append("%s: the report says rule '%s', consumer '%s'; expected '%s', '%s'"
                            % (name, entry["rule"], entry["consumer"], layer["encoding"],
                               layer["consumer"]))
        activations = expected_activations(layer.get("activations"))
        if entry.get("activations") != activations:
            failures.append("%s: the report says activations '%s'; expected '%s'"
                            % (name, entry.get("activations"), activations))
        for output in layer["outputs"]:
            i = output["result"]
            result_type = manifest["results"][i]

            def out(program):
                return load(os.path.join(outdir, "out", "%s.%d.npy" % (program, i)),
                            result_type)

            c, r, o = out(args.compressed), out("reference"), out("original")
            outputs += 1
            rel = relative(c, r)
            peak = np.max(np.abs(r))
            max_diff = np.max(np.abs(c - r))
            agreement = max(rel, max_diff / peak if peak else (0.0 if max_diff == 0 else np.inf))
            worst_agreement = max(worst_agreement, agreement)
            line = "%s #%d %s %s%s: compressed vs reference %.2e" % (
                name, i, layer["kind"], layer["encoding"],
                "" if activations == "f32" else " (activations %s)" % activations,
                agreement)
            if not (rel <= AGREEMENT and max_diff <= AGREEMENT * peak):
                failures.append("%s #%d: compressed and reference differ: relative %.3g, "
                                "max |diff| %.3g with max |reference| %.3g"
                                % (name, i, rel, max_diff, peak))
            if output["compare_report"]:
                reports += 1
                axes = tuple(output["sum_axes"])
                measured = relative(c.sum(axis=axes), o.sum(axis=axes))
                reported = entry["output_rel_error"]
                bound = 0.0
                diff = abs(measured - reported)
                key = "f32" if layer["weight_elem"] == "f32" else "f16/bf16"
                worst_report[key] = max(worst_report.get(key, 0.0),
                                        diff / reported if reported else diff)
                line += "; output error %.6g, report %.6g (bound %.2g)" % (
                    measured, reported, REPORT_RELATIVE * reported + bound)
                if reported is None or not diff <= REPORT_RELATIVE * reported + bound:
                    failures.append("%s #%d: measured output error %.6g, the report says %s"
                                    % (name, i, measured, reported))
            print(line)

    if manifest.get("original_note"):
        print("note: " + manifest["original_note"])
    print("%s%s: %d layers, %d outputs: compressed vs reference max %.2e (limit %g); "
          "%d output errors as reported, max relative difference %s"
          % (manifest["suite"],
             "" if args.compressed == "compressed" else " (%s)" % args.compressed,
             len(manifest["layers"]), outputs, worst_agreement,
             AGREEMENT, reports,
             ", ".join("%.2e (%s weights)" % (v, k) for k, v in sorted(worst_report.items()))))
    for failure in failures:
        print("error: " + failure)
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)


def read_blob(path, name, elem):
    """The dense weight `name` of the reference program (a dense_resource
    blob of `path`, after its 4-byte alignment) as float32 (exact for f16
    and bf16)."""
    prefix = "      %s: \"0x" % name
    with open(path) as f:
        for line in f:
            if line.startswith(prefix):
                data = bytes.fromhex(line[len(prefix):].strip().rstrip(",").rstrip('"'))[4:]
                if elem == "f32":
                    return np.frombuffer(data, dtype=np.float32).copy()
                if elem == "f16":
                    return np.frombuffer(data, dtype=np.float16).astype(np.float32)
                bits = np.frombuffer(data, dtype=np.uint16).astype(np.uint32) << 16
                return bits.view(np.float32)
    sys.exit("error: no blob '%s' in %s" % (name, path))


if __name__ == "__main__":
    main()
