#!/usr/bin/env python3
"""Checks and summary for bench/apply-policy-scale.sh (no third-party modules).

  scale_check.py small DENSE.mlir COMPRESSED.mlir REPORT.json
      Decodes every int4-g128 weight of COMPRESSED.mlir independently of the
      pass (signed nibbles, low nibble first; f16 scales, one per 128 inputs
      of an output row: W[out, in], block [1, 128]), checks that every code is
      the rounded quotient w / s (|w / s - code| <= 0.5 + 1e-6, code in
      [-8, 7]) and that ||W - decode||_F / ||W||_F equals the report's
      weight_rel_error (to 1e-9 relative).
  scale_check.py report REPORT.json LAYERS ROWS COLS
      Checks the report of the large run: LAYERS layers of ROWSxCOLS, each
      4.125 bits per weight, bytes as int4-g128 says, compress.matmul consumers
      and a weight_rel_error in [0.05, 0.15] (normal-ish data with int4 g128).
  scale_check.py summary KEY=VALUE... OUT.json
      Prints the table and writes the JSON result.
"""

import json
import math
import re
import struct
import sys


def resources(path):
    """The hex blobs of the dialect_resources section: name -> bytes."""
    text = open(path).read()
    blobs = {}
    for name, hexdata in re.findall(r'^\s*([\w.]+): "0x([0-9A-Fa-f]*)"',
                                    text, re.M):
        raw = bytes.fromhex(hexdata)
        blobs[name] = raw[4:]  # the first 4 bytes hold the alignment
    return blobs


def fail(message):
    print("CHECK FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def check_small(dense_path, compressed_path, report_path):
    dense = resources(dense_path)
    comp = resources(compressed_path)
    text = open(compressed_path).read()
    report = {l["name"]: l for l in json.load(open(report_path))["layers"]}
    if not dense:
        fail("no weights in " + dense_path)
    for name, raw in sorted(dense.items()):
        shape = re.search(r"dense_resource<%s> : tensor<(\d+)x(\d+)xf32>" %
                          re.escape(name), open(dense_path).read())
        rows, cols = int(shape.group(1)), int(shape.group(2))
        if ("dense_resource<%s.codes> : tensor<%dx%dxi8>" %
                (name, rows, cols // 2)) not in text:
            fail("%s: no codes tensor<%dx%dxi8> in the output" %
                 (name, rows, cols // 2))
        w = struct.unpack("<%df" % (rows * cols), raw)
        codes = comp[name + ".codes"]
        groups = cols // 128
        scales = struct.unpack("<%de" % (rows * groups), comp[name + ".scales"])
        err = norm = 0.0
        for r in range(rows):
            for c in range(cols):
                i = r * cols + c
                nibble = (codes[i >> 1] >> (4 * (i & 1))) & 15
                code = nibble - 16 if nibble >= 8 else nibble
                s = scales[r * groups + c // 128]
                if not -8 <= code <= 7:
                    fail("%s[%d, %d]: code %d out of range" % (name, r, c, code))
                if abs(w[i] / s - code) > 0.5 + 1e-6:
                    fail("%s[%d, %d]: w / s = %r but code %d" %
                         (name, r, c, w[i] / s, code))
                d = w[i] - struct.unpack("<f", struct.pack("<f", s * code))[0]
                err += d * d
                norm += w[i] * w[i]
        rel = math.sqrt(err / norm)
        got = report[name]["weight_rel_error"]
        if abs(rel - got) > 1e-9 * max(rel, 1e-30) + 1e-12:
            fail("%s: independent weight_rel_error %.12g, report %.12g" %
                 (name, rel, got))
        print("small check: %s %dx%d codes round to nearest, weight_rel_error "
              "%.6f (report %.6f)" % (name, rows, cols, rel, got))


def check_report(report_path, layers, rows, cols):
    report = json.load(open(report_path))
    ls = report["layers"]
    if len(ls) != layers:
        fail("%d layers in the report, expected %d" % (len(ls), layers))
    expected = rows * cols // 2 + rows * (cols // 128) * 2
    for l in ls:
        if l["bits_per_weight"] != 4.125:
            fail("%s: bits_per_weight %r" % (l["name"], l["bits_per_weight"]))
        if l["bytes_compressed"] != expected:
            fail("%s: bytes_compressed %d, expected %d" %
                 (l["name"], l["bytes_compressed"], expected))
        if l["consumer"] != "compress.matmul":
            fail("%s: consumer %s" % (l["name"], l["consumer"]))
        if not 0.05 <= l["weight_rel_error"] <= 0.15:
            fail("%s: weight_rel_error %r outside [0.05, 0.15]" %
                 (l["name"], l["weight_rel_error"]))
        if not 0.05 <= l["output_rel_error"] <= 0.15:
            fail("%s: output_rel_error %r outside [0.05, 0.15]" %
                 (l["name"], l["output_rel_error"]))
    t = report["total"]
    if t["bits_per_weight"] != 4.125 or t["bytes_dense"] != 4 * layers * rows * cols:
        fail("total %r" % t)
    w = [l["weight_rel_error"] for l in ls]
    o = [l["output_rel_error"] for l in ls]
    print("report check: %d layers, 4.125 bits per weight, weight_rel_error "
          "%.4f..%.4f, output_rel_error %.4f..%.4f" %
          (len(ls), min(w), max(w), min(o), max(o)))
    return {"weight_rel_error_min": min(w), "weight_rel_error_max": max(w),
            "output_rel_error_min": min(o), "output_rel_error_max": max(o),
            "bytes_compressed": t["bytes_compressed"]}


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def summary(args, out_path):
    """args: KEY=VALUE; run.<k>.<field> entries are per repetition."""
    data, runs = {}, {}
    for arg in args:
        key, value = arg.split("=", 1)
        try:
            value = json.loads(value)
        except ValueError:
            pass
        m = re.match(r"run\.(\d+)\.(.*)", key)
        if m:
            runs.setdefault(int(m.group(1)), {})[m.group(2)] = value
        else:
            data[key] = value
    data["runs"] = [runs[k] for k in sorted(runs)]
    dense = data["dense_bytes"]
    for run in data["runs"]:
        run["peak_rss_over_dense"] = run["peak_rss_bytes"] / dense
    for field in ("wall_s", "pass_s", "peak_rss_bytes", "peak_rss_over_dense",
                  "outside_timers_s"):
        vals = [r[field] for r in data["runs"] if field in r]
        if vals:
            data[field] = {"median": median(vals), "min": min(vals),
                           "max": max(vals)}
    data["meets_time_target"] = data["wall_s"]["median"] < 60
    data["meets_memory_target"] = data["peak_rss_over_dense"]["max"] < 2
    with open(out_path, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")

    gib = float(1 << 30)
    rows = [
        ("layers x rows x cols", "%d x %d x %d (%s)" % (
            data["layers"], data["rows"], data["cols"], data["layout"])),
        ("weight elements", "%d" % data["elements"]),
        ("dense bytes", "%.3f GiB" % (dense / gib)),
        ("compressed bytes", "%.3f GiB (%.3f bits/weight)" % (
            data["bytes_compressed"] / gib,
            8.0 * data["bytes_compressed"] / data["elements"])),
        ("generate model", "%.1f s" % data["generate_s"]),
    ]
    for i, r in enumerate(data["runs"]):
        rows.append(("run %d wall (pass, other)" % (i + 1),
                     "%.1f s (%.1f s, %.1f s); %.0f%% CPU" % (
                         r["wall_s"], r["pass_s"], r["outside_timers_s"],
                         r["cpu_percent"])))
        rows.append(("run %d peak RSS" % (i + 1),
                     "%.3f GiB = %.2fx dense (anon %.3f, file %.3f GiB)" % (
                         r["peak_rss_bytes"] / gib, r["peak_rss_over_dense"],
                         r.get("peak_anon_bytes", 0) / gib,
                         r.get("peak_file_bytes", 0) / gib)))
    w, m = data["wall_s"], data["peak_rss_over_dense"]
    rows.append(("wall time median (min..max)", "%.1f s (%.1f..%.1f); target < 60 s: %s" % (
        w["median"], w["min"], w["max"],
        "met" if data["meets_time_target"] else "MISSED")))
    rows.append(("peak RSS / dense, max", "%.2fx; target < 2x: %s" % (
        m["max"], "met" if data["meets_memory_target"] else "MISSED")))
    rows.append(("machine", "%s, %s cores, load %s at start" % (
        data["cpu"], data["nproc"], data["load_at_start"])))
    width = max(len(k) for k, _ in rows)
    print()
    for k, v in rows:
        print("%-*s  %s" % (width, k, v))
    print("\nwrote " + out_path)


def main(argv):
    if len(argv) >= 2 and argv[1] == "small" and len(argv) == 5:
        check_small(argv[2], argv[3], argv[4])
    elif len(argv) >= 2 and argv[1] == "report" and len(argv) == 6:
        json.dump(check_report(argv[2], int(argv[3]), int(argv[4]),
                               int(argv[5])), open(argv[2] + ".check", "w"))
    elif len(argv) >= 3 and argv[1] == "summary":
        summary(argv[2:-1], argv[-1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
