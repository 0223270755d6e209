#!/usr/bin/env python3
"""Compares the first ```json block of a Markdown file with a JSON file:
same keys, same strings and integers, floats equal to 1e-12 relative.
Usage: check_report_example.py DOC.md REPORT.json"""
import json
import sys


def first_json_block(path):
    text = open(path, encoding="utf-8").read()
    start = text.index("```json\n") + len("```json\n")
    return json.loads(text[start:text.index("```", start)])


def compare(doc, actual, where):
    if isinstance(doc, dict) and isinstance(actual, dict):
        if doc.keys() != actual.keys():
            return [f"{where}: keys {sorted(doc)} != {sorted(actual)}"]
        return [p for k in doc for p in compare(doc[k], actual[k], f"{where}.{k}")]
    if isinstance(doc, list) and isinstance(actual, list):
        if len(doc) != len(actual):
            return [f"{where}: {len(doc)} items != {len(actual)}"]
        return [p for i, (a, b) in enumerate(zip(doc, actual))
                for p in compare(a, b, f"{where}[{i}]")]
    if isinstance(doc, float) or isinstance(actual, float):
        if abs(doc - actual) <= 1e-12 * max(abs(doc), abs(actual)):
            return []
    elif doc == actual:
        return []
    return [f"{where}: the doc says {doc!r}, the pass wrote {actual!r}"]


problems = compare(first_json_block(sys.argv[1]), json.load(open(sys.argv[2])), "$")
for problem in problems:
    print(problem)
print("report example matches" if not problems else f"{len(problems)} differences")
sys.exit(1 if problems else 0)
