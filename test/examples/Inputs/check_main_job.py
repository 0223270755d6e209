#!/usr/bin/env python3
"""Checks the figures that examples/stories260K/run_example.py printed.

    check_main_job.py OUTPUT WORK_DIR

Independently of the driver (NumPy instead of its pure-Python math, the NumPy
reference model instead of the compiled one where it can):
- the dense model's 32 greedy tokens equal those of
  examples/stories260K/reference.py (float64 NumPy forward pass);
- the agreement and the mean KL equal what NumPy computes from logits that
  compress-run writes for the same 128 tokens (dense.mlir, compressed.mlir);
- the model bytes equal the storage the report counts plus the weights it
  left dense.
Exits 1 with a message on the first mismatch; prints one line per check.
"""
import json
import os
import re
import subprocess
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "examples", "stories260K"))
import reference  # noqa: E402


def fail(message):
    sys.exit(f"check_main_job: error: {message}")


def main():
    output_path, work = sys.argv[1], sys.argv[2]
    compress_run = sys.argv[3]
    text = open(output_path).read()

    def find(pattern):
        match = re.search(pattern, text)
        if not match:
            fail(f"no line matches {pattern!r}")
        return match

    cfg, weights = reference.load(
        os.path.join(ROOT, "examples", "stories260K", "stories260K.bin"))
    tokens = [1]
    for _ in range(32):
        logits = reference.forward(cfg, weights, np.array(tokens))
        tokens.append(int(np.argmax(logits[-1])))
    printed = [int(t) for t in
               find(r"32 greedy tokens, dense: +([0-9 ]+)\n").group(1).split()]
    if printed != tokens[1:]:
        fail(f"dense greedy tokens {printed} != reference {tokens[1:]}")
    print("dense greedy tokens: equal to the NumPy reference")

    eval_tokens = [int(t) for line in open(os.path.join(
        ROOT, "examples", "stories260K", "eval-tokens.txt"))
        if not line.startswith("#") for t in line.split()]
    np.save(os.path.join(work, "eval.npy"), np.array(eval_tokens, np.int64))
    logits = {}
    for name in ("dense", "compressed"):
        out = os.path.join(work, f"{name}.logits.npy")
        subprocess.run([compress_run, os.path.join(work, f"{name}.mlir"),
                        "--function=forward",
                        "--input=@" + os.path.join(work, "eval.npy"),
                        "--output=@" + out], check=True)
        logits[name] = np.load(out).astype(np.float64)
    agreement = np.mean(np.argmax(logits["dense"], 1) ==
                        np.argmax(logits["compressed"], 1)) * 100

    def log_softmax(x):
        x = x - x.max(1, keepdims=True)
        return x - np.log(np.exp(x).sum(1, keepdims=True))

    log_p, log_q = log_softmax(logits["dense"]), log_softmax(logits["compressed"])
    kl = np.mean(np.sum(np.exp(log_p) * (log_p - log_q), 1))
    printed_agreement = float(find(r"top-1 agreement .*: ([0-9.]+) %").group(1))
    printed_kl = float(find(r"mean KL.*: ([0-9.]+) nats").group(1))
    if abs(printed_agreement - agreement) > 0.05:
        fail(f"agreement {printed_agreement} % != NumPy's {agreement:.2f} %")
    if abs(printed_kl - kl) > 1e-4 * max(1.0, kl):
        fail(f"mean KL {printed_kl} != NumPy's {kl:.6f}")
    print(f"agreement and KL: equal to NumPy's ({agreement:.1f} %, {kl:.4f})")

    report = json.load(open(os.path.join(work, "report.json")))
    dense_bytes = 4 * (weights["rms_att"].size + weights["rms_ffn"].size +
                       weights["rms_final"].size)
    expected_compressed = report["total"]["bytes_compressed"] + dense_bytes
    expected_dense = report["total"]["bytes_dense"] + dense_bytes
    match = find(r"model bytes +dense ([0-9,]+) +compressed ([0-9,]+)")
    got = [int(match.group(i).replace(",", "")) for i in (1, 2)]
    if got != [expected_dense, expected_compressed]:
        fail(f"model bytes {got} != report + norms {[expected_dense, expected_compressed]}")
    print(f"model bytes: the report's totals plus {dense_bytes} bytes of norms")


if __name__ == "__main__":
    main()
