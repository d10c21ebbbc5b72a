#!/usr/bin/env python3
"""An HTTP fuzzer for `kennis serve`, run by tools/fuzz-http.

It starts the server on a fresh copy of a database, then sends it malformed and adversarial requests
from several processes for a bounded time: every route and method, odd methods, raw and invalid bytes
in paths, parameters and bodies, deeply nested and very long queries and JSON, absurd numbers,
conflicting framing headers, bad chunk sizes, pipelined and truncated requests, oversized heads,
valid and invalid events and writes, with and without tokens. Its oracle:

- the server process never exits;
- every answer is an HTTP response with a documented status, never a 5xx but 503 (overloaded) and
  504 (query timeout), and every error carries the JSON error body {"error": {"code", "message"}};
- nothing is appended by a rejected request: at the end the log's head has moved by exactly the
  events that accepted appends (201) and writing queries (their stats) reported;
- `kennis verify` passes on the database afterwards.

Standard library only; seeded, so a failure reproduces with the same --seed.
"""
import argparse
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOKEN = "fuzz-token-0123456789abcdef"
DOCUMENTED = {200, 201, 304, 400, 401, 403, 404, 405, 408, 409, 413, 422, 431, 503, 504}
ROUTES = [
    ("POST", "/query"), ("GET", "/query"), ("POST", "/events"), ("GET", "/events"), ("GET", "/events/stream"),
    ("GET", "/entities/{id}"), ("GET", "/entities/{id}/history"), ("GET", "/projections"),
    ("GET", "/projections/{name}"), ("GET", "/health"), ("GET", "/metrics"), ("GET", "/openapi.json"),
    ("GET", "/"), ("GET", "/workbench/{name}"), ("GET", "/examples"), ("GET", "/timeline"), ("GET", "/diff"),
    ("GET", "/export"), ("POST", "/backup"),
]
IDS = ["lab:imaging", "person:carl-moons", "lab:ai-methods", "MEMBER_OF:person:x->lab:y", "nobody", "", "%00",
       "a%2Fb", "%FF%FE", "lab:imaging%3E", "..%2F..%2Fetc%2Fpasswd", "x" * 5000]
QUERIES = [
    "MATCH (n) RETURN count(n)", "MATCH (l:Lab)<-[r]-(p:Person) RETURN l.name, count(p) ORDER BY l.name",
    "MATCH (p:Person {`@id`: $id}) RETURN p", "RETURN 1", "UNWIND range(1, 10) AS i RETURN i * 2",
    "MATCH p = shortestPath((a:Person)-[*..4]-(b:Lab)) RETURN length(p) LIMIT 3",
    "CALL db.labels() YIELD label RETURN label", "MATCH (n) WHERE n.name STARTS WITH 'A' RETURN n.name LIMIT 5",
    "CREATE (:Person {name: 'fuzz'})", "MATCH (n:Person {name: 'fuzz'}) DETACH DELETE n",
    "MERGE (l:Lab {`@id`: 'lab:fuzz'}) ON CREATE SET l.name = 'Fuzz'", "AS OF 100 MATCH (n) RETURN count(n)",
    "RETURN [x IN range(1,5) WHERE x > 2 | x ^ 2]", "RETURN $p.q[0]", "MATCH (n:Lab) SET n.fuzzed = coalesce(n.fuzzed, 0) + 1",
]
# Queries that may run until the server's time limit, or write thousands of events: a tenth of the
# canned ones, so that they are tried often without taking all of the fuzzer's time.
HEAVY_QUERIES = [
    "MATCH (a)-[*1..3]-(b) RETURN count(*)", "MATCH (a),(b),(c) RETURN count(*) LIMIT 1", "MATCH (n) SET n.x = 1",
    "CALL algo.pageRank() YIELD node, score RETURN score LIMIT 1", "CALL algo.louvain() YIELD node, community RETURN count(*)",
]
PIECES = ["(", ")", "[", "]", "{", "}", ":", ",", "-", "->", "<-", "*", "..", "'", '"', "`", "$", "MATCH", "RETURN",
          "WHERE", "AND", "OR", "NOT", "CASE", "WHEN", "END", "UNION", "WITH", "1", "1.5e308", "-9223372036854775808",
          "null", "n", "x.y", "=~", "\\u0000", "\u00e9", "\U0001F600", " "]


def deep_query(rng):
    n = rng.choice([10, 500, 999, 1001, 3000, 20000, 100000])
    shape = rng.randrange(9)
    if shape == 0:
        return "RETURN " + "(" * n + "1" + ")" * n
    if shape == 1:
        return "RETURN " + "[" * n + "1" + "]" * n
    if shape == 2:
        return "RETURN " + "+".join(["1"] * n)
    if shape == 3:
        return "RETURN " + " AND ".join(["true"] * n)
    if shape == 4:
        return "RETURN " + "{a:" * n + "1" + "}" * n
    if shape == 5:
        return "RETURN " + "NOT " * n + "true"
    if shape == 6:
        return "MATCH " + ",".join("(n%d)" % i for i in range(min(n, 2000))) + " RETURN 1 LIMIT 1"
    if shape == 7:
        return " UNION ALL ".join(["RETURN 1 AS x"] * min(n, 20000))
    return "RETURN '" + "a" * (n * 10) + "'"


def canned_query(rng):
    return rng.choice(HEAVY_QUERIES if rng.random() < 0.1 else QUERIES)


def mutated_query(rng):
    q = list(canned_query(rng))
    for _ in range(rng.randrange(1, 6)):
        at = rng.randrange(len(q) + 1)
        op = rng.randrange(3)
        if op == 0 and q:
            del q[min(at, len(q) - 1)]
        elif op == 1:
            q.insert(at, rng.choice(PIECES))
        elif q:
            j = rng.randrange(len(q))
            i = min(at, len(q) - 1)
            q[i], q[j] = q[j], q[i]
    return "".join(q)


def a_query(rng):
    r = rng.random()
    if r < 0.45:
        return canned_query(rng)
    if r < 0.85:
        return mutated_query(rng)
    return deep_query(rng)


def deep_json(rng):
    n = rng.choice([10, 255, 257, 5000, 100000])
    return ("[" * n + "]" * n) if rng.random() < 0.5 else ('{"a":' * n + "1" + "}" * n)


def an_event(rng):
    kinds = ["Person", "Lab", "Institution", "Spaceship", "", None]
    types = ["entity.created", "entity.updated", "entity.retired", "relation.added", "relation.removed", "bogus", None]
    event = {}
    if rng.random() < 0.9:
        event["type"] = rng.choice(types)
    if rng.random() < 0.9:
        event["id"] = rng.choice(["person:fuzz-%d" % rng.randrange(1000), "lab:imaging", "", "x" * 3000, 12])
    if rng.random() < 0.7:
        event["kind"] = rng.choice(kinds)
    if rng.random() < 0.7:
        event["props"] = rng.choice([{}, {"name": "F"}, {"n": [1, 2]}, {"o": {"nested": 1}}, {"x": 1e308}, []])
    if rng.random() < 0.3:
        event["from"], event["to"] = "person:carl-moons", rng.choice(["lab:imaging", "nobody"])
        event["rel"] = rng.choice(["MEMBER_OF", "WORKS_AT", "bad type"])
    if rng.random() < 0.5:
        event["source"] = "https://example.org/fuzz"
    return event


def body_for(rng, method, path):
    r = rng.random()
    if r < 0.05:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    if r < 0.1:
        return deep_json(rng).encode()
    if path == "/query":
        doc = {"query": a_query(rng)}
        if rng.random() < 0.3:
            doc["params"] = rng.choice([{"id": "person:carl-moons"}, {"p": {"q": [1]}}, [], None, {"x": "\ud800"}])
        if rng.random() < 0.2:
            doc["as_of"] = rng.choice([0, 100, -1, 2**70, "2026-01-01", "yesterday", None, 1.5])
        if rng.random() < 0.05:
            doc["extra"] = 1
        text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.05:
            return text.encode("utf-8", "surrogatepass")[:-rng.randrange(1, 5)]
        raw = text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.05:
            raw = raw.replace(b"RETURN", b"RETURN '\xed\xb2\x80' +", 1)
        return raw
    if path == "/events":
        events = [an_event(rng) for _ in range(rng.randrange(0, 4))]
        if rng.random() < 0.4:
            return b"\n".join(json.dumps(e).encode() for e in events)
        raw = json.dumps(events).encode()
        if rng.random() < 0.1:
            raw = raw.replace(b"fuzz", b"\xed\xb2\x80", 1)
        return raw
    return b"" if rng.random() < 0.8 else b'{"x":1}'


def a_path(rng, template):
    names = ["lab-overview", "nope", "%2E%2E", "", "app.js", "workbench.css", "..%2F..%2FPackage.swift"]
    path = template.replace("{id}", rng.choice(IDS)).replace("{name}", rng.choice(names))
    params = []
    keys = ["q", "params", "as_of", "after", "limit", "entity", "type", "x", "from", "to", "points", "format", "valid_at"]
    for name in rng.sample(keys, rng.randrange(0, 5)):
        value = rng.choice(["1", "0", "-1", "99999999999999999999", "%FF", "%", "%zz", "abc", "entity.created,bogus",
                            "RETURN%201", "MATCH%20(n)%20RETURN%20count(n)", "%7B%7D", "%7B%22a%22%3A1%7D", "+", "",
                            "2026-01-01T00:00:00Z", "18446744073709551615", "1e3", "graphml", "gexf", "jsonl", "csv",
                            "2022-06-01"])
        params.append("%s=%s" % (name, value))
    if params:
        path += "?" + "&".join(params)
    r = rng.random()
    if r < 0.03:
        path = path + "/" + "a" * rng.choice([1000, 70000, 200000])
    elif r < 0.06:
        path = path.replace("/", "/\xff", 1)
    elif r < 0.08:
        path = "*" if rng.random() < 0.5 else "http://x/health"
    return path


def a_request(rng):
    """The bytes of one request (or several, pipelined) and whether to expect one answer per request."""
    method, template = rng.choice(ROUTES)
    r = rng.random()
    if r < 0.08:
        method = rng.choice(["PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "HEAD", "FOO", "get", "G\x00T", "POST"])
    elif r < 0.12:
        method = "POST" if method == "GET" else "GET"
    path = a_path(rng, template)
    body = body_for(rng, method, template) if method != "GET" or rng.random() < 0.05 else b""
    headers = [("Host", "fuzz")]
    auth = rng.random()
    if auth < 0.45:
        headers.append(("Authorization", "Bearer " + TOKEN))
    elif auth < 0.5:
        headers.append(("Authorization", rng.choice(["Bearer wrong-token-0000000000", "Basic x", "Bearer " + "a" * 90000])))
    if template == "/events" and rng.random() < 0.4:
        headers.append(("Content-Type", "application/x-ndjson"))
    elif rng.random() < 0.1:
        headers.append(("Content-Type", rng.choice(["text/plain", "application/json; charset=latin1", "\xff"])))
    if rng.random() < 0.1:
        headers.append(("Accept", rng.choice(["text/csv", "*/*", "application/json"])))
    if rng.random() < 0.05:
        headers.append(("Last-Event-ID", rng.choice(["1", "x", "-5", "99999999999999999999"])))
    if rng.random() < 0.05:
        headers.append(("If-None-Match", rng.choice(['"1"', "*", "garbage"])))
    if rng.random() < 0.05:
        headers.append(("Origin", rng.choice(["http://fuzz", "http://evil.example", "null", "\xff", ""])))
    if rng.random() < 0.03:
        headers.append(("Accept-Encoding", rng.choice(["gzip", "gzip;q=0", "*", "br"])))
    framing = rng.random()
    if framing < 0.06:
        headers.append(("Transfer-Encoding", "chunked"))
        size = rng.choice(["%x" % len(body), "zz", "-1", "ffffffffffffffffff", ""])
        payload = ("%s\r\n" % size).encode() + body + b"\r\n0\r\n\r\n"
    elif framing < 0.09:
        headers.append(("Content-Length", str(len(body))))
        headers.append(("Transfer-Encoding", "chunked"))
        payload = body
    elif framing < 0.11:
        headers.append(("Content-Length", str(len(body))))
        headers.append(("Content-Length", str(len(body) + 1)))
        payload = body
    elif framing < 0.13:
        headers.append(("Content-Length", rng.choice(["-1", "abc", "99999999999999999999", str(2**40)])))
        payload = body
    else:
        if body or method == "POST":
            headers.append(("Content-Length", str(len(body))))
        payload = body
    if rng.random() < 0.02:
        headers.append(("X-Huge", "h" * rng.choice([10000, 70000])))
    head = "%s %s HTTP/1.1\r\n" % (method, path)
    head += "".join("%s: %s\r\n" % (k, v) for k, v in headers) + "\r\n"
    data = head.encode("latin1", "replace") + payload
    if rng.random() < 0.05:
        data = data[: rng.randrange(1, max(2, len(data)))]
    if rng.random() < 0.05:
        data += b"GET /health HTTP/1.1\r\nHost: fuzz\r\n\r\n"
    is_stream = template == "/events/stream" and method == "GET"
    return data, is_stream, (method, template)


def is_head(data):
    return data.startswith(b"HEAD ")


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


def read_answers(sock, is_stream, deadline, head_only=False):
    """Every complete response on the socket until it closes or goes quiet (the first bodiless, for HEAD)."""
    data = b""
    answers = []
    sock.settimeout(0.5 if is_stream else 5.0)
    while time.time() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
        while True:
            parsed = parse_response(data, head_only and not answers)
            if parsed is None:
                break
            answer, rest = parsed
            answers.append(answer)
            data = rest
        if is_stream and answers:
            break
    if is_stream and not answers and data.startswith(b"HTTP/1.1 200"):
        answers.append(Answer(200, {}, b""))
    return answers, data


def parse_response(data, head_only=False):
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = data[:end].decode("latin1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    rest = data[end + 4:]
    if head_only:
        return Answer(status, headers, b""), rest
    if headers.get("content-type", "").startswith("text/event-stream"):
        # A stream does not end: its head is its answer.
        return Answer(status, headers, b""), b""
    if "content-length" in headers:
        n = int(headers["content-length"])
        if len(rest) < n:
            return None
        return Answer(status, headers, rest[:n]), rest[n:]
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            line_end = rest.find(b"\r\n")
            if line_end < 0:
                return None
            size = int(rest[:line_end].split(b";")[0], 16)
            if len(rest) < line_end + 2 + size + 2:
                return None
            body += rest[line_end + 2: line_end + 2 + size]
            rest = rest[line_end + 2 + size + 2:]
            if size == 0:
                return Answer(status, headers, body), rest
    if status in (204, 304):
        return Answer(status, headers, b""), rest
    return None


def judge(answer, request_kind, head_only):
    """A problem with one answer, or None."""
    if answer.status not in DOCUMENTED:
        return "status %d is not documented" % answer.status
    if answer.status >= 400 and not head_only:
        try:
            error = json.loads(answer.body)["error"]
            assert isinstance(error["code"], str) and isinstance(error["message"], str)
        except Exception:
            return "error %d without the JSON error body: %r" % (answer.status, answer.body[:200])
    return None


def appended_by(answer, request_kind):
    """Events an accepted answer says it appended."""
    if answer.status == 201 and request_kind == ("POST", "/events"):
        return json.loads(answer.body)["count"]
    if answer.status == 200 and "kennis-last-seq" in answer.headers:
        # A writing query, whatever the format of its answer, names the seqs it appended.
        return int(answer.headers["kennis-last-seq"]) - int(answer.headers["kennis-first-seq"]) + 1
    return 0


def worker(port, seed, seconds, results):
    rng = random.Random(seed)
    counts = {"requests": 0, "answers": 0, "appended": 0, "statuses": {}, "problems": [], "no_answer": 0, "silent": [], "slowest": []}
    stop = time.time() + seconds
    while time.time() < stop:
        data, is_stream, kind = a_request(rng)
        sent = time.time()
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError as error:
            counts["problems"].append("cannot connect: %s" % error)
            time.sleep(0.2)
            continue
        try:
            try:
                sock.sendall(data)
                # Half-closed, the server sees the end of a truncated request at once instead of
                # waiting for the rest until its timeout.
                if not is_stream:
                    sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            try:
                answers, _ = read_answers(sock, is_stream, time.time() + 30, is_head(data))
            except (ValueError, IndexError) as error:
                counts["problems"].append("an answer that is not HTTP (%s) to %r" % (error, data[:300]))
                answers = []
        finally:
            sock.close()
        counts["requests"] += 1
        counts["slowest"] = sorted(counts["slowest"] + [(time.time() - sent, data[:160])], reverse=True)[:5]
        if not answers:
            counts["no_answer"] += 1
            if len(counts["silent"]) < 5:
                counts["silent"].append(data[:200])
        for index, answer in enumerate(answers):
            counts["answers"] += 1
            counts["statuses"][answer.status] = counts["statuses"].get(answer.status, 0) + 1
            problem = judge(answer, kind, index == 0 and is_head(data))
            if problem:
                counts["problems"].append("%s (request %r)" % (problem, data[:300]))
            counts["appended"] += appended_by(answer, kind)
    results.put(counts)


def http_get(port, path):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(("GET %s HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n" % path).encode())
    answers, _ = read_answers(sock, False, time.time() + 10)
    sock.close()
    return answers[0]


def probe_health(port, stop, latencies, failures):
    """GET /health every 50 ms while the fuzzers run: it must stay up, and cheap, under their load."""
    while not stop.is_set():
        started = time.time()
        try:
            answer = http_get(port, "/health")
            if answer.status != 200:
                failures.append("/health answered %d under load" % answer.status)
        except (OSError, IndexError) as error:
            failures.append("/health failed under load: %s" % error)
        latencies.append(time.time() - started)
        stop.wait(0.05)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kennis", required=True, help="the kennis binary")
    parser.add_argument("--db", required=True, help="a database to fuzz a copy of")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--verbose", action="store_true", help="show requests the server closed without answering")
    parser.add_argument("--timeout", default="0.25", help="the server's query time limit in seconds")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="kennis-fuzz-")
    db = os.path.join(work, "db")
    shutil.copytree(args.db, db)
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    env = dict(os.environ, KENNIS_TOKEN="fuzz:" + TOKEN)
    server = subprocess.Popen(
        [args.kennis, "serve", "--db", db, "--port", str(port), "--bolt-port", "0", "--timeout", args.timeout, "--max-rows", "10000"],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    failures, latencies = [], []
    try:
        for _ in range(600):
            try:
                start_seq = json.loads(http_get(port, "/health").body)["seq"]
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("fuzz-http: the server did not start (log: %s)" % log.name)
        results = multiprocessing.Queue()
        started = time.time()
        workers = [multiprocessing.Process(target=worker, args=(port, args.seed * 1000 + i, args.seconds, results))
                   for i in range(args.processes)]
        for w in workers:
            w.start()
        stop_probe = threading.Event()
        probe = threading.Thread(target=probe_health, args=(port, stop_probe, latencies, failures))
        probe.start()
        totals = {"requests": 0, "answers": 0, "appended": 0, "statuses": {}, "problems": [], "no_answer": 0, "silent": [], "slowest": []}
        for _ in workers:
            counts = results.get()
            for key in ("requests", "answers", "appended", "no_answer"):
                totals[key] += counts[key]
            for status, n in counts["statuses"].items():
                totals["statuses"][status] = totals["statuses"].get(status, 0) + n
            totals["problems"] += counts["problems"]
            totals["silent"] += counts["silent"]
            totals["slowest"] = sorted(totals["slowest"] + counts["slowest"], reverse=True)[:5]
        for w in workers:
            w.join()
        elapsed = time.time() - started
        stop_probe.set()
        probe.join()
        if server.poll() is not None:
            failures.append("the server exited with status %s during the run" % server.returncode)
        else:
            end_seq = json.loads(http_get(port, "/health").body)["seq"]
            if end_seq - start_seq != totals["appended"]:
                failures.append("the head moved by %d events, but accepted requests appended %d"
                                % (end_seq - start_seq, totals["appended"]))
        failures += totals["problems"]
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                failures.append("the server did not stop within 60 s of SIGTERM")
        log.close()
    verify = subprocess.run([args.kennis, "verify", "--db", db], capture_output=True, text=True)
    if verify.returncode != 0:
        failures.append("verify failed: " + verify.stdout + verify.stderr)
    statuses = ", ".join("%d: %d" % kv for kv in sorted(totals["statuses"].items()))
    print("fuzz-http: %d requests in %.1f s (%.0f/s) from %d processes, seed %d; %d answers (%s); %d closed without an answer; "
          "%d events appended by accepted requests" % (
              totals["requests"], elapsed, totals["requests"] / elapsed, args.processes, args.seed, totals["answers"], statuses,
              totals["no_answer"], totals["appended"]))
    if args.verbose:
        for request in totals["silent"]:
            print("fuzz-http: closed without an answer (cut short, or a stream): %r" % request)
        for seconds, request in totals["slowest"]:
            print("fuzz-http: slowest, %.2f s: %r" % (seconds, request))
    if latencies:
        latencies.sort()
        print("fuzz-http: GET /health under the load: %d probes, median %.1f ms, p99 %.1f ms, max %.1f ms" % (
            len(latencies), 1000 * latencies[len(latencies) // 2], 1000 * latencies[int(len(latencies) * 0.99)], 1000 * latencies[-1]))
    for failure in failures[:20]:
        print("fuzz-http: FAIL " + failure)
    if failures:
        print("fuzz-http: %d failures; the server's log and database are in %s" % (len(failures), work))
        sys.exit(1)
    shutil.rmtree(work)
    print("fuzz-http: 0 crashes, 0 undocumented statuses, 0 errors without JSON, nothing appended by a rejected request, verify ok")


if __name__ == "__main__":
    main()
