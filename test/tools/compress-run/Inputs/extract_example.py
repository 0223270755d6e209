#!/usr/bin/env python3
# ===- extract_example.py - Print an example block of a Markdown file -----===#
#
# Part of the Compress project.
#
# ===-----------------------------------------------------------------------===#
"""Prints the fenced block that follows `<!-- example: NAME -->`.

Usage: extract_example.py FILE.md NAME

The documentation's examples are the files the tests use, so that what the
page shows is what is checked. Exits with 1 when the marker is missing, is
not followed by a fenced block, or appears twice.
"""
import sys


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    path, name = argv[1], argv[2]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    marker = "<!-- example: %s -->" % name
    starts = [i for i, line in enumerate(lines) if line.strip() == marker]
    if len(starts) != 1:
        sys.exit("%s: %d markers '%s', expected one" % (path, len(starts),
                                                         marker))
    fence = starts[0] + 1
    if fence >= len(lines) or not lines[fence].startswith("```"):
        sys.exit("%s:%d: no ``` block after '%s'" % (path, fence + 1, marker))
    for end in range(fence + 1, len(lines)):
        if lines[end].rstrip() == "```":
            sys.stdout.write("\n".join(lines[fence + 1:end]) + "\n")
            return
    sys.exit("%s:%d: unterminated ``` block" % (path, fence + 1))


if __name__ == "__main__":
    main(sys.argv)
