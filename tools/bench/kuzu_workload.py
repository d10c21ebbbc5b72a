"""The peer side of tools/bench/run's workload: Kùzu, loaded with COPY FROM from the CSV files of the
same final state WorkloadBenchmark exported (`kennis export --format csv`'s layout and Kùzu script), runs the same queries in its dialect with the same
parameters. Each answer must equal Kennis's (as a multiset where the query has no ORDER BY, lists
sorted where collect has no order); a difference fails the run loudly — a fast wrong answer is a bug.

Usage: kuzu_workload.py WORKLOAD.json OUT_DIR KENNIS.json RUNS  ->  one JSON object on stdout.
"""

import json
import math
import os
import shutil
import sys
import time

import kuzu


def percentile(times, p):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(p * len(ordered)) - 1)]


def median(times):
    return sorted(times)[len(times) // 2]


def normalise(value, sort_lists):
    """A cell as comparable JSON-like data: floats rounded, lists sorted when their order is not defined."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, list):
        items = [normalise(item, sort_lists) for item in value]
        return sorted(items, key=json.dumps) if sort_lists else items
    return value


def rows_of(answer, query):
    rows = [[normalise(cell, query.get("sortLists", False)) for cell in row] for row in answer]
    return sorted(rows, key=json.dumps) if query.get("unordered") else rows


def load_export(csv_dir, path):
    """A Kùzu database at `path` loaded from a `kennis export --format csv` directory by the
    kuzu-schema.cypher the export writes beside its files (one statement a line, run from the
    directory); returns the database, a connection and the load time in seconds."""
    shutil.rmtree(path, ignore_errors=True)
    if os.path.exists(path):
        os.remove(path)
    database = kuzu.Database(path)
    connection = kuzu.Connection(database)
    with open(os.path.join(csv_dir, "kuzu-schema.cypher")) as f:
        statements = [line.strip() for line in f if line.strip() and not line.startswith("//")]
    here = os.getcwd()
    os.chdir(csv_dir)
    try:
        started = time.perf_counter()
        for statement in statements:
            connection.execute(statement)
        seconds = time.perf_counter() - started
    finally:
        os.chdir(here)
    return database, connection, seconds


def load(out_dir):
    """A Kùzu database of the state WorkloadBenchmark exported; returns the connection and the load time."""
    return load_export(os.path.join(out_dir, "csv"), os.path.join(out_dir, "kuzu.db"))


def main():
    workload_path, out_dir, kennis_path, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    workload = json.load(open(workload_path))["queries"]
    kennis = json.load(open(kennis_path))
    theirs = {entry["name"]: entry for entry in kennis["queries"]}
    parameters = kennis["subjects"]
    database, connection, load_seconds = load(out_dir)
    results, wrong = [], []
    missing = [query["name"] for query in workload if query["name"] not in theirs]
    if missing:
        # Every workload query is compared, or the run fails: a query left out would pass unseen.
        raise SystemExit(f"Kennis's results have no answer for: {', '.join(missing)}")
    for query in workload:
        wanted = {name: value for name, value in parameters.items() if f"${name}" in query["kuzu"]}
        count = theirs[query["name"]]["runs"]
        times, answer = [], None
        for _ in range(count):
            started = time.perf_counter()
            result = connection.execute(query["kuzu"], wanted)
            rows = []
            while result.has_next():
                rows.append(result.get_next())
            times.append(time.perf_counter() - started)
            answer = rows
        ours = rows_of(theirs[query["name"]]["answer"]["rows"], query)
        peer = rows_of(answer, query)
        agrees = ours == peer
        if not agrees:
            wrong.append(f"{query['name']}: Kennis {json.dumps(ours)[:300]} vs Kùzu {json.dumps(peer)[:300]}")
        results.append({
            "name": query["name"], "median_ms": median(times) * 1000, "p95_ms": percentile(times, 0.95) * 1000,
            "runs": count, "rows": len(answer), "agrees": agrees,
        })
    print(json.dumps({"version": kuzu.__version__, "load_s": load_seconds, "queries": results}))
    if wrong:
        for line in wrong:
            print(f"ANSWERS DIFFER: {line}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
