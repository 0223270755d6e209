#!/usr/bin/env python3
"""Checks that every ```yaml block of a Markdown file is a policy that
compress-apply-policy accepts (on a module without weights: the policy is
parsed and its encodings checked; rules then match nothing, which is only a
warning). Prints file:line of each failing block and exits 1 if any fails.

Usage: check_policy_examples.py --compress-opt PATH FILE.md...
"""
import argparse
import os
import subprocess
import sys
import tempfile


def yaml_blocks(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    block, start = None, 0
    for number, line in enumerate(lines, 1):
        if block is None and line.strip() == "```yaml":
            block, start = [], number
        elif block is not None and line.strip() == "```":
            yield start, "\n".join(block) + "\n"
            block = None
        elif block is not None:
            block.append(line)
    if block is not None:
        yield start, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--compress-opt", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    failures = checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        module = os.path.join(tmp, "empty.mlir")
        open(module, "w").write("module {}\n")
        for path in args.files:
            for line, text in yaml_blocks(path):
                if text is None:
                    print(f"{path}:{line}: unterminated ```yaml block")
                    failures += 1
                    continue
                checked += 1
                policy = os.path.join(tmp, f"policy-{checked}.yaml")
                open(policy, "w").write(text)
                run = subprocess.run(
                    [args.compress_opt, module, "-o", os.devnull,
                     f"--compress-apply-policy=policy={policy}"],
                    capture_output=True, text=True)
                if run.returncode != 0 or "error:" in run.stderr:
                    failures += 1
                    first = run.stderr.strip().split("\n")[0]
                    print(f"{path}:{line}: policy rejected: {first}")
    print(f"checked {checked} policies, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
