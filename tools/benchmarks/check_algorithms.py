"""Compares Kennis's algo.* procedures with networkx on the graph of one database.

Usage: check_algorithms.py KENNIS DATABASE [RESULTS.json]
Reads the graph's nodes and relationships from `kennis serve`, builds the same multigraph in networkx,
runs each algorithm in both (timing each: Kennis's engine time in the server, the median of three
runs; networkx's call, once, after a warm-up that imports what it needs), and exits 1 when any
answer disagrees: degree and components exactly, PageRank and betweenness to 1e-6, Louvain's
modularity within 2% of networkx's.
"""

import json
import re
import signal
import subprocess
import sys
import time
import urllib.request

import networkx as nx


class Server:
    """`kennis serve` on the database, so that queries run in one warm process (as networkx does)."""

    def __init__(self, kennis: str, db: str) -> None:
        self.process = subprocess.Popen([kennis, "serve", "--db", db, "--port", "0", "--bolt-port", "0", "--timeout", "3600", "--max-rows", "10000000",
                                         "--log-level", "warning"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        self.url = re.search(r"on (http://\S+)", line).group(1)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()


def query(server: Server, text: str, runs: int = 1) -> tuple[list, float]:
    """The rows of a query and the median of its engine times over `runs` runs."""
    times = []
    for _ in range(runs):
        request = urllib.request.Request(server.url + "/query", data=json.dumps({"query": text}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=3600) as response:
            answer = json.loads(response.read())
        times.append(answer["elapsed_ms"] / 1000)
    return answer["rows"], sorted(times)[len(times) // 2]


def warm_up() -> None:
    """networkx imports numpy and scipy on first use: pay that before anything is timed."""
    small = nx.MultiDiGraph([(1, 2), (2, 3), (3, 1)])
    nx.pagerank(small)
    nx.betweenness_centrality(nx.Graph(small))
    list(nx.weakly_connected_components(small))
    nx.community.louvain_communities(nx.Graph(small), seed=1)


def main() -> None:
    kennis, db = sys.argv[1], sys.argv[2]
    server = Server(kennis, db)
    try:
        check(server)
    finally:
        server.stop()


def check(server: Server) -> None:
    nodes, _ = query(server, "MATCH (n) RETURN id(n)")
    edges, _ = query(server, "MATCH (a)-[r]->(b) RETURN id(a), id(b)")
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(row[0] for row in nodes)
    graph.add_edges_from((a, b) for a, b in edges)
    print(f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} relationships")
    warm_up()
    failures = 0
    results = {"nodes": graph.number_of_nodes(), "relationships": graph.number_of_edges(), "algorithms": []}

    def record(name: str, ok: bool, detail: str, kennis_seconds: float, networkx_seconds) -> None:
        results["algorithms"].append({"name": name, "ok": ok, "detail": detail, "kennis_s": kennis_seconds, "networkx_s": networkx_seconds})

    def compare(name: str, procedure: str, field: str, expected_of, exact: bool, tolerance: float = 1e-6) -> None:
        nonlocal failures
        rows, kennis_seconds = query(server, f"CALL {procedure} YIELD node, {field} RETURN id(node), {field}", runs=3)
        started = time.monotonic()
        expected = expected_of()
        networkx_seconds = time.monotonic() - started
        ours = {row[0]: row[1] for row in rows}
        if exact:
            worst = 0.0 if ours == expected else float("inf")
        else:
            worst = max((abs(ours[node] - expected[node]) for node in expected), default=0.0) if set(ours) == set(expected) else float("inf")
        ok = worst <= (0 if exact else tolerance)
        failures += 0 if ok else 1
        ratio = networkx_seconds / kennis_seconds if kennis_seconds > 0 else float("inf")
        record(name, ok, f"largest difference {worst:.1e}", kennis_seconds, networkx_seconds)
        print(f"{'ok ' if ok else 'BAD'} {name:<12} largest difference {worst:.2e}; "
              f"Kennis {kennis_seconds * 1000:,.1f} ms, networkx {networkx_seconds * 1000:,.1f} ms ({ratio:,.1f}×)")

    compare("degree", "algo.degree()", "score", lambda: dict(graph.degree()), exact=True)
    compare("pageRank", "algo.pageRank()", "score", lambda: nx.pagerank(graph), exact=False)
    if graph.number_of_nodes() <= 5000:
        compare("betweenness", "algo.betweenness()", "score", lambda: nx.betweenness_centrality(nx.Graph(graph)), exact=False)
    else:
        # Exact betweenness is O(n·m): hours in networkx at this size. Kennis's sampled estimate is timed.
        _, seconds = query(server, "CALL algo.betweenness({samples: 100}) YIELD node, score RETURN count(*)")
        record("betweenness (100 sampled sources)", True, "not compared: exact betweenness is O(n·m)", seconds, None)
        print(f"--  betweenness  not compared above 5,000 nodes; Kennis, sampled from 100 sources: {seconds * 1000:,.1f} ms")

    def partition() -> set:
        # Components compared as partitions: the set of their node sets.
        return {frozenset(component) for component in nx.weakly_connected_components(graph)}

    rows, kennis_seconds = query(server, "CALL algo.components() YIELD node, community RETURN id(node), community", runs=3)
    started = time.monotonic()
    expected = partition()
    networkx_seconds = time.monotonic() - started
    groups: dict = {}
    for node, community in rows:
        groups.setdefault(community, set()).add(node)
    ours = {frozenset(group) for group in groups.values()}
    ok = ours == expected
    failures += 0 if ok else 1
    record("components", ok, f"{len(groups)} components, the same partition" if ok else "different partitions", kennis_seconds, networkx_seconds)
    print(f"{'ok ' if ok else 'BAD'} {'components':<12} {len(groups)} components; "
          f"Kennis {kennis_seconds * 1000:,.1f} ms, networkx {networkx_seconds * 1000:,.1f} ms")

    # Louvain: both find a partition; their modularities (on the same undirected weighted graph, parallel
    # relationships adding up, self-loops left out) must be within 2% of each other.
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    for a, b in graph.edges():
        if a != b:
            weight = undirected.get_edge_data(a, b, {"weight": 0})["weight"]
            undirected.add_edge(a, b, weight=weight + 1)
    rows, kennis_seconds = query(server, "CALL algo.louvain() YIELD node, community RETURN id(node), community", runs=3)
    started = time.monotonic()
    theirs = nx.community.louvain_communities(undirected, weight="weight", seed=42)
    networkx_seconds = time.monotonic() - started
    groups = {}
    for node, community in rows:
        groups.setdefault(community, set()).add(node)
    ours_q = nx.community.modularity(undirected, list(groups.values()), weight="weight")
    theirs_q = nx.community.modularity(undirected, theirs, weight="weight")
    ok = ours_q >= theirs_q - 0.02 * abs(theirs_q)
    failures += 0 if ok else 1
    ratio = networkx_seconds / kennis_seconds if kennis_seconds > 0 else float("inf")
    record("louvain", ok, f"modularity {ours_q:.4f} vs networkx {theirs_q:.4f}", kennis_seconds, networkx_seconds)
    print(f"{'ok ' if ok else 'BAD'} {'louvain':<12} modularity {ours_q:.4f} ({len(groups)} communities) vs networkx {theirs_q:.4f} "
          f"({len(theirs)}); Kennis {kennis_seconds * 1000:,.1f} ms, networkx {networkx_seconds * 1000:,.1f} ms ({ratio:,.1f}×)")
    if len(sys.argv) > 3:
        json.dump(results, open(sys.argv[3], "w"))
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
