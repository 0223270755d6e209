#!/usr/bin/env python3
# ===- run_gpu.py - Compressed GEMV/GEMM on the GPU against its peers -----===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Issue 8's GPU benchmarks (bench/README.md, "GPU").

For each layer shape (N x K) and each row count M, it:
1. writes one nn.Linear layer per variant (x[M, K], W[N, K] in a
   dense_resource blob, standard normal times 0.02, numpy seed 7, of the
   variant's element type) and a policy putting W at the variant's
   encoding, with int8 activations for the W4A8/W8A8 variants:
     f16:int4-g128         f16 weights and activations (f16 tensor cores);
     f32:int4-g128:a8      W4A8 (s8 tensor cores, dp4a for few rows);
     f32:int8-channel:a8   W8A8;
2. compresses it (compress-opt --compress-apply-policy; report.json gives
   the compressed bytes);
3. runs it with compress-run --device=cuda --benchmark=REPS and
   COMPRESS_GPU_KERNEL_TIMES=1, and takes the mean device time of the
   kernel with the largest total (the fused decode-matmul; the sum over
   every kernel, activation reshuffles included, is kept too);
4. runs compress-bench-gpu-peer for the device-to-device copy bandwidth and
   cuBLAS f16 at the same M, N, K.

It prints a table and writes bench/results/gpu-<date>.json:
  * GEMV (M = 1, 16): compressed weight bytes per second over the copy's
    traffic per second (target >= 0.80), and cuBLAS f16's time over ours
    (target >= 3 at M = 1, >= 1 at M = 16);
  * prefill (M = 512): TFLOP/s, ours and cuBLAS f16's.

--dry-run checks the harness without a GPU: small shapes, the kernels run
through --device=cuda-emulated (no times) and no peer.

Usage: run_gpu.py [--build build] [--reps 50] [--shapes 4096x4096,14336x4096]
                  [--rows 1,16,512] [--variants f16:int4-g128,...]
                  [--dir DIR] [--dry-run]
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIME_ROW = re.compile(r"^  (.*): (\d+), ([0-9.]+), ([0-9.]+), ([0-9.]+), ([0-9.]+)$")


VARIANTS = "f16:int4-g128,f32:int4-g128:a8,f32:int8-channel:a8"


def parse_variant(text):
    """'elem:encoding[:a8]' as (elem, encoding, activations or None)."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or parts[0] not in ("f16", "f32") or (
            len(parts) == 3 and parts[2] != "a8"):
        sys.exit("run_gpu.py: a variant is f16|f32:<encoding>[:a8], not '%s'"
                 % text)
    return parts[0], parts[1], "int8" if len(parts) == 3 else None


def write_layer(directory, m, n, k, elem="f16", encoding="int4-g128",
                activations=None):
    """model.mlir, policy.yaml and x.npy of one nn.Linear layer."""
    dtype = np.float16 if elem == "f16" else np.float32
    rng = np.random.default_rng(7)
    w = (rng.standard_normal((n, k)) * 0.02).astype(dtype)
    x = rng.standard_normal((m, k)).astype(dtype)
    np.save(os.path.join(directory, "x.npy"), x)
    alignment = np.dtype(dtype).itemsize
    blob = (np.array([alignment], dtype="<u4").tobytes()
            + w.tobytes()).hex().upper()
    xt, wt, yt = ("tensor<%dx%dx%s>" % (m, k, elem),
                  "tensor<%dx%dx%s>" % (n, k, elem),
                  "tensor<%dx%dxf32>" % (m, n))
    with open(os.path.join(directory, "model.mlir"), "w") as f:
        f.write(
            "func.func @forward(%%x: %s) -> %s {\n"
            "  %%zero = arith.constant 0.0 : f32\n"
            "  %%w = arith.constant dense_resource<bench.w> : %s\n"
            "  %%e = tensor.empty() : %s\n"
            "  %%init = linalg.fill ins(%%zero : f32) outs(%%e : %s) -> %s\n"
            "  %%y = linalg.matmul indexing_maps = ["
            "affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, "
            "affine_map<(m, n, k) -> (m, n)>] ins(%%x, %%w : %s, %s) "
            "outs(%%init : %s) -> %s\n"
            "  return %%y : %s\n}\n"
            "{-#\n  dialect_resources: {\n    builtin: {\n"
            "      bench.w: \"0x%s\"\n    }\n  }\n#-}\n"
            % (xt, yt, wt, yt, yt, yt, xt, wt, yt, yt, yt, blob))
    with open(os.path.join(directory, "policy.yaml"), "w") as f:
        f.write('version: 1\nrules:\n  - match: "bench.w"\n'
                '    encoding: "%s"\n' % encoding)
        if activations:
            f.write('    activations: "%s"\n' % activations)


def run(command, env=None):
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit("run_gpu.py: %s failed:\n%s%s" % (
            " ".join(command), result.stdout, result.stderr))
    return result


def kernel_time(stderr):
    """The kernel with the largest total (the fused decode-matmul), its mean
    microseconds, and the sum of every kernel's mean (a call's device
    time, activation reshuffles and fills included)."""
    rows = [TIME_ROW.match(line) for line in stderr.splitlines()]
    rows = [r for r in rows if r]
    if not rows:
        sys.exit("run_gpu.py: no kernel times in compress-run's output:\n" + stderr)
    best = max(rows, key=lambda r: float(r.group(3)))
    return (best.group(1), float(best.group(4)),
            sum(float(r.group(4)) for r in rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--shapes", default="4096x4096,14336x4096")
    parser.add_argument("--rows", default="1,16,512")
    parser.add_argument("--variants", default=VARIANTS)
    parser.add_argument("--dir")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    if args.dry_run:
        args.shapes, args.rows, args.reps = "64x256", "1,16,40", 1
    shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]
    rows = [int(v) for v in args.rows.split(",")]
    variants = [parse_variant(v) for v in args.variants.split(",")]
    bin_dir = os.path.join(args.build, "bin")
    work = args.dir or tempfile.mkdtemp(prefix="compress-bench-gpu-")
    results = {"date": datetime.date.today().isoformat(), "cases": []}

    for n, k in shapes:
        peers = {}
        if not args.dry_run:
            out = run([os.path.join(bin_dir, "compress-bench-gpu-peer"),
                       "--m", ",".join(map(str, rows)), "--n", str(n),
                       "--k", str(k), "--reps", str(args.reps)]).stdout
            for line in out.splitlines():
                record = json.loads(line)
                if record.get("peer") == "copy":
                    peers["copy"] = record
                elif record.get("peer") == "cublas-f16":
                    peers[record["m"]] = record
                else:
                    results["device"] = record
        for (elem, encoding, activations), m in (
                (variant, m) for variant in variants for m in rows):
            directory = os.path.join(work, "%s-%s%s-%dx%dx%d" % (
                elem, encoding, "-a8" if activations else "", m, n, k))
            os.makedirs(directory, exist_ok=True)
            write_layer(directory, m, n, k, elem, encoding, activations)
            run([os.path.join(bin_dir, "compress-opt"),
                 os.path.join(directory, "model.mlir"),
                 "--compress-apply-policy=policy=%s report=%s" % (
                     os.path.join(directory, "policy.yaml"),
                     os.path.join(directory, "report.json")),
                 "-o", os.path.join(directory, "compressed.mlir")])
            with open(os.path.join(directory, "report.json")) as f:
                weight_bytes = json.load(f)["layers"][0]["bytes_compressed"]
            env = dict(os.environ, COMPRESS_GPU_KERNEL_TIMES="1")
            device = "cuda-emulated" if args.dry_run else "cuda"
            out = run([os.path.join(bin_dir, "compress-run"),
                       os.path.join(directory, "compressed.mlir"),
                       "--device=" + device,
                       "--input=@" + os.path.join(directory, "x.npy"),
                       "--benchmark=%d" % args.reps], env=env)
            case = {"m": m, "n": n, "k": k, "elem": elem,
                    "encoding": encoding, "activations": activations or elem,
                    "weight_bytes": weight_bytes}
            if not args.dry_run:
                kernel, micros, call_micros = kernel_time(out.stderr)
                copy = peers["copy"]
                cublas = peers[m]
                case.update({
                    "kernel": kernel, "us": micros,
                    "all_kernels_us": call_micros,
                    "weight_gb_per_s": weight_bytes / micros * 1e-3,
                    "of_copy_traffic": weight_bytes / micros * 1e-3
                                       / copy["traffic_gb_per_s"],
                    "tflop_per_s": 2.0 * m * n * k / micros * 1e-6,
                    "cublas_f16_us": cublas["us"],
                    "speedup_over_cublas_f16": cublas["us"] / micros,
                    "cublas_f16_tflop_per_s": cublas["tflop_per_s"]})
            results["cases"].append(case)
            print(json.dumps(case), flush=True)

    if args.dry_run:
        print("dry run: %d cases compiled and run on the host (%s)" % (
            len(results["cases"]), work))
        return
    path = os.path.join(ROOT, "bench", "results",
                        "gpu-%s.json" % results["date"])
    with open(path, "w") as f:
        json.dump(results, f, indent=1)
    print("| weights | activations | M | N x K | ours us | GB/s | of copy | cuBLAS f16 us | speedup | TFLOP/s ours / cuBLAS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for c in results["cases"]:
        print("| %s %s | %s | %d | %dx%d | %.1f | %.0f | %.2f | %.1f | %.2f | %.1f / %.1f |" % (
            c["elem"], c["encoding"], c["activations"],
            c["m"], c["n"], c["k"], c["us"], c["weight_gb_per_s"],
            c["of_copy_traffic"], c["cublas_f16_us"],
            c["speedup_over_cublas_f16"], c["tflop_per_s"],
            c["cublas_f16_tflop_per_s"]))
    print("written: " + path)


if __name__ == "__main__":
    main()
