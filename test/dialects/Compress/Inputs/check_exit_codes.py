#!/usr/bin/env python3
"""Runs TOOL on each `// -----` split of each FILE on its own, without
--verify-diagnostics, as a user would, and checks how it exits:

- a split with an `expected-error` exits with status 1 and prints at least
  one error located at a line of the split (`file:line:col: error:`), and no
  error without a location;
- a split without one exits with status 0;
- nothing crashes (a signal or a status above 1), asserts or hangs.

--verify-diagnostics checks the messages; this checks what a shell script or
a build system sees. Usage: check_exit_codes.py TOOL FILE...
Prints one line per problem and a summary; exits 1 on any problem.
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

SPLIT = re.compile(r"^// -----\s*$", re.MULTILINE)
LOCATED = re.compile(r"^(.*):(\d+):(\d+): error: ", re.MULTILINE)
ANY_ERROR = re.compile(r"^(.*?)error: ", re.MULTILINE)
TIMEOUT_S = 60


def check_split(tool, path, index, first_line, text, split_stem):
    expect_error = "expected-error" in text
    split_path = split_stem + ".mlir"
    with open(split_path, "w", encoding="utf-8") as f:
        f.write(text)
    where = f"{path}:{first_line}: split {index}"
    try:
        result = subprocess.run([tool, split_path, "-o", os.devnull],
                                capture_output=True, text=True,
                                timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return [f"{where}: no result after {TIMEOUT_S} s"]
    rc = result.returncode
    if rc < 0 or rc > 1:
        return [f"{where}: exit status {rc} (crash?): {result.stderr[-500:]}"]
    if not expect_error:
        return [] if rc == 0 else [f"{where}: valid split exits {rc}: "
                                   f"{result.stderr[:500]}"]
    problems = []
    if rc != 1:
        problems.append(f"{where}: exits 0 but expects an error")
    located = [m for m in LOCATED.finditer(result.stderr)
               if m.group(1) == split_path]
    if rc == 1 and not located:
        problems.append(f"{where}: no located error: {result.stderr[:500]}")
    for m in ANY_ERROR.finditer(result.stderr):
        if not LOCATED.match(result.stderr, m.start()):
            problems.append(f"{where}: error without a location: "
                            f"{result.stderr[m.start():m.start() + 200]}")
    return problems


def main(argv):
    tool, files = argv[1], argv[2:]
    splits = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        start, line = 0, 1
        bounds = [m.start() for m in SPLIT.finditer(source)]
        for index, end in enumerate(bounds + [len(source)]):
            text = source[start:end]
            # Keep line numbers: pad with the lines of the earlier splits.
            splits.append((path, index, line, "\n" * (line - 1) + text))
            line += text.count("\n")
            start = end
    with tempfile.TemporaryDirectory() as tmpdir, \
            concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        results = pool.map(
            lambda n: check_split(tool, *splits[n],
                                  os.path.join(tmpdir, f"split{n}")),
            range(len(splits)))
        problems = [p for result in results for p in result]
    for problem in problems:
        print(problem)
    print(f"checked {len(splits)} splits, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
