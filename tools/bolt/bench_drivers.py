#!/usr/bin/env python3
"""Point lookups through the official neo4j Python driver over Bolt, and through a keep-alive HTTP
client (http.client, JSON) on the same server, interleaved in rounds so both see the same machine.
Prints medians as JSON.  bench_drivers.py BOLT_PORT HTTP_PORT TOKEN IDS_FILE [--seconds S] [--rounds R]"""

import http.client
import json
import statistics
import sys
import time

from neo4j import GraphDatabase, basic_auth

QUERY = "MATCH (p:Person {`@id`: $id}) RETURN p.name AS name"


def bolt_round(session, ids, seconds):
    latencies, i, deadline = [], 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        record = session.run(QUERY, id=ids[i % len(ids)]).single()
        latencies.append(time.perf_counter() - started)
        assert record is not None
        i += 1
    return latencies


def http_round(connection, token, ids, seconds):
    latencies, i, deadline = [], 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        body = json.dumps({"query": QUERY, "params": {"id": ids[i % len(ids)]}})
        connection.request("POST", "/query", body=body, headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
        answer = json.loads(connection.getresponse().read())
        latencies.append(time.perf_counter() - started)
        assert answer["rows"]
        i += 1
    return latencies


def main():
    bolt_port, http_port, token, ids_file = sys.argv[1:5]
    seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 3
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    ids = [line.strip() for line in open(ids_file) if line.strip()]
    results = {"bolt": [], "http": []}
    with GraphDatabase.driver(f"bolt://127.0.0.1:{bolt_port}", auth=basic_auth("bench", token)) as driver:
        with driver.session() as session:
            connection = http.client.HTTPConnection("127.0.0.1", int(http_port))
            bolt_round(session, ids, 0.5)
            http_round(connection, token, ids, 0.5)
            for _ in range(rounds):
                for name in ["bolt", "http"]:
                    latencies = bolt_round(session, ids, seconds) if name == "bolt" else http_round(connection, token, ids, seconds)
                    results[name].append({"per_second": len(latencies) / seconds, "median_ms": statistics.median(latencies) * 1000})
    summary = {name: {"per_second": statistics.median(r["per_second"] for r in runs),
                      "median_ms": statistics.median(r["median_ms"] for r in runs)} for name, runs in results.items()}
    summary["bolt_over_http_time"] = summary["bolt"]["median_ms"] / summary["http"]["median_ms"]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
