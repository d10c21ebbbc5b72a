"""The suite's section of BENCHMARKS.md: per scale, Kennis's figure, the peer's, and the ratio, from
the results tools/bench/run collected in one run (the machine, the versions and the command above).

Usage: suite_report.py RESULTS_DIR SCALE ENTITIES COMMAND SECONDS BENCHMARKS.md
"""

import datetime
import json
import os
import sys
from importlib import metadata

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "benchmarks"))
import report  # noqa: E402  (the shared helpers: machine(), wrk_figures(), write())


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def ms(x: float) -> str:
    return f"{x:,.3f} ms" if x < 10 else f"{x:,.1f} ms" if x < 1000 else f"{x / 1000:,.2f} s"


def section(results: str, scale: str, entities: int, command: str, seconds: int) -> str:
    def load(name):
        path = os.path.join(results, name)
        return json.load(open(path)) if os.path.exists(path) else None

    log, raw, graph = load("log.json"), load("raw.json"), load("graph.json")
    workload, kuzu, algorithms = load("workload.json"), load("kuzu.json"), load("algorithms.json")
    events = graph["events"]
    relationships = algorithms["relationships"] if algorithms else None
    lines = []

    # Storage and load.
    rows = []
    import_ratio = log["import_events_per_s"] / raw["append_events_per_s"]
    rows.append(("import (events/s)", f"{log['import_events_per_s']:,.0f}", f"raw LMDB append {raw['append_events_per_s']:,.0f}",
                 f"{import_ratio:.2f}×", "≥ 0.33×", "✓" if import_ratio >= 1 / 3 else "✗"))
    rows.append(("scan with decoding (events/s)", f"{log['scan_events_per_s']:,.0f}", f"raw LMDB cursor {raw['scan_events_per_s']:,.0f}",
                 f"{log['scan_events_per_s'] / raw['scan_events_per_s']:.2f}×", "", ""))
    per_million = graph["open_replay_s"] * 1_000_000 / events
    rows.append(("full replay from the log", f"{graph['open_replay_s']:.2f} s ({per_million:.2f} s per 1M events)", "", "",
                 "≤ 1.5 s at 1M events", "✓" if per_million <= 1.5 else "✗"))
    rows.append(("open from a snapshot", f"{graph['open_snapshot_s']:.2f} s", "", "", "≤ 0.5 s", "✓" if graph["open_snapshot_s"] <= 0.5 else "✗"))
    memory = f"{graph['anon_bytes_snapshot'] / events:.0f} B/event"
    if relationships:
        memory += f", {graph['anon_bytes_snapshot'] / relationships:.0f} B/relationship"
    rows.append(("graph memory after open (anonymous)", memory, "", "", "", ""))
    lines.append("| measure | Kennis | peer | Kennis / peer | target | |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    lines += [f"| {' | '.join(row)} |" for row in rows]

    # The workload against Kùzu.
    theirs = {entry["name"]: entry for entry in kuzu["queries"]}
    wins = 0
    query_lines = ["| query | Kennis median (p95) | … AS OF half-way | Kùzu median (p95) | Kùzu / Kennis | answers |",
                   "| --- | --- | --- | --- | --- | --- |"]
    for entry in workload["queries"]:
        peer = theirs.get(entry["name"])
        if not peer:
            continue
        ratio = peer["median_ms"] / entry["median_ms"]
        wins += ratio >= 1
        query_lines.append(
            f"| {entry['name']} | {ms(entry['median_ms'])} ({ms(entry['p95_ms'])}) | {ms(entry['asof_median_ms'])} "
            f"({entry['asof_median_ms'] / entry['median_ms']:.2f}×) | {ms(peer['median_ms'])} ({ms(peer['p95_ms'])}) | "
            f"{ratio:.2f}× {'✓' if ratio >= 1 else '✗'} | {'same rows' if peer['agrees'] else 'DIFFER'} ({peer['rows']}) |")

    algorithm_lines = []
    if algorithms:
        algorithm_lines = ["| algorithm | Kennis | networkx | networkx / Kennis | target | answer |", "| --- | --- | --- | --- | --- | --- |"]
        for entry in algorithms["algorithms"]:
            if not entry["networkx_s"]:
                algorithm_lines.append(f"| {entry['name']} | {ms(entry['kennis_s'] * 1000)} | | | | {entry['detail']} |")
                continue
            ratio = entry["networkx_s"] / entry["kennis_s"]
            target = "≥ 10×" if entry["name"] != "degree" else ""
            mark = ("✓" if ratio >= 10 else "✗") if target else ""
            algorithm_lines.append(
                f"| {entry['name']} | {ms(entry['kennis_s'] * 1000)} | {ms(entry['networkx_s'] * 1000)} | {ratio:.1f}× {mark} | {target} | "
                f"{'agrees' if entry['ok'] else 'DISAGREES'}: {entry['detail']} |")

    http_lines = []
    http = os.path.join(results, "http")
    if os.path.isdir(http):
        about = json.load(open(os.path.join(http, "about.json")))
        http_lines = ["| request | Kennis | p99 | target |", "| --- | --- | --- | --- |"]
        names = [("health", "GET /health (the cost of any request)", ""),
                 ("projection", f"GET /projections/{about['projection']} (cached, {about['bytes']:,} bytes)", "≥ 20,000/s"),
                 ("projection-gzip", "… with Accept-Encoding: gzip", "≥ 20,000/s"),
                 ("query", "POST /query, 1-hop", "≥ 5,000/s"),
                 ("projection-writing", "… the projection (gzip) while 1,000 events/s are appended", ""),
                 ("query-writing", "… the 1-hop query while 1,000 events/s are appended", "")]
        for key, name, target in names:
            figures = report.wrk_figures(os.path.join(http, key + ".txt"))
            http_lines.append(f"| {name} | {figures['rps']:,.0f}/s | {figures['p99']:.2f} ms | {target} |")

    today = datetime.date.today().isoformat()
    text = f"""## Suite (scale {scale})

{entities:,} generated entities ({events:,} events{f', {relationships:,} live relationships' if relationships else ''}); every
figure and its peer's from one run of `{command}` ({seconds // 60} min {seconds % 60} s), release build.
Machine: {report.machine()}. Date: {today}.
Peers: Kùzu {kuzu['version']} (Python, loaded with COPY FROM from CSVs of the same final state in
{kuzu['load_s']:.1f} s; engine time of `execute` plus reading the rows), raw LMDB (Python `lmdb` {version('lmdb')}: the
same event bytes, one transaction), networkx {version('networkx')}. Kennis: engine time (parse, plan, execute).

{chr(10).join(lines)}

Workload: Kennis is faster on {wins} of {len(workload['queries'])} queries; every answer was checked against Kùzu's
(the run fails when one differs). Medians of {workload['queries'][0]['runs']} runs (fewer for heavy ones); AS OF runs
the same query on the graph half-way back (Kùzu has no time travel).

{chr(10).join(query_lines)}
"""
    if algorithm_lines:
        text += "\n" + "\n".join(algorithm_lines) + "\n"
    if http_lines:
        text += "\nHTTP (wrk, 2 threads, 16 connections, on the same 2 cores as the server):\n\n" + "\n".join(http_lines) + "\n"
    return text


def main() -> None:
    results, scale, entities, command, seconds, out = sys.argv[1:7]
    text = section(results, scale, int(entities), command, int(seconds))
    report.write(text, f"## Suite (scale {scale})", out)


if __name__ == "__main__":
    main()
