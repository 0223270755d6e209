#!/usr/bin/env python3
"""Checks docs/import-llama2c.md against modules the importer wrote.

    check_import_doc.py DOC MODEL [MORE_MODELS...]

1. The IR excerpt (the ```text block after the line that starts with "The
   start of `compress-import-llama2c stories260K.bin") must be MODEL's text:
   its lines appear in MODEL in the same order, "..." lines skip any number
   of lines, and a line ending in "..." matches the start of a line.
2. Every weight name of the table in "## The weights" is a dense_resource
   blob of MODEL or of one of MORE_MODELS, with `N` (a layer) read as 0 and
   as the last layer of that module.

Prints what it checked; exits 1, naming the doc's line, on a mismatch.
"""
import re
import sys


def fail(message):
    print(f"error: {message}")
    sys.exit(1)


def excerpt(doc_lines):
    start = next((i for i, line in enumerate(doc_lines) if line.startswith(
        "The start of `compress-import-llama2c stories260K.bin")), None)
    if start is None:
        fail("no IR excerpt in the doc")
    fence = next(i for i in range(start, len(doc_lines))
                 if doc_lines[i].startswith("```"))
    end = next(i for i in range(fence + 1, len(doc_lines))
               if doc_lines[i].startswith("```"))
    return [(i + 1, doc_lines[i]) for i in range(fence + 1, end)]


def check_excerpt(doc_path, doc_lines, model_lines):
    pos, skipping, checked = 0, False, 0
    for number, line in excerpt(doc_lines):
        if line.strip() == "...":
            skipping = True
            continue
        prefix = line.endswith("...")
        want = line[:-3] if prefix else line

        def matches(candidate):
            return candidate.startswith(want) if prefix else candidate == want

        while pos < len(model_lines) and not matches(model_lines[pos]):
            if not skipping:
                fail(f"{doc_path}:{number}: the model has "
                     f"'{model_lines[pos][:300]}' here, not '{line[:300]}'")
            pos += 1
        if pos == len(model_lines):
            fail(f"{doc_path}:{number}: not in the model (in this order): "
                 f"'{line[:300]}'")
        pos += 1
        skipping = False
        checked += 1
    return checked


def check_names(doc_path, doc_lines, models):
    section = doc_lines.index("## The weights")
    found = 0
    for number in range(section, len(doc_lines)):
        m = re.match(r"\| `([^`]+)` \|", doc_lines[number])
        if not m or m.group(1) == "Name":
            continue
        name = m.group(1)
        ok = False
        for blobs, layers in models:
            candidates = ([name.replace(".N.", f".{l}.") for l in (0, layers - 1)]
                          if ".N." in name else [name])
            if all(c in blobs for c in candidates):
                ok = True
        if not ok:
            fail(f"{doc_path}:{number + 1}: '{name}' is no blob of the models")
        found += 1
    return found


def main():
    doc_path, model_paths = sys.argv[1], sys.argv[2:]
    doc_lines = open(doc_path).read().split("\n")
    models = []
    for path in model_paths:
        text = open(path).read()
        blobs = set(re.findall(r'^      "([^"]+)": "0x04000000', text, re.M))
        layers = len({b.split(".")[1] for b in blobs if b.startswith("layers.")})
        models.append((blobs, layers))
    lines = check_excerpt(doc_path, doc_lines,
                          open(model_paths[0]).read().split("\n"))
    names = check_names(doc_path, doc_lines, models)
    print(f"{lines} excerpt lines and {names} weight names checked")


if __name__ == "__main__":
    main()
