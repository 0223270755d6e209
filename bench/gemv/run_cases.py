#!/usr/bin/env python3
"""Runs the GEMV/GEMM benchmark cases (bench/README.md, "Compressed GEMV
against ONNX Runtime"): for each case, interleaved rounds of our kernel
(compress-bench-gemv), the ONNX Runtime peer (bench/peer/ort_gemv.mjs) and
the read_sum bandwidth probe; prints a table and writes bench/results.json.

Called by bench/run.sh, which builds and installs what this needs. Standard
library only; the peer's model generator and export_weights.py run with
/usr/bin/python3 (Debian's numpy and onnx).
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRIVER = os.path.join(ROOT, "build", "bin", "compress-bench-gemv")
PEER = os.path.join(ROOT, "bench", "peer")
CACHE = os.path.join(ROOT, "bench", "gemv", ".cache")
SYSTEM_PYTHON = "/usr/bin/python3"

# Our encoding -> the peer's kind of the same numerics (f32 activations: acc0;
# int8 activations: acc4). ORT has no per-channel MatMulNBits block for any K,
# so int8-channel is compared with 8-bit blocks of 128 (3 % more bytes).
PEER_KIND = {
    ("int4-g128", "a32"): "q4b128a0", ("int4-g128", "a8"): "q4b128a4",
    ("int4-g32", "a32"): "q4b32a0", ("int4-g32", "a8"): "q4b32a4",
    ("int8-channel", "a32"): "q8b128a0", ("int8-channel", "a8"): "q8b128a4",
    ("f32", "a32"): "f32", ("f16", "a32"): "f16",
}
GEMV_SHAPES = [(4096, 4096), (14336, 4096), (4096, 14336)]


def case_list(quick):
    cases = []
    for n, k in GEMV_SHAPES[:1] if quick else GEMV_SHAPES:
        for enc in ("int4-g128", "int4-g32", "int8-channel", "f32", "f16"):
            cases.append((enc, "a32", 1, n, k))
        for enc in ("int4-g128", "int4-g32", "int8-channel"):
            cases.append((enc, "a8", 1, n, k))
    for m in (32, 512):
        for enc in ("int4-g128", "int8-channel"):
            cases.append((enc, "a32", m, 4096, 4096))
            cases.append((enc, "a8", m, 4096, 4096))
    return cases


def case_name(enc, act, m, n, k):
    op = "gemv" if m == 1 else f"gemm M={m}"
    return f"{enc} {act} {op} {n}x{k} cold"


def run_json(cmd, log):
    """Runs `cmd`; returns its last stdout line as JSON, or raises with stderr."""
    log.write("$ " + " ".join(cmd) + "\n")
    log.flush()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    log.write(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise RuntimeError(f"{os.path.basename(cmd[0])} exited {proc.returncode}: "
                           + (proc.stderr.strip().splitlines() or ["(no message)"])[-1])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def make_peer_model(kind, n, k, m, log):
    """The peer's model (made once, cached in bench/peer/.cache): (onnx, meta)."""
    cmd = [SYSTEM_PYTHON, os.path.join(PEER, "make_models.py"), "--kinds", kind,
           "--shapes", f"{n}x{k}", "--m", str(m)]
    log.write("$ " + " ".join(cmd) + "\n")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    model = out.strip().splitlines()[-1]
    stem = model[:-len(".onnx")]
    with open(stem + ".json") as f:
        return model, stem, json.load(f)


def summary(values):
    return statistics.median(values), min(values), max(values)


def run_case(case, args, log):
    enc, act, m, n, k = case
    name = case_name(*case)
    row = {"name": name}
    kind = PEER_KIND[(enc, act)]
    model, stem, meta = make_peer_model(kind, n, k, m, log)
    count = meta["matrices"]
    row["peer"] = meta["peer"]
    row["matrices"] = count
    data = os.path.join(CACHE, f"{enc}_{n}x{k}_c{count}")
    subprocess.run([SYSTEM_PYTHON, os.path.join(ROOT, "bench", "gemv", "export_weights.py"),
                    "--encoding", enc, "--n", str(n), "--k", str(k), "--m", str(m),
                    "--count", str(count), "--out", data], check=True)
    inner = 1 if m >= 512 else args.inner
    ours_cmd = [DRIVER, f"--encoding={enc}", f"--activations={act}", f"--n={n}", f"--k={k}",
                f"--m={m}", f"--count={count}", f"--rounds={inner}", f"--calls={count}",
                f"--peer-data={data}"]
    # int8-channel has the peer's codes but one scale per row: only our
    # own double reference applies to it. With a8 the peer's reference (the
    # exact product) is compared but not held to the tolerance.
    if enc != "int8-channel":
        ours_cmd.append(f"--peer-reference={stem}.ref.npy")
    peer_inner = 1 if m >= 512 else args.inner
    peer_cmd = ["node", os.path.join(PEER, "ort_gemv.mjs"), f"--model={model}",
                f"--rounds={peer_inner}", "--calls=1", "--threads=2"]
    probe_cmd = [DRIVER, "--probe", f"--rounds={args.inner}", "--calls=2"]
    ours, ours4k, peer, probe, probe4k = [], [], [], [], []
    errors = {}
    for _ in range(args.rounds):
        steps = []
        if ours_cmd:
            steps.append(("ours", ours_cmd, ours))
            if m == 1 and not args.no_4k:
                steps.append(("ours_4k", ours_cmd + ["--no-hugepages"], ours4k))
        steps.append(("peer", peer_cmd, peer))
        steps.append(("probe", probe_cmd, probe))
        if not args.no_4k:
            steps.append(("probe_4k", probe_cmd + ["--no-hugepages"], probe4k))
        for key, cmd, into in steps:
            if key in errors:
                continue
            try:
                line = run_json(cmd, log)
            except (RuntimeError, ValueError) as e:
                errors[key] = str(e)
                continue
            into.extend(line["gbps"] if key.startswith("probe") else line["us_per_matrix"])
            if key in ("ours", "ours_4k", "probe", "probe_4k"):
                row.setdefault("anon_huge_pages_mib", {})[key] = line.get("anon_huge_pages_mib")
            if key == "ours":
                row["weight_bytes"] = line["weight_bytes"]
                row["max_rel_error"] = line["max_rel_error"]
                row["peer_ref_rel_error"] = line.get("peer_ref_rel_error")
                if "exact_rel_error" in line:
                    row["exact_rel_error"] = line["exact_rel_error"]
            if key == "peer":
                row["peer_max_rel_error"] = line["max_rel_error"]
                row.setdefault("weight_bytes", line["weight_bytes_per_matrix"])
    if errors:
        row["errors"] = errors
    flops = 2.0 * m * n * k
    if probe:
        row["probe_gbps"], row["probe_min_gbps"], row["probe_max_gbps"] = summary(probe)
    if probe4k:
        row["probe_4k_gbps"] = statistics.median(probe4k)
    if peer:
        row["peer_us"], row["peer_min_us"], row["peer_max_us"] = summary(peer)
    if ours:
        row["ours_us"], row["ours_min_us"], row["ours_max_us"] = summary(ours)
        row["gbps"] = row["weight_bytes"] / row["ours_us"] / 1e3
        if m > 1:
            row["gflops"] = flops / row["ours_us"] / 1e3
        if peer:
            row["ratio"] = row["ours_us"] / row["peer_us"]
        if probe:
            row["bandwidth_fraction"] = row["gbps"] / row["probe_gbps"]
    if ours4k:
        row["ours_4k_us"] = statistics.median(ours4k)
        if probe4k:
            row["bandwidth_fraction_4k"] = row["weight_bytes"] / row["ours_4k_us"] / 1e3 / row["probe_4k_gbps"]
    if peer and m > 1:
        row["peer_gflops"] = flops / row["peer_us"] / 1e3
    row["ours_rounds_us"], row["peer_rounds_us"], row["probe_rounds_gbps"] = ours, peer, probe
    return row


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def print_table(rows, out):
    head = ("case", "ours us (min..max)", "peer", "peer us", "ratio", "GB/s", "bw frac",
            "GFLOP/s ours/peer", "ours 4K us", "probe GB/s THP/4K")
    lines = [head]
    for r in rows:
        ours = (f"{r['ours_us']:.0f} ({r['ours_min_us']:.0f}..{r['ours_max_us']:.0f})"
                if "ours_us" in r else "error")
        probe = f"{fmt(r.get('probe_gbps'), '.1f')}/{fmt(r.get('probe_4k_gbps'), '.1f')}"
        lines.append((r["name"], ours, r["peer"], fmt(r.get("peer_us"), ".0f"),
                      fmt(r.get("ratio"), ".2f"), fmt(r.get("gbps"), ".1f"),
                      fmt(r.get("bandwidth_fraction"), ".2f"),
                      f"{fmt(r.get('gflops'), '.1f')}/{fmt(r.get('peer_gflops'), '.1f')}" if "peer_gflops" in r else "-",
                      fmt(r.get("ours_4k_us"), ".0f"), probe))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    for i, line in enumerate(lines):
        out.write("| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths)) + " |\n")
        if i == 0:
            out.write("|" + "|".join("-" * (w + 2) for w in widths) + "|\n")
    for r in rows:
        for key, message in r.get("errors", {}).items():
            out.write(f"{r['name']}: {key} failed: {message}\n")


def machine():
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            thp = f.read().strip()
    except OSError:
        thp = "unknown"
    return f"{model}, {os.cpu_count()} CPUs, THP {thp}, {platform.node()}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="only 4096x4096 cases, 3 rounds")
    p.add_argument("--rounds", type=int, default=0, help="interleaved rounds (default 5; --quick 3)")
    p.add_argument("--inner", type=int, default=3, help="timed rounds per process")
    p.add_argument("--no-4k", action="store_true", help="skip the 4 KiB-page runs of ours and the probe")
    p.add_argument("--filter", default="", help="only cases whose name contains this")
    p.add_argument("--output", default=os.path.join(ROOT, "bench", "results.json"))
    p.add_argument("--log", default=os.path.join(CACHE, "run.log"))
    args = p.parse_args()
    args.rounds = args.rounds or (3 if args.quick else 5)
    os.makedirs(CACHE, exist_ok=True)
    rows = []
    with open(args.log, "w") as log:
        for case in case_list(args.quick):
            if args.filter not in case_name(*case):
                continue
            sys.stderr.write(f"{case_name(*case)} ...\n")
            rows.append(run_case(case, args, log))
    result = {"machine": machine(),
              "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "rounds": args.rounds, "inner_rounds": args.inner, "threads": 2, "quick": args.quick,
              "cases": rows}
    with open(args.output, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print_table(rows, sys.stdout)
    print(f"wrote {os.path.relpath(args.output, ROOT)} (log: {os.path.relpath(args.log, ROOT)})")
    return 1 if any("errors" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
