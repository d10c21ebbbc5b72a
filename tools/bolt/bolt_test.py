#!/usr/bin/env python3
"""Bolt with real clients: the official `neo4j` Python driver against a real `kennis serve` on a copy of
the shipped events — auto-commit queries, managed and explicit transactions, parameters of every type,
nodes, relationships and paths, summaries, bookmarks across sessions, neo4j:// routing, tokens, errors,
a large result pulled in batches, concurrent sessions, AS OF through transaction metadata — and raw
sockets sending what no driver would (a garbage handshake, a truncated chunk, an oversized message, an
unknown message, a wrong field count, random bytes), after which the server still answers and the
log is untouched.

  bolt_test.py --kennis .build/debug/kennis [--events events] [--fuzz-seconds 10]
"""

import argparse
import datetime
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import neo4j
from neo4j import GraphDatabase, basic_auth, bearer_auth

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from test_support import Failure, check, free_port  # noqa: E402  (tools/, shared by the Python tests)

WRITE = "bolt-test-write-token-0123456789"
READ = "bolt-test-read-token-0123456789"


class Server:
    def __init__(self, kennis, db):
        self.kennis, self.db = kennis, db
        self.http, self.bolt = free_port(), free_port()
        self.log = open(db + ".log", "w")
        env = dict(os.environ, KENNIS_TOKEN="steward:" + WRITE, KENNIS_READ_TOKEN="dashboard:" + READ)
        self.process = subprocess.Popen(
            [kennis, "serve", "--db", db, "--port", str(self.http), "--bolt-port", str(self.bolt), "--max-body", "65536",
             "--bookmark-wait", "3"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                self.head()
                with socket.create_connection(("127.0.0.1", self.bolt), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise Failure("kennis serve did not start")

    def head(self):
        request = urllib.request.Request(f"http://127.0.0.1:{self.http}/health")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["seq"]

    def http_query(self, text, as_of=None):
        body = {"query": text}
        if as_of is not None:
            body["as_of"] = as_of
        request = urllib.request.Request(f"http://127.0.0.1:{self.http}/query", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json", "Authorization": "Bearer " + READ})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()
        with open(self.db + ".log") as log:
            return log.read()


def driver(server, scheme="bolt", auth=None):
    return GraphDatabase.driver(f"{scheme}://127.0.0.1:{server.bolt}", auth=auth or basic_auth("steward", WRITE),
                                connection_timeout=10, max_transaction_retry_time=5)


def as_text(value):
    """A value as HTTP's JSON answers write it: temporal values (a lab's valid_from) as their ISO 8601 text."""
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_text(item) for item in value]
    return value.iso_format() if hasattr(value, "iso_format") else value


def test_queries(server):
    with driver(server) as d:
        d.verify_connectivity()
        records, summary, keys = d.execute_query(
            "MATCH (l:Lab)<-[r]-(p:Person) RETURN l, r, p, l.name AS name ORDER BY name, p.name, type(r)")
        check(keys == ["l", "r", "p", "name"], f"keys {keys}")
        http = server.http_query("MATCH (l:Lab)<-[r]-(p:Person) RETURN l, r, p, l.name AS name ORDER BY name, p.name, type(r)")
        check(len(records) == len(http["rows"]) > 0, "the same rows as over HTTP")
        for record, row in zip(records, http["rows"]):
            lab, rel, person = record["l"], record["r"], record["p"]
            check(lab.element_id == row[0]["id"] and set(lab.labels) == set(row[0]["labels"]) and as_text(dict(lab)) == row[0]["properties"],
                  "a node")
            check(rel.element_id == row[1]["id"] and rel.type == row[1]["type"], "a relationship")
            check(rel.start_node.element_id == row[1]["from"] and rel.end_node.element_id == row[1]["to"], "its ends")
            check(person.element_id == row[2]["id"], "the other node")
        # The integer id is stable: the same node has the same id in two queries.
        first = d.execute_query("MATCH (l:Lab {name: 'AI Methods Lab'}) RETURN l").records[0]["l"]
        again = d.execute_query("MATCH (l:Lab) WHERE l.name = 'AI Methods Lab' RETURN l").records[0]["l"]
        check(first.id == again.id and first.element_id == "lab:ai-methods", "stable ids")
        path = d.execute_query("MATCH p = (a:Person)-[:FOUNDED]->(l:Lab)<-[:HOSTED_BY|PART_OF*0..1]-(x) RETURN p LIMIT 5").records
        for record in path:
            p = record["p"]
            check(len(p.nodes) == len(p.relationships) + 1, "a path's nodes and relationships")
            for i, rel in enumerate(p.relationships):
                check({rel.start_node.element_id, rel.end_node.element_id} == {p.nodes[i].element_id, p.nodes[i + 1].element_id}, "a path's steps")
        back = d.execute_query("MATCH p = (l:Lab)<-[:FOUNDED]-(a:Person) RETURN p LIMIT 1").records[0]["p"]
        check(back.relationships[0].start_node.element_id == back.nodes[1].element_id, "a relationship walked against its direction")
        check(summary.server.agent.startswith("Neo4j/") and summary.server.protocol_version >= (5, 0), "the server")


def test_explain_and_profile(server):
    """The driver's summary.plan and summary.profile: the operators as a tree, PROFILE's rows measured."""
    with driver(server) as d:
        records, summary, _ = d.execute_query("EXPLAIN MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN l.name AS lab, count(*) AS n")
        check(records == [] and summary.plan is not None and summary.profile is None, "EXPLAIN: a plan and no rows")
        check(summary.plan["operatorType"] == "Return (grouping)", f"the root is the last clause: {summary.plan['operatorType']}")

        def operators(plan):
            return [plan["operatorType"]] + [name for child in plan["children"] for name in operators(child)]
        check({"Match", "NodeByLabelScan", "Expand"} <= set(operators(summary.plan)), f"the operators: {operators(summary.plan)}")
        people = d.execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"]
        records, summary, _ = d.execute_query("PROFILE MATCH (p:Person) WHERE p.name STARTS WITH 'P' RETURN p.name AS name")
        names = d.execute_query("MATCH (p:Person) WHERE substring(p.name, 0, 1) = 'P' RETURN p.name AS name").records
        check(sorted(r["name"] for r in records) == sorted(r["name"] for r in names) != [], "PROFILE answers the rows")
        profile = summary.profile
        check(profile is not None and profile["rows"] == len(records) and profile["time"] >= 0, f"the root's rows: {profile}")
        match = profile["children"][0]
        check(match["operatorType"] == "Match" and match["rows"] == len(records), f"the match's rows: {match}")
        seek = match["children"][0]
        check(seek["operatorType"] == "NodeIndexPrefixSeek" and 0 < seek["rows"] < people, f"the start read from the index: {seek}")


def test_parameters(server):
    values = {
        "null": None, "true": True, "int": 42, "big": 2 ** 62, "min": -2 ** 63, "negative": -17, "float": 1.5, "tiny": 5e-324,
        "unicode": "Größe 😀 ∑", "empty": "", "list": [1, "two", 3.0, None, [4, [5]]], "map": {"a": {"b": [1, {"c": "d"}]}, "e": None},
        "long": "x" * 30_000,
    }
    with driver(server) as d:
        for name, value in values.items():
            got = d.execute_query("RETURN $p AS p", p=value).records[0]["p"]
            check(got == value, f"the parameter {name}: {got!r:.80}")
        check(d.execute_query("RETURN $p AS p", p=b"\x01\x02").records[0]["p"] == [1, 2], "bytes arrive as a list of integers")
        # Dates both ways, as Bolt's Date structure (days since 1970-01-01).
        record = d.execute_query("RETURN $p AS p, $p.dayOfWeek AS weekday, date('1816-12-30') AS old", p=neo4j.time.Date(2024, 2, 29)).records[0]
        check(record["p"] == neo4j.time.Date(2024, 2, 29) and record["weekday"] == 4, f"a date parameter: {record['p']!r}")
        check(record["old"] == neo4j.time.Date(1816, 12, 30), f"a date answered: {record['old']!r}")
        # Every temporal type both ways, as its Bolt structure (5.x sends a DateTime as its instant).
        temporals = {
            "localtime": neo4j.time.Time(12, 31, 14, 645876123),
            "localdatetime": neo4j.time.DateTime(2024, 1, 1, 12, 0, 0, 5),
            "duration": neo4j.time.Duration(years=1, months=2, days=3, hours=4, minutes=5, seconds=6, nanoseconds=7),
        }
        for name, value in temporals.items():
            got = d.execute_query("RETURN $p AS p", p=value).records[0]["p"]
            check(got == value, f"a {name} parameter: {got!r} for {value!r}")
        # A date-time at an offset, as Python's own. (Not one in a zoneinfo zone: the driver hands the
        # zone its own DateTime to ask for the offset, which crashes CPython's C zoneinfo at random —
        # the named-zone structure is checked in Swift, BoltProtocolTests.)
        at_offset = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-4, minutes=-30)))
        got = d.execute_query("RETURN $p AS p, $p.offsetMinutes AS minutes", p=at_offset).records[0]
        check(got["p"].to_native() == at_offset and got["minutes"] == -270, f"a datetime parameter at an offset: {got!r}")
        # A time at an offset (the driver asks its tzinfo for the offset of a time, which datetime.timezone refuses).
        at_one = neo4j.time.Time(12, 31, 14, 645876123, tzinfo=FixedOffset(60))
        got = d.execute_query("RETURN $p AS p, $p.offsetMinutes AS minutes", p=at_one).records[0]
        check((got["p"].hour, got["p"].minute, got["p"].nanosecond, got["minutes"]) == (12, 31, 645876123, 60), f"a time parameter: {got!r}")
        record = d.execute_query(
            "RETURN datetime('2017-10-29T02:30+01:00[Europe/Stockholm]') AS dt, duration.between(date('2024-01-31'), date('2024-03-01')) AS d"
        ).records[0]
        dt = record["dt"]
        check((dt.year, dt.month, dt.day, dt.hour, dt.minute) == (2017, 10, 29, 2, 30) and "Europe/Stockholm" in str(dt.tzinfo), f"a datetime answered: {dt!r}")
        check(record["d"] == neo4j.time.Duration(months=1, days=1), f"a duration answered: {record['d']!r}")


class FixedOffset(datetime.tzinfo):
    """An offset the driver can ask about a time as well as a date-time."""

    def __init__(self, minutes):
        self.delta = datetime.timedelta(minutes=minutes)

    def utcoffset(self, _):
        return self.delta

    def dst(self, _):
        return datetime.timedelta(0)

    def tzname(self, _):
        return None


def test_transactions(server):
    with driver(server) as d:
        start = server.head()
        with d.session() as session:
            def create(tx, name):
                summary = tx.run("CREATE (p:Person {name: $name}) RETURN p", name=name).consume()
                return summary.counters.nodes_created
            check(session.execute_write(create, "Managed Write") == 1, "a managed write")
            check(session.execute_read(lambda tx: tx.run("MATCH (p:Person {name: 'Managed Write'}) RETURN count(p) AS c").single()["c"]) == 1,
                  "a managed read sees it")
            tx = session.begin_transaction()
            tx.run("CREATE (:Person {name: 'Rolled Back'})").consume()
            check(tx.run("MATCH (p:Person {name: 'Rolled Back'}) RETURN count(p) AS c").single()["c"] == 1, "a transaction reads its writes")
            tx.rollback()
            tx = session.begin_transaction()
            for i in range(3):
                tx.run("CREATE (:Person {name: $n})", n=f"Batch {i}").consume()
            tx.commit()
        check(server.head() == start + 4, f"1 managed + 3 in one transaction = 4 events, nothing for the rollback ({server.head() - start})")
        summary = d.execute_query("CREATE (:Person {name: 'Counted'})").summary
        check(summary.counters.nodes_created == 1 and summary.counters.contains_updates, "the summary's counters")
        check(summary.query_type == "w", f"the query type {summary.query_type}")


def test_bookmarks_and_routing(server):
    with driver(server, scheme="neo4j") as d:
        with d.session() as writer:
            writer.run("CREATE (:Person {name: 'Bookmarked'})").consume()
            bookmarks = writer.last_bookmarks()
        check(any(b.startswith("kennis:") for b in bookmarks.raw_values), f"a bookmark is a log position: {bookmarks}")
        with d.session(bookmarks=bookmarks, default_access_mode=neo4j.READ_ACCESS) as reader:
            check(reader.run("MATCH (p:Person {name: 'Bookmarked'}) RETURN count(p) AS c").single()["c"] == 1, "read after the bookmark")
        seq = int(next(iter(bookmarks.raw_values)).split(":")[1])
        future = neo4j.Bookmarks.from_raw_values([f"kennis:{seq + 1000}"])
        started = time.time()
        try:
            with d.session(bookmarks=future) as waiting:
                waiting.run("RETURN 1").consume()
            raise Failure("a bookmark past the head was served")
        except (neo4j.exceptions.TransientError, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
            check(time.time() - started < 30, f"the wait is bounded by --bookmark-wait ({error})")


def test_as_of(server):
    with driver(server) as d:
        with d.session() as session:
            result = session.run(neo4j.Query("MATCH (n) RETURN count(n) AS c", metadata={"as_of": 100}))
            count = result.single()["c"]
        check(count == server.http_query("MATCH (n) RETURN count(n) AS c", as_of=100)["rows"][0][0], "as_of in the metadata")
        in_query = d.execute_query("AS OF 100 MATCH (n) RETURN count(n) AS c").records[0]["c"]
        check(in_query == count, "AS OF in the query")


def test_tokens_and_errors(server):
    try:
        with driver(server, auth=basic_auth("x", "wrong-token-000000000")) as d:
            d.verify_connectivity()
        raise Failure("a wrong token connected")
    except neo4j.exceptions.AuthError:
        pass
    try:
        with GraphDatabase.driver(f"bolt://127.0.0.1:{server.bolt}", auth=None) as d:
            d.execute_query("RETURN 1")
        raise Failure("no token read a server whose reads need one")
    except neo4j.exceptions.AuthError:
        pass
    with driver(server, auth=bearer_auth(READ)) as d:
        check(d.execute_query("RETURN 1 AS one").records[0]["one"] == 1, "a read token reads")
        try:
            d.execute_query("CREATE (:Person {name: 'Not Allowed'})")
            raise Failure("a read token wrote")
        except neo4j.exceptions.Forbidden as error:
            check(error.code == "Neo.ClientError.Security.Forbidden", error.code)
    with driver(server) as d:
        try:
            d.execute_query("MATCH (n:Person RETURN n")
            raise Failure("a syntax error ran")
        except neo4j.exceptions.CypherSyntaxError as error:
            check(error.code == "Neo.ClientError.Statement.SyntaxError" and "line 1, column" in error.message, error.message)
        try:
            d.execute_query("RETURN $x * 2 AS y", x="a")
            raise Failure("a type error ran")
        except neo4j.exceptions.ClientError as error:
            check(error.code == "Neo.ClientError.Statement.TypeError", error.code)
        # The connection is usable after a failure (the driver RESETs it).
        check(d.execute_query("RETURN 2 AS two").records[0]["two"] == 2, "after a failure")


def test_large_result_and_concurrency(server):
    with driver(server) as d:
        # 300,000 rows, three times what the server lets a query hold (--max-rows 100,000): a streamed
        # answer is made as the driver pulls it, batch by batch, never held.
        with d.session(fetch_size=1000) as session:
            total, count = 0, 0
            for record in session.run("UNWIND range(1, 300000) AS i RETURN i"):
                total += record["i"]
                count += 1
            check(count == 300000 and total == 300000 * 300001 // 2, f"a large result in batches: {count}")
            # In a managed read transaction too (BEGIN … RUN … PULL … COMMIT), and a MATCH streamed.
            names = session.execute_read(lambda tx: [r["n"] for r in tx.run("MATCH (p:Person) RETURN p.name AS n")])
            check(len(names) == session.run("MATCH (p:Person) RETURN count(p) AS c").single()["c"], "a streamed MATCH")
            # Reading a few rows of a long answer and leaving: the rest is discarded, not made.
            result = session.run("UNWIND range(1, 5000000) AS i RETURN i")
            rows = iter(result)
            first = [next(rows)["i"] for _ in range(3)]
            summary = result.consume()
            check(first == [1, 2, 3] and summary.query_type == "r", f"an answer left early: {first}")
            # An answer that must be held whole (ORDER BY) still meets the row limit, with its code.
            try:
                session.run("UNWIND range(1, 300000) AS i RETURN i ORDER BY i DESC").consume()
                check(False, "an ordered answer past the row limit was held")
            except neo4j.exceptions.ClientError as error:
                check(error.code == "Neo.ClientError.Statement.LimitExceeded", f"row limit: {error.code}")
        errors = []

        def worker(n):
            try:
                with d.session() as session:
                    for _ in range(20):
                        c = session.run("MATCH (l:Lab) WHERE l.name STARTS WITH $p RETURN count(l) AS c", p="AI").single()["c"]
                        check(c > 0, "a concurrent answer")
            except Exception as error:
                errors.append(error)
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(not errors, f"concurrent sessions: {errors[:2]}")


def handshake():
    return b"\x60\x60\xb0\x17" + bytes([0, 0, 4, 5]) + bytes(12)


def chunk(message):
    return struct.pack(">H", len(message)) + message + b"\x00\x00"


def exchange(server, data, read=True, wait=2.0):
    """Sends `data` on a new connection; what came back until the server closed it or `wait` passed."""
    with socket.create_connection(("127.0.0.1", server.bolt), timeout=5) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            return b""
        s.settimeout(wait)
        received = b""
        try:
            while read:
                part = s.recv(65536)
                if not part:
                    break
                received += part
        except (socket.timeout, ConnectionResetError):
            pass
        return received


def test_websocket(server):
    """Bolt inside WebSocket binary frames on the Bolt port, as browser tools speak it."""
    from websockets.sync.client import connect

    def messages(ws, count):
        """The next `count` messages, from frames split anywhere."""
        data, found = b"", []
        while len(found) < count:
            data += ws.recv(timeout=10)
            while True:
                parsed = read_message(data)
                if parsed is None:
                    break
                message, data = parsed
                found.append(message)
        return found

    with connect(f"ws://127.0.0.1:{server.bolt}/", open_timeout=10) as ws:
        ws.send(handshake())
        check(ws.recv(timeout=10) == bytes([0, 0, 4, 5]), "the handshake over WebSocket")
        ws.send(chunk(b"\xb1\x01\xa0") + logon_message())
        answers = messages(ws, 2)
        check(all(a[:2] == b"\xb1\x70" for a in answers), f"HELLO and LOGON over WebSocket: {answers}")
        query = b"RETURN 41 + 1 AS x"
        ws.send(chunk(bytes([0xB3, 0x10, 0xD0, len(query)]) + query + b"\xa0\xa0") + chunk(b"\xb1\x3f\xa0"))
        run, record, done = messages(ws, 3)
        check(run[:2] == b"\xb1\x70" and record == b"\xb1\x71\x91\x2a" and done[:2] == b"\xb1\x70", f"RUN and PULL over WebSocket: {record}")


def read_message(data):
    """The first whole message of `data` (its chunks joined) and the bytes after it, or None."""
    message, offset = b"", 0
    while offset + 2 <= len(data):
        size = struct.unpack(">H", data[offset:offset + 2])[0]
        if offset + 2 + size > len(data):
            return None
        message += data[offset + 2:offset + 2 + size]
        offset += 2 + size
        if size == 0:
            return message, data[offset:]
    return None


def logon_message():
    return chunk(bytes([0xB1, 0x6A, 0xA3]) + b"\x86scheme\x85basic\x89principal\x81x\x8bcredentials" + bytes([0xD0, len(WRITE)]) + WRITE.encode())


def test_hostile_bytes(server, fuzz_seconds):
    start = server.head()
    hello = chunk(b"\xb1\x01\xa0")
    logon = logon_message()
    plain = exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    check(plain.startswith(b"HTTP/1.1 426"), f"a plain HTTP request on the Bolt port: {plain[:60]}")
    check(exchange(server, b"\x16\x03\x01\x02\x00garbage") == b"", "a garbage handshake is closed")
    check(exchange(server, b"\x60\x60\xb0\x17" + bytes([0, 0, 0, 3]) + bytes(12)) == b"\x00\x00\x00\x00", "no common version")
    check(exchange(server, handshake() + b"\x00\x10\xb1\x01") == bytes([0, 0, 4, 5]), "a truncated chunk: nothing answered")
    oversized = handshake() + b"".join(struct.pack(">H", 65535) + bytes(65535) for _ in range(2))
    check(exchange(server, oversized) == bytes([0, 0, 4, 5]), "an oversized message is closed unanswered")
    unknown = exchange(server, handshake() + chunk(b"\xb0\x55"))
    check(b"InvalidFormat" in unknown and b"unknown message tag" in unknown, f"an unknown message: {unknown[:80]}")
    wrong = exchange(server, handshake() + hello + logon + chunk(b"\xb1\x10\x81x"))
    check(b"RUN has 1 fields" in wrong, f"a wrong field count: {wrong[-80:]}")
    deep = exchange(server, handshake() + hello + logon + chunk(b"\xb3\x10\x81x" + b"\x91" * 100 + b"\xc0" + b"\xa0"))
    check(b"nest deeper" in deep, "deep nesting")
    rng = random.Random(7)
    deadline = time.time() + fuzz_seconds
    sent = 0
    while time.time() < deadline:
        prefix = rng.choice([b"", handshake(), handshake() + hello, handshake() + hello + logon, b"GET / HTTP/1.1\r\n",
                             b"GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                             b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"])
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        if rng.random() < 0.5:
            noise = chunk(bytes([0xB0 | rng.randrange(4), rng.choice([0x10, 0x3F, 0x2F, 0x11, 0x12, 0x01, 0x6A, 0x66])]) + noise[:200])
        exchange(server, prefix + noise, read=rng.random() < 0.3, wait=0.2)
        sent += 1
    check(server.head() == start, "hostile bytes wrote nothing")
    with driver(server) as d:
        check(d.execute_query("RETURN 1 AS one").records[0]["one"] == 1, "the server still answers")
    print(f"bolt: {sent} hostile connections in {fuzz_seconds} s, the server still answers, nothing written")


def test_readme_example(server):
    """The README's Python example, as written, against this server."""
    readme = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## Bolt: Neo4j's drivers and tools"):]
    code = section[section.index("```python\n") + len("```python\n"):section.index("```\n", section.index("```python"))]
    scope = {"token": WRITE}
    exec(code.replace("127.0.0.1:7687", f"127.0.0.1:{server.bolt}"), scope)
    check(scope["records"] and scope["then"] > 0 and len(scope["ties"]) > 100, "the README's example answers")


def test_bolt_port_taken(server):
    """A second server on the first one's Bolt port says so and exits 1, without serving HTTP alone."""
    taken = subprocess.run(
        [server.kennis, "serve", "--db", server.db, "--port", str(free_port()), "--bolt-port", str(server.bolt)],
        capture_output=True, text=True, timeout=60)
    check(taken.returncode == 1 and f"cannot serve Bolt on 127.0.0.1:{server.bolt}" in taken.stderr,
          f"a taken Bolt port: {taken.returncode} {taken.stderr[-300:]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kennis", required=True)
    parser.add_argument("--events", default="events")
    parser.add_argument("--fuzz-seconds", type=float, default=10)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="kennis-bolt-")
    db = os.path.join(work, "db")
    files = sorted(os.path.join(args.events, f) for f in os.listdir(args.events) if f.endswith(".jsonl"))
    subprocess.run([args.kennis, "import", "--db", db, *files], check=True, stdout=subprocess.DEVNULL)
    server = Server(args.kennis, db)
    log = ""
    try:
        for test in [test_queries, test_explain_and_profile, test_parameters, test_transactions, test_bookmarks_and_routing, test_as_of, test_tokens_and_errors,
                     test_large_result_and_concurrency, test_websocket, test_readme_example,
                     test_bolt_port_taken]:
            test(server)
            print(f"bolt: {test.__name__} ok")
        test_hostile_bytes(server, args.fuzz_seconds)
        request = urllib.request.Request(f"http://127.0.0.1:{server.http}/metrics", headers={"Authorization": "Bearer " + READ})
        with urllib.request.urlopen(request, timeout=10) as response:
            metrics = response.read().decode()
        check('kennis_bolt_queries_total{outcome="ok"}' in metrics and "kennis_bolt_connections_open" in metrics,
              "Bolt's queries and connections in /metrics")
        check('kennis_bolt_queries_total{outcome="Neo.ClientError.Statement.SyntaxError"}' in metrics, "failed queries by code")
    finally:
        log = server.stop()
    check(WRITE not in log and READ not in log, "a token in the server's log")
    verify = subprocess.run([args.kennis, "verify", "--db", db], capture_output=True, text=True)
    check(verify.returncode == 0, f"the log verifies: {verify.stdout}{verify.stderr}")
    shutil.rmtree(work, ignore_errors=True)
    print("bolt: the neo4j driver and hostile clients passed; the log verifies")


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        print(f"bolt test FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
