#!/usr/bin/env python3
"""Writes CONFORMANCE.md from the JSON report of an openCypher TCK run against `kennis serve`.

    python3 tools/tck/conformance.py REPORT.json > CONFORMANCE.md

The report is the one the team's TCK runner (run_tck.py --report) writes: every scenario with its
feature, outcome (passed, failed, unsupported, error, skipped) and reason. Every scenario that does
not pass is listed under the reason it does not, grouped by the rules below (first match wins), so
a user knows exactly what is not there. Standard library only.
"""
import collections
import json
import re
import sys

# (title, explanation, test on (feature path, reason)) — first match wins.
GROUPS = [
    ("Temporal values",
     "`date()`, `datetime()`, `localtime()`, `localdatetime()`, `time()`, `duration()` and their "
     "arithmetic are not in Kennis yet: they come with the issue *Time in two dimensions* (temporal "
     "values and valid time). Scenarios of other areas that need one in their setup are here too.",
     lambda f, r: "expressions/temporal" in f or re.search(r"\b(date|datetime|localtime|localdatetime|time|duration)\(\) is not supported", r)),
    ("The TCK's test procedures",
     "`clauses/call` calls procedures the TCK's own harness registers (`test.my.proc`, …); Kennis has "
     "its own procedures (`db.*`, `algo.*`) and no way to register test ones. Skipped by the runner; the "
     "two it judges call a procedure that does not exist and expect the class `ProcedureError`, which Kennis "
     "answers as `SemanticError` (and `CALL name` without parentheses is not parsed yet).",
     lambda f, r: "clauses/call" in f),
    ("Scenarios the TCK marks @ignore", "Not run by the runner.", lambda f, r: "@ignore" in r),
    ("A variable-length relationship variable bound before",
     "`MATCH ()-[rs*]->()` where `rs` is a list of relationships from an earlier clause "
     "(matching a given list of relationships as a path) is refused with UnsupportedFeature.",
     lambda f, r: "variable-length relationship variable that is already bound" in r),
    ("Unbounded variable length stops at the default depth",
     "`-[*]->` without an upper bound goes at most 8 hops by default (docs/query.md: the default upper "
     "bound is finite and configurable; `kennis query --max-depth`, up to 32), so that no query walks the "
     "whole graph by accident; the TCK's 21-hop path needs more. A deliberate difference.",
     lambda f, r: "clauses/match/Match4" in f and "missing" in r),
    ("The row limit",
     "A query holding more than the server's row limit (100,000 by default, `--max-rows`) at once "
     "stops with LimitExceeded; the TCK sums a million-row UNWIND. A deliberate difference.",
     lambda f, r: "LimitExceeded" in r),
]


def group_of(feature, reason):
    for title, _, test in GROUPS:
        if test(feature, reason):
            return title
    return "Other"


def in_subset(feature):
    return (feature.startswith("clauses/") and not feature.startswith("clauses/call")) or (
        feature.startswith("expressions/") and not feature.startswith("expressions/temporal")) or feature.startswith("useCases/")


def main(path):
    report = json.load(open(path))
    scenarios = report["scenarios"]
    meta = report["meta"]
    outcomes = ["passed", "failed", "unsupported", "error", "skipped"]
    areas = collections.OrderedDict()
    for s in scenarios:
        area = areas.setdefault(s["area"], collections.Counter())
        area[s["outcome"]] += 1
        area["total"] += 1
    subset = collections.Counter(s["outcome"] for s in scenarios if in_subset(s["feature"]))
    total = collections.Counter(s["outcome"] for s in scenarios)
    out = []
    w = out.append
    w("# Conformance: the openCypher TCK\n")
    w("Kennis is measured against the openCypher Technology Compatibility Kit: the Cucumber scenarios of "
      "`tck/features` in the opencypher/openCypher repository, run against `kennis serve` over HTTP, each "
      "on a new, empty database. This file is written by `tools/tck/conformance.py` from the runner's "
      "report; the numbers are of the commit named below.\n")
    w(f"- TCK commit: `{meta.get('tck_commit', '?')}` (opencypher/openCypher)")
    w(f"- Run: {meta.get('started', '?')}, {meta.get('run', '?')} scenarios in {meta.get('elapsed_s', '?')} s")
    w("- How: the team's TCK runner for `kennis serve` (`run_tck.py --features TCK_DIR --url http://127.0.0.1:PORT "
      "--reset-cmd RESTART --check-empty --report report.json`), with a release build; then "
      "`python3 tools/tck/conformance.py report.json > CONFORMANCE.md`.")
    w("- Comparison: rows as multisets (in order where the scenario says so), integers never equal to floats, "
      "errors by their class (a compile-time `SemanticError` accepted for `SyntaxError`); the TCK's detail "
      "is compared too but a mismatch does not fail a scenario.\n")
    sub_n = sum(subset.values())
    w("## Summary\n")
    w("| scope | scenarios | passed | failed | unsupported | error | skipped |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    w(f"| the subset: clauses (but `call`), expressions (but `temporal`), use cases | {sub_n} | "
      f"**{subset['passed']}** ({100.0 * subset['passed'] / max(sub_n, 1):.1f}%) | {subset['failed']} | "
      f"{subset['unsupported']} | {subset['error']} | {subset['skipped']} |")
    all_n = sum(total.values())
    w(f"| everything | {all_n} | {total['passed']} ({100.0 * total['passed'] / max(all_n, 1):.1f}%) | "
      f"{total['failed']} | {total['unsupported']} | {total['error']} | {total['skipped']} |\n")
    w("## Per area\n")
    w("| area | scenarios | " + " | ".join(outcomes) + " |")
    w("| --- | ---: | " + " | ".join("---:" for _ in outcomes) + " |")
    for area, counts in sorted(areas.items()):
        w(f"| `{area}` | {counts['total']} | " + " | ".join(str(counts[o]) for o in outcomes) + " |")
    w("")
    w("## What does not pass, and why\n")
    groups = collections.OrderedDict((title, []) for title, _, _ in GROUPS)
    groups["Other"] = []
    for s in scenarios:
        if s["outcome"] == "passed":
            continue
        groups[group_of(s["feature"], s["reason"])].append(s)
    explanations = {title: text for title, text, _ in GROUPS}
    for title, members in groups.items():
        if not members:
            continue
        outcome_counts = collections.Counter(m["outcome"] for m in members)
        summary = ", ".join(f"{n} {o}" for o, n in outcome_counts.most_common())
        w(f"### {title} ({len(members)}: {summary})\n")
        if title in explanations:
            w(explanations[title] + "\n")
        by_scenario = collections.OrderedDict()
        for m in members:
            key = (m["feature"], m["name"])
            by_scenario.setdefault(key, []).append(m)
        if title in ("Temporal values", "The TCK's test procedures"):
            features = collections.Counter(m["feature"] for m in members)
            w(", ".join(f"`{f}` ({n})" for f, n in sorted(features.items())) + "\n")
            continue
        for (feature, name), runs in by_scenario.items():
            examples = f" ×{len(runs)}" if len(runs) > 1 else ""
            w(f"- `{feature}` {name}{examples}: {runs[0]['outcome']} — {runs[0]['reason'][:220]}")
        w("")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: tools/tck/conformance.py REPORT.json > CONFORMANCE.md")
    main(sys.argv[1])
