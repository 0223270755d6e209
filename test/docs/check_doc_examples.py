#!/usr/bin/env python3
# ===- check_doc_examples.py - Run the MLIR examples of the docs -----------===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Checks every ```mlir block of Markdown files with compress-opt.

Each block must be a complete MLIR file. By default it must pass
`compress-opt --verify-roundtrip` (parse, verify, print, re-parse, compare).
Comment lines inside a block add checks:

  // DECODES-TO: dense<[[1.0, 2.0]]> : tensor<1x2xf32>
      After `compress-opt --canonicalize`, some folded `arith.constant` holds
      exactly these values (compared after rounding both sides to the element
      type, so `0.1` matches `1.000000e-01`; splats are expanded). One line per
      expected constant; a block may have several.
  // NOT-FOLDED
      After `--canonicalize`, a `compress.decode` is still there (stored data
      that break an invariant, or a tensor above the folding limit).
  // SIZE: <text>
      `--compress-print-sizes` emits a remark that contains <text>.

A block holding `expected-error` / `expected-remark` annotations is run with
`--verify-diagnostics` instead of the round trip (it documents an error).

A failure names the Markdown file and the line of the block's opening fence,
and the script exits with status 1. It prints one summary line per file.
"""

import argparse
import math
import os
import re
import struct
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*(\S*)\s*$")


class Block:
    def __init__(self, path, line, lang, text):
        self.path = path
        self.line = line  # 1-based line of the opening fence
        self.lang = lang
        self.text = text

    def where(self):
        return "%s:%d" % (self.path, self.line)


def extract_blocks(path):
    """Returns the fenced blocks of a Markdown file, or raises ValueError."""
    blocks = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group(2), m.group(3), i
        body = []
        i += 1
        while i < len(lines):
            close = FENCE.match(lines[i])
            if close and close.group(2).startswith(fence[0] * len(fence)) \
                    and not close.group(3):
                break
            body.append(lines[i])
            i += 1
        else:
            raise ValueError("%s:%d: error: unterminated %s block"
                             % (path, start + 1, fence))
        blocks.append(Block(path, start + 1, lang, "\n".join(body) + "\n"))
        i += 1
    return blocks


# ---------------------------------------------------------------------------
# Dense literals: dense<...> : tensor<AxBxT>
# ---------------------------------------------------------------------------

DENSE = re.compile(r"dense<(.*?)>\s*:\s*tensor<([^>]*)>")
NUMBER = re.compile(r"0x[0-9A-Fa-f]+|[-+]?(?:inf|nan|[0-9][0-9.eE+-]*)")


def parse_tensor_type(text):
    parts = text.strip().split("x")
    elem = parts[-1].strip()
    shape = [int(p) for p in parts[:-1]]
    return shape, elem


def bits_to_float(bits, elem):
    if elem == "f32":
        return struct.unpack("<f", struct.pack("<I", bits))[0]
    if elem == "f16":
        return struct.unpack("<e", struct.pack("<H", bits))[0]
    if elem == "bf16":
        return struct.unpack("<f", struct.pack("<I", bits << 16))[0]
    if elem == "f64":
        return struct.unpack("<d", struct.pack("<Q", bits))[0]
    raise ValueError("cannot read hex values of element type " + elem)


def round_to(value, elem):
    """Rounds a double to `elem` (nearest, ties to even), as a double."""
    if math.isnan(value) or math.isinf(value) or elem == "f64":
        return value
    if elem == "f32":
        return struct.unpack("<f", struct.pack("<f", value))[0]
    if elem == "f16":
        try:
            return struct.unpack("<e", struct.pack("<e", value))[0]
        except OverflowError:
            return math.copysign(math.inf, value)
    if elem == "bf16":
        try:
            bits = struct.unpack("<I", struct.pack("<f", value))[0]
        except OverflowError:
            return math.copysign(math.inf, value)
        bits += 0x7FFF + ((bits >> 16) & 1)
        return struct.unpack("<f", struct.pack("<I", (bits >> 16) << 16))[0]
    raise ValueError("unsupported element type " + elem)


def parse_dense(literal, type_text):
    """Returns (shape, elem, [values]) of a dense literal, splats expanded."""
    shape, elem = parse_tensor_type(type_text)
    count = 1
    for d in shape:
        count *= d
    body = literal.strip()
    if body.startswith('"'):
        raise ValueError("hex-string dense literals are not supported here")
    values = []
    for tok in NUMBER.findall(body):
        if tok.lower().startswith("0x"):
            values.append(bits_to_float(int(tok, 16), elem))
        else:
            values.append(round_to(float(tok), elem))
    if len(values) == 1 and count != 1:
        values = values * count
    if len(values) != count:
        raise ValueError("dense literal has %d values, its type %d"
                         % (len(values), count))
    return shape, elem, values


def same_values(a, b):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if math.isnan(x) and math.isnan(y):
            continue
        if x != y:
            return False
    return True


# ---------------------------------------------------------------------------
# Running compress-opt
# ---------------------------------------------------------------------------


def run(tool, args, text):
    if re.search(r"^// -----", text, re.M):
        args = ["--split-input-file"] + args
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(text)
        name = f.name
    try:
        proc = subprocess.run([tool] + args + [name], capture_output=True,
                              text=True)
    finally:
        os.unlink(name)
    return proc.returncode, proc.stdout, proc.stderr.replace(name, "<block>")


def directive_lines(block, key):
    pattern = re.compile(r"^\s*//\s*" + re.escape(key) + r"(?::\s*(.*?))?\s*$")
    result = []
    for offset, line in enumerate(block.text.split("\n")):
        m = pattern.match(line)
        if m:
            result.append((block.line + 1 + offset, m.group(1)))
    return result


def check_block(tool, block):
    """Returns a list of failure messages (empty when the block passes)."""
    errors = []

    def fail(line, message, output=""):
        text = "%s:%d: error: %s" % (block.path, line, message)
        if line != block.line:
            text += " (in the block at %s)" % block.where()
        if output:
            text += "\n" + "\n".join("    " + l for l in output.rstrip().split("\n"))
        errors.append(text)

    diagnostics = re.search(r"expected-(error|remark|warning|note)", block.text)
    if diagnostics:
        rc, out, err = run(tool, ["--verify-diagnostics", "-o", os.devnull],
                           block.text)
        if rc != 0:
            fail(block.line, "block fails --verify-diagnostics", err)
        return errors

    rc, out, err = run(tool, ["--verify-roundtrip", "-o", os.devnull],
                       block.text)
    if rc != 0:
        fail(block.line, "block fails compress-opt --verify-roundtrip", err)
        return errors

    decodes = directive_lines(block, "DECODES-TO")
    not_folded = directive_lines(block, "NOT-FOLDED")
    if decodes or not_folded:
        rc, out, err = run(tool, ["--canonicalize"], block.text)
        if rc != 0:
            fail(block.line, "block fails compress-opt --canonicalize", err)
            return errors
        folded = []
        for line in out.split("\n"):
            if "arith.constant" not in line:
                continue
            for m in DENSE.finditer(line):
                try:
                    folded.append((m.group(0), parse_dense(m.group(1), m.group(2))))
                except ValueError:
                    pass
        for line, expected in decodes:
            m = DENSE.search(expected or "")
            if not m:
                fail(line, "DECODES-TO needs 'dense<...> : tensor<...>'")
                continue
            try:
                want = parse_dense(m.group(1), m.group(2))
            except ValueError as e:
                fail(line, "bad DECODES-TO literal: %s" % e)
                continue
            if not any(got[0] == want[0] and got[1] == want[1]
                       and same_values(got[2], want[2]) for _, got in folded):
                hint = ""
                if "compress.decode" in out:
                    hint = " (a compress.decode was not folded)"
                fail(line, "no folded constant equals %s%s" % (m.group(0), hint),
                     "compress-opt --canonicalize printed:\n" + out)
        for line, _ in not_folded:
            if "compress.decode" not in out:
                fail(line, "NOT-FOLDED, but --canonicalize folded every "
                     "compress.decode", out)

    sizes = directive_lines(block, "SIZE")
    if sizes:
        rc, out, err = run(tool, ["--compress-print-sizes", "-o", os.devnull],
                           block.text)
        if rc != 0:
            fail(block.line, "block fails --compress-print-sizes", err)
            return errors
        for line, text in sizes:
            if not text or text not in err:
                fail(line, "no --compress-print-sizes remark contains '%s'"
                     % text, err)
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--compress-opt", required=True,
                        help="path of the compress-opt binary")
    parser.add_argument("files", nargs="+", help="Markdown files to check")
    args = parser.parse_args()

    failures = 0
    for path in args.files:
        try:
            blocks = [b for b in extract_blocks(path) if b.lang == "mlir"]
        except ValueError as e:
            print(e)
            failures += 1
            continue
        except OSError as e:
            print("%s: error: %s" % (path, e.strerror))
            failures += 1
            continue
        counts = {"DECODES-TO": 0, "SIZE": 0, "errors": 0}
        for block in blocks:
            for key in ("DECODES-TO", "SIZE"):
                counts[key] += len(directive_lines(block, key))
            if "expected-error" in block.text:
                counts["errors"] += 1
            for message in check_block(args.compress_opt, block):
                print(message)
                failures += 1
        print("%s: %d mlir blocks, %d decoded values, %d sizes, %d error "
              "examples checked" % (os.path.basename(path), len(blocks),
                                    counts["DECODES-TO"], counts["SIZE"],
                                    counts["errors"]))
        if not blocks:
            print("%s: error: no ```mlir blocks found" % path)
            failures += 1
    if failures:
        print("%d failure(s)" % failures)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
