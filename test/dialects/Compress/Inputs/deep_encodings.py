#!/usr/bin/env python3
"""Writes an MLIR file whose encoding nests LEVELS deep, either written inline
(`inline`) or built from a chain of aliases (`aliases`), with the error that
compress-opt must report as an `expected-error` line.

Files deep enough to exhaust the stack of a recursive parser or layout walk
are too large to keep in the repository, so invalid-hostile.mlir generates
them. Usage: deep_encodings.py inline|aliases LEVELS
"""
import sys

LIMIT = 16  # EncodingAttrInterface::kMaxNestingDepth


def level(body):
    return f"#compress.permuted<axis = 0, body = {body}>"


def inline(levels):
    # Joined once: wrapping the body level by level would copy it each time.
    body = "#compress.permuted<axis = 0, body = " * levels + "f32" + ">" * levels
    return (f"// expected-error @below {{{{encodings nest more than {LIMIT} "
            f"levels deep; at most {LIMIT} are allowed}}}}\n"
            f"func.func private @deep(!compress.tensor<8xf16, {body}>)\n")


def aliases(levels):
    lines = [f"#e0 = {level('f32')}"]
    for i in range(1, levels):
        if i == LIMIT:
            lines.append(f"// expected-error @below {{{{encodings nest "
                         f"{LIMIT + 1} levels deep; at most {LIMIT} are "
                         f"allowed}}}}")
        lines.append(f"#e{i} = {level(f'#e{i - 1}')}")
    lines.append(f"func.func private @deep(!compress.tensor<8xf16, "
                 f"#e{levels - 1}>)")
    return "\n".join(lines) + "\n"


def main(argv):
    kind, levels = argv[1], int(argv[2])
    sys.stdout.write({"inline": inline, "aliases": aliases}[kind](levels))


if __name__ == "__main__":
    main(sys.argv)
