"""Appends synthetic events to a running `kennis serve` at a steady rate, for the HTTP load test.

Usage: http_writer.py PORT TOKEN EVENTS_PER_SECOND SECONDS RESULT.json [ID_PREFIX]
Posts a batch of EVENTS_PER_SECOND / 10 new Person entities every 100 ms (their ids are fresh, so
every batch is accepted) and writes how many events were acknowledged and the append latencies.
"""

import http.client
import json
import sys
import time


def main() -> None:
    port, token, rate, seconds, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
    prefix = sys.argv[6] if len(sys.argv) > 6 else "load"  # a second writer on one database needs its own
    per_batch = max(1, rate // 10)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    started = time.monotonic()
    sent, failures, latencies, n = 0, 0, [], 0
    while time.monotonic() - started < seconds:
        tick = started + n * 0.1
        delay = tick - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        events = [
            {"type": "entity.created", "id": f"person:{prefix}-{n}-{i}", "kind": "Person", "props": {"name": f"Load {n} {i}"}}
            for i in range(per_batch)
        ]
        body = json.dumps(events)
        begun = time.monotonic()
        connection.request("POST", "/events", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append((time.monotonic() - begun) * 1000)
        if response.status == 201:
            sent += per_batch
        else:
            failures += 1
        n += 1
    elapsed = time.monotonic() - started
    latencies.sort()
    json.dump({
        "events": sent, "failures": failures, "seconds": elapsed, "events_per_s": sent / elapsed,
        "append_p50_ms": latencies[len(latencies) // 2] if latencies else 0,
        "append_p99_ms": latencies[int(len(latencies) * 0.99)] if latencies else 0,
    }, open(out, "w"))


if __name__ == "__main__":
    main()
