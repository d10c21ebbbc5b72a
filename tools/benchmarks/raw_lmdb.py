"""The physical floor for the event log: append the same JSON Lines bytes into LMDB with Python's
`lmdb` package (one transaction, big-endian seq keys, MDB_APPEND), then scan them with a cursor.

Usage: raw_lmdb.py EVENTS.jsonl SCRATCH_DIR RUNS  ->  one JSON object on stdout (medians).
"""

import json
import os
import shutil
import statistics
import struct
import sys
import time

import lmdb


def main() -> None:
    source, scratch, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(source, "rb") as f:
        lines = [line.rstrip(b"\r\n") for line in f if line.strip() and not line.lstrip().startswith(b"//")]
    append_rates, scan_rates = [], []
    for run in range(runs):
        path = os.path.join(scratch, f"raw-{run}")
        shutil.rmtree(path, ignore_errors=True)
        env = lmdb.open(path, map_size=8 << 30, writemap=True, max_dbs=4)
        events = env.open_db(b"events")
        started = time.perf_counter()
        with env.begin(write=True) as txn:
            cursor = txn.cursor(db=events)
            for seq, line in enumerate(lines, 1):
                cursor.put(struct.pack(">Q", seq), line, append=True)
        append_rates.append(len(lines) / (time.perf_counter() - started))
        started = time.perf_counter()
        count = 0
        with env.begin(db=events) as txn:
            for _key, value in txn.cursor():
                count += len(value) > 0
        scan_rates.append(count / (time.perf_counter() - started))
        env.close()
        shutil.rmtree(path, ignore_errors=True)
    print(json.dumps({
        "events": len(lines),
        "bytes": sum(len(line) for line in lines),
        "append_events_per_s": statistics.median(append_rates),
        "scan_events_per_s": statistics.median(scan_rates),
        "lmdb_version": ".".join(map(str, lmdb.version())),
        "python_lmdb": lmdb.__version__,
    }))


if __name__ == "__main__":
    main()
