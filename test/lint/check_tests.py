#!/usr/bin/env python3
"""Lint for the lit tests: every .mlir test has a RUN: line, and no comment
holds a misspelled FileCheck or --verify-diagnostics directive.

FileCheck ignores a misspelled directive (`CHEKC:`, `CHECK-NXT:`, `CHECK:` for
a prefix the RUN lines never pass), so a test with one silently checks less.
Usage: check_tests.py PATH... (files or directories; Inputs/ folders are
skipped when walking directories). Exits 1 and prints file:line: message for
each problem.
"""
import os
import re
import sys

SUFFIXES = ("-NEXT", "-SAME", "-NOT", "-DAG", "-LABEL", "-EMPTY")
VERIFY_KINDS = ("expected-error", "expected-warning", "expected-remark",
                "expected-note")
# A comment token that looks like a directive: WORD or WORD-WORD... then ':'.
DIRECTIVE = re.compile(r"//\s*([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)\s*:")
VERIFY = re.compile(r"//.*?\b(expec\w*-\w+|exp\w*ted-\w+)")
MISSING_COLON = re.compile(r"//\s*([A-Z][A-Z0-9_]*(?:-[A-Z]+)?)\s+\S")


def edit_distance(a, b):
    """Edits (insert, delete, substitute, swap two neighbours) from a to b."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def declared_prefixes(run_lines):
    prefixes = set()
    for line in run_lines:
        if "FileCheck" not in line:
            continue
        for segment in line.split("FileCheck")[1:]:
            found = re.findall(r"--?check-prefix(?:es)?[= ]([\w,-]+)", segment)
            if not found:
                prefixes.add("CHECK")
            for group in found:
                prefixes.update(p for p in group.split(",") if p)
    return prefixes


def valid_directives(prefixes):
    valid = set()
    for prefix in prefixes:
        valid.add(prefix)
        valid.update(prefix + s for s in SUFFIXES)
    return valid


def is_count(token, prefixes):
    return any(re.fullmatch(re.escape(p) + r"-COUNT-\d+", token)
               for p in prefixes)


def lint_file(path):
    problems = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    run_lines = []
    for line in lines:
        m = re.search(r"RUN:(.*)", line)
        if m:
            run_lines.append(m.group(1))
    if not run_lines:
        return [f"{path}:1: test has no RUN line"]
    prefixes = declared_prefixes(run_lines)
    valid = valid_directives(prefixes)
    candidates = valid | {"CHECK" + s for s in ("",) + SUFFIXES} | {"RUN"}
    for number, line in enumerate(lines, 1):
        if "RUN:" in line:
            continue
        for m in DIRECTIVE.finditer(line):
            token = m.group(1)
            if token in valid or token == "RUN" or is_count(token, prefixes):
                continue
            upper = token.upper()
            near = [c for c in candidates
                    if edit_distance(upper, c) <= (2 if len(c) >= 5 else 1)]
            if near or "CHECK" in upper:
                problems.append(
                    f"{path}:{number}: '{token}:' is not a directive of this "
                    f"test (prefixes: {', '.join(sorted(prefixes)) or 'none'})"
                    + (f"; did you mean '{sorted(near)[0]}:'?" if near else ""))
        for m in MISSING_COLON.finditer(line):
            token = m.group(1)
            if token in valid and token not in ("RUN",):
                problems.append(f"{path}:{number}: '{token}' without ':' "
                                "is not checked")
        if run_lines and any("verify-diagnostics" in r for r in run_lines):
            for m in VERIFY.finditer(line):
                token = m.group(1)
                kind = re.sub(r"-re$", "", token)
                if kind not in VERIFY_KINDS and any(
                        edit_distance(kind, k) <= 3 for k in VERIFY_KINDS):
                    problems.append(f"{path}:{number}: '{token}' is not a "
                                    "--verify-diagnostics directive")
    return problems


def test_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "Inputs")
            for name in sorted(files):
                if name.endswith(".mlir"):
                    yield os.path.join(root, name)


def main(argv):
    problems = []
    count = 0
    for path in test_files(argv[1:]):
        count += 1
        problems.extend(lint_file(path))
    for problem in problems:
        print(problem)
    print(f"checked {count} test files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
