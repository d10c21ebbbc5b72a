"""Writes one section of BENCHMARKS.md from benchmark results, keeping the other sections.

Usage: report.py log KENNIS.json RAW.json COMMAND BENCHMARKS.md
       report.py graph GRAPH.json - COMMAND BENCHMARKS.md
       report.py query QUERY.json - COMMAND BENCHMARKS.md
       report.py http SCRATCH_DIR - COMMAND BENCHMARKS.md EVENTS PROJECTION BODY_BYTES
       report.py algorithms ALGORITHMS.json - COMMAND BENCHMARKS.md
"""

import datetime
import json
import os
import platform
import re
import subprocess
import sys


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}, {swift[0] if swift else 'swift ?'}"


def log_section(kennis: dict, raw: dict, command: str) -> str:
    def rate(x: float) -> str:
        return f"{x:,.0f}/s"

    ratio = kennis["import_events_per_s"] / raw["append_events_per_s"]
    rows = [
        ("Bulk import into the log from JSON Lines (parse, check the format, encode, hash, write; one durable transaction; with the graph's state rules: see Graph)",
         rate(kennis["import_events_per_s"]), "≥ 400,000/s",
         f"{ratio:.2f}× raw LMDB append of the same bytes ({rate(raw['append_events_per_s'])})"),
        ("… the append alone, of a batch decoded beforehand", rate(kennis["append_events_per_s"]), "", ""),
        ("… decoding JSON Lines alone, on one core", f"{kennis['decode_one_core_ns_per_event']:.0f} ns/event", "", ""),
        ("Full scan of the log with decoding", rate(kennis["scan_events_per_s"]), "≥ 1,500,000/s",
         f"{kennis['scan_events_per_s'] / raw['scan_events_per_s']:.2f}× raw LMDB cursor scan ({rate(raw['scan_events_per_s'])})"),
        ("`verify` (decode + recompute the hash chain)", rate(kennis["verify_events_per_s"]), "", ""),
        ("Durable single-event append, p50", f"{kennis['single_append_p50_ms']:.3f} ms", "", "one write transaction + fsync each"),
        ("Durable single-event append, p99", f"{kennis['single_append_p99_ms']:.3f} ms", "", ""),
    ]
    table = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    return f"""## Event log

{kennis['events']:,} generated events ({raw['bytes'] / kennis['events']:.0f} bytes per JSON line on average), medians of {kennis['runs']} runs, release build.
Machine: {machine()}. Baseline: Python `lmdb` {raw['python_lmdb']} (LMDB {raw['lmdb_version']}), same bytes, same run.
Date: {datetime.date.today().isoformat()}. Command: `{command}`

| measure | Kennis | target | against the baseline |
| --- | --- | --- | --- |
{table}
"""


def graph_section(g: dict, command: str) -> str:
    events = g["events"]
    per_item_now = g["walk_now_s"] / g["walk_now_items"]
    per_item_old = g["walk_old_s"] / g["walk_old_items"]
    rows = [
        ("Import from JSON Lines with every state rule checked (one transaction)", f"{g['import_events_per_s']:,.0f}/s", "", ""),
        ("Open from the log alone (full replay)", f"{g['open_replay_s']:.2f} s", "≤ 1.5 s", ""),
        ("Write a snapshot", f"{g['snapshot_write_s']:.2f} s", "", f"{g['snapshot_bytes'] / 2**20:.0f} MiB"),
        ("Open from the snapshot", f"{g['open_snapshot_s']:.2f} s", "≤ 0.5 s", ""),
        ("Memory after open from the log: resident / anonymous", f"{g['rss_bytes_log'] / events:.0f} / {g['anon_bytes_log'] / events:.0f} B/event",
         "≤ 250 B/event", "resident counts the log's mapped pages read; anonymous is the graph itself"),
        ("Memory after open from the snapshot: resident / anonymous",
         f"{g['rss_bytes_snapshot'] / events:.0f} / {g['anon_bytes_snapshot'] / events:.0f} B/event", "≤ 250 B/event", ""),
        ("Walk every live node, its properties and relationships: now", f"{g['walk_now_s']:.3f} s ({per_item_now * 1e9:.0f} ns/item)", "", ""),
        ("… the same walk half-way back (`AS OF` head/2)", f"{g['walk_old_s']:.3f} s ({per_item_old * 1e9:.0f} ns/item)", "as fast as now",
         f"{per_item_old / per_item_now:.2f}× the time per item of the walk now"),
    ]
    table = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    return f"""## Graph

{events:,} generated events, medians of {g['runs']} runs, release build. Machine: {machine()}.
Date: {datetime.date.today().isoformat()}. Command: `{command}`

| measure | Kennis | target | note |
| --- | --- | --- | --- |
{table}
"""


QUERY_TARGETS = {
    "point lookup by id": ("< 0.020 ms", "Kùzu 0.34 ms at 10k"),
    "lab members": ("", "Kùzu 2.7 ms at 10k"),
    "2-hop collaborators via shared projects": ("< 1 ms", "Kùzu 3.9 ms at 10k"),
    "variable-length reach *1..3 (projects and labs)": ("", "Kùzu 146 ms at 10k"),
    "shortest path between two people": ("", "Kùzu 4.4 ms at 10k"),
}


def query_section(q: dict, command: str) -> str:
    by_name = {entry["name"]: entry for entry in q["queries"]}
    rows = []
    for entry in q["queries"]:
        target, note = QUERY_TARGETS.get(entry["name"], ("", ""))
        if entry["name"] == "2-hop collaborators AS OF half-way":
            base = by_name["2-hop collaborators via shared projects"]["median_ms"]
            target, note = "≤ 1.5× now", f"{entry['median_ms'] / base:.2f}× the same query now"
        if "matches" in entry:
            note = f"{entry['matches']:,} pattern matches before DISTINCT" + (f"; {note}" if note else "")
        if "note" in entry:
            note = entry["note"] + (f"; {note}" if note else "")
        if "baseline_ms" in entry:
            note = (f"{100_000 / entry['median_ms'] * 1000:,.0f} nodes/s; {entry['median_ms'] / entry['baseline_ms']:.2f}× the time of "
                    f"{entry['baseline']} ({entry['baseline_ms']:.0f} ms)")
        rows.append((entry["name"], f"{entry['median_ms']:.3f} ms", str(entry["rows"]), target, note))
    table = "\n".join(f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows)
    return f"""## Queries

{q['events']:,} generated events ({q['entities']:,} entities now), engine time (parse + execute) per query, median of up to
{q['runs']} runs, release build. Machine: {machine()}.
Date: {datetime.date.today().isoformat()}. Command: `{command}`

| query | median | rows | target | note |
| --- | --- | --- | --- | --- |
{table}
"""


def wrk_figures(path: str) -> dict:
    """Requests/s, latency percentiles (ms) and failed responses from wrk --latency output."""
    text = open(path).read()

    def ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for percentile in ("50", "90", "99"):
        figures[f"p{percentile}"] = ms(re.search(rf"\s{percentile}%\s+(\S+)", text).group(1))
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:.*", text)
    figures["failed"] = int(failed.group(1)) if failed else 0
    transfer = re.search(r"Transfer/sec:\s+(\S+)", text)
    figures["transfer"] = transfer.group(1) if transfer else "?"
    figures["socket_errors"] = errors.group(0) if errors else ""
    return figures


def http_section(scratch: str, command: str, events: str, projection: str, body_bytes: str) -> str:
    targets = {"projection": "≥ 20,000/s", "projection-gzip": "≥ 20,000/s", "query": "≥ 5,000/s"}
    names = {
        "health": "GET /health (baseline: the cost of any request)",
        "projection": f"GET /projections/{projection} (cached)",
        "projection-gzip": f"… the same with Accept-Encoding: gzip, as browsers send it",
        "query": "POST /query, 1-hop (a person's labs)",
        "projection-writing": f"… GET /projections/{projection} (gzip) while 1,000 events/s are appended",
        "query-writing": "… POST /query, 1-hop, while 1,000 events/s are appended",
    }
    rows = []
    for key, name in names.items():
        f = wrk_figures(os.path.join(scratch, key + ".txt"))
        note = f"{f['transfer']}/s over loopback"
        if f["failed"]:
            note += f"; {f['failed']} failed responses"
        if f["socket_errors"]:
            note += "; " + f["socket_errors"]
        rows.append(f"| {name} | {f['rps']:,.0f}/s | {f['p50']:.2f} ms | {f['p90']:.2f} ms | {f['p99']:.2f} ms | {targets.get(key, '')} | {note} |")
    writer = json.load(open(os.path.join(scratch, "writer.json")))
    return f"""## HTTP

`kennis serve` (release) over {int(events):,} generated events, loaded on loopback by wrk (2 threads,
keep-alive connections) on the same 2 cores as the server. The projection's answer is {int(body_bytes):,} bytes
of JSON (a row per lab), so its rate is bound by copying bytes through loopback as much as by the server;
gzipped once per log position, it is about a tenth of that.
Machine: {machine()}.
Date: {datetime.date.today().isoformat()}. Command: `{command}`

| load | requests | p50 | p90 | p99 | target | note |
| --- | --- | --- | --- | --- | --- | --- |
{chr(10).join(rows)}

The writer appended {writer['events']:,} events at {writer['events_per_s']:,.0f} events/s in batches of 100 ({writer['failures']} failed),
append latency p50 {writer['append_p50_ms']:.1f} ms, p99 {writer['append_p99_ms']:.1f} ms. Each append moves the log, so a
projection fetched while writing is computed again once per new position (about ten times a second) and
served from the cache in between.
"""


def algorithms_section(a: dict, command: str) -> str:
    rows = []
    for entry in a["algorithms"]:
        theirs = entry["networkx_s"]
        ratio = f"{theirs / entry['kennis_s']:.1f}×" if theirs and entry["kennis_s"] > 0 else ""
        target = "≥ 10×" if entry["name"] in ("pageRank", "components", "louvain") else ""
        rows.append(f"| {entry['name']} | {entry['kennis_s'] * 1000:,.0f} ms | {theirs * 1000:,.0f} ms | {ratio} | {target} | {'agrees' if entry['ok'] else 'DISAGREES'}: {entry['detail']} |"
                    if theirs else f"| {entry['name']} | {entry['kennis_s'] * 1000:,.0f} ms |  |  |  | {entry['detail']} |")
    return f"""## Algorithms

A generated graph of {a['nodes']:,} nodes and {a['relationships']:,} relationships. Kennis: the engine time, in a
running `kennis serve`, of `CALL algo.…() YIELD … RETURN id(node), …` (the subgraph read from the versioned graph at the head, the
algorithm, {a['nodes']:,} result rows; median of 3 runs); networkx: the algorithm's call on a graph built beforehand,
once, after a warm-up on a tiny graph (numpy and scipy imported).
Machine: {machine()}. Date: {datetime.date.today().isoformat()}. Command: `{command}`

| algorithm | Kennis | networkx | networkx / Kennis | target | answer |
| --- | --- | --- | --- | --- | --- |
{chr(10).join(rows)}
"""


def main() -> None:
    kind, kennis_path, raw_path, command, out = sys.argv[1:6]
    if kind == "algorithms":
        write(algorithms_section(json.load(open(kennis_path)), command), "## Algorithms", out)
        return
    if kind == "http":
        section = http_section(kennis_path, command, sys.argv[6], sys.argv[7], sys.argv[8])
        title = "## HTTP"
        write(section, title, out)
        return
    kennis = json.load(open(kennis_path))
    if kind == "graph":
        section = graph_section(kennis, command)
        title = "## Graph"
    elif kind == "query":
        section = query_section(kennis, command)
        title = "## Queries"
    else:
        section = log_section(kennis, json.load(open(raw_path)), command)
        title = "## Event log"
    write(section, title, out)


def write(section: str, title: str, out: str) -> None:
    text = open(out).read() if os.path.exists(out) else (
        "# Benchmarks\n\nEvery figure here is written by a script in `tools/`, on the machine it names; "
        "rerun the command under a section to reproduce it.\n\n")
    pattern = re.compile(re.escape(title) + r"\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(section.rstrip() + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    open(out, "w").write(text)
    print(section)


if __name__ == "__main__":
    main()
