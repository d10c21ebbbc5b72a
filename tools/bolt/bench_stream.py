#!/usr/bin/env python3
"""Memory of a large answer through Bolt: 1,000,000 rows pulled with the official neo4j Python
driver, while the server's resident memory (VmRSS of /proc/PID/status) is sampled every 10 ms.
Streamed in batches of 1,000 (fetch_size), streamed all at once (fetch_size -1: one PULL, the server
paced by the socket), and — the baseline — the same rows held whole (ORDER BY makes the server
compute every row before the first goes). Prints rows/s and the peak above idle as JSON.
bench_stream.py PID BOLT_PORT TOKEN [--rows N]"""

import json
import sys
import threading
import time

from neo4j import GraphDatabase, basic_auth


def resident_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Sampler:
    """The highest resident memory seen while it runs."""

    def __init__(self, pid):
        self.pid, self.peak, self.running = pid, 0.0, True
        self.thread = threading.Thread(target=self.run)

    def run(self):
        while self.running:
            self.peak = max(self.peak, resident_mb(self.pid))
            time.sleep(0.01)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.running = False
        self.thread.join()


def pull(driver, pid, query, fetch_size, rows):
    idle = resident_mb(pid)
    with driver.session(fetch_size=fetch_size) as session, Sampler(pid) as sampler:
        started, count, total = time.perf_counter(), 0, 0
        for record in session.run(query, n=rows):
            count += 1
            total += record[0]
        seconds = time.perf_counter() - started
    assert count == rows and total == rows * (rows + 1) // 2, (count, total)
    return {"rows_per_second": round(rows / seconds), "idle_mb": round(idle, 1), "peak_above_idle_mb": round(sampler.peak - idle, 1)}


def main():
    pid, port, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else 1_000_000
    streamed = "UNWIND range(1, $n) AS i RETURN i, 'row ' + toString(i) AS text"
    held = streamed + " ORDER BY i"
    with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=basic_auth("bench", token)) as driver:
        pull(driver, pid, streamed, 1000, 10_000)  # warm up
        results = {
            "streamed_fetch_1000": pull(driver, pid, streamed, 1000, rows),
            "streamed_fetch_all": pull(driver, pid, streamed, -1, rows),
            "held_fetch_1000": pull(driver, pid, held, 1000, rows),
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
