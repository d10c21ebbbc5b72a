#!/usr/bin/env python3
"""Compares QueryBenchmark runs of a baseline and of this build, taken alternately in one command.

    python3 tools/benchmarks/compare.py BASE1.json NEW1.json BASE2.json NEW2.json ...

Prints a Markdown table: per query, the median over rounds of each side's medians, and new/base.
Standard library only.
"""
import json
import statistics
import sys


def main(paths):
    if len(paths) < 2 or len(paths) % 2:
        sys.exit("usage: compare.py BASE.json NEW.json [BASE.json NEW.json ...]")
    runs = [json.load(open(p)) for p in paths]
    base, new = runs[0::2], runs[1::2]
    names = [q["name"] for q in base[0]["queries"]]
    print(f"| query | baseline ms | this build ms | this / baseline |")
    print("| --- | ---: | ---: | ---: |")
    for name in names:
        def medians(side):
            return [q["median_ms"] for r in side for q in r["queries"] if q["name"] == name]
        b, n = medians(base), medians(new)
        if not b or not n:
            continue
        mb, mn = statistics.median(b), statistics.median(n)
        print(f"| {name} | {mb:.3f} | {mn:.3f} | {mn / mb:.2f} |")
    print(f"\n{len(base)} rounds each side, alternating; each figure the median of the rounds' medians "
          f"({base[0]['runs']} runs per query per round).")


if __name__ == "__main__":
    main(sys.argv[1:])
