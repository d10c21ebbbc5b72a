"""Exports read back by the tools analysts use (tools/test-interchange): `kennis export --format graphml`
and `--format gexf` read by networkx must give the graph `kennis query` gives, and `--format jsonl`
imported into an empty database must give it too — the same nodes, edges, labels, types and
properties with their types — now, as of an earlier seq and at a valid time; hostile text survives the
round trip; a failed export leaves no file.
    python interchange_test.py --kennis PATH --events DIR
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import networkx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from test_support import Failure, check  # noqa: E402  (tools/, shared by the Python tests)


class Kennis:
    """The CLI on one database."""

    def __init__(self, binary, db):
        self.binary, self.db = binary, db

    def run(self, *args, check_status=True):
        done = subprocess.run([self.binary, *args, "--db", self.db], capture_output=True, text=True)
        if check_status:
            check(done.returncode == 0, f"kennis {' '.join(args)} failed: {done.stderr}")
        return done

    def query(self, text, *options):
        answer = json.loads(self.run("query", text, "--format", "json", *options).stdout)
        return answer["rows"]


def plain(value):
    """A query answer's property value as the GraphML export writes it and networkx reads it back."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def expected_graph(kennis, *options):
    nodes = {row[0]["id"]: row[0] for row in kennis.query("MATCH (n) RETURN n", *options)}
    edges = {row[0]["id"]: row[0] for row in kennis.query("MATCH ()-[r]->() RETURN r", *options)}
    return nodes, edges


def read_graphml(kennis, path, *options):
    kennis.run("export", "--format", "graphml", "--out", path, *options)
    check(not os.path.exists(path + ".partial"), "no .partial file is left")
    return networkx.read_graphml(path, force_multigraph=True)


def read_gexf(kennis, path, *options):
    kennis.run("export", "--format", "gexf", "--out", path, *options)
    check(not os.path.exists(path + ".partial"), "no .partial file is left")
    return networkx.read_gexf(path, version="1.3")


def check_same(graph, nodes, edges, what, gexf=False):
    check(set(graph.nodes) == set(nodes), f"{what}: the nodes")
    for node_id, node in nodes.items():
        attributes = dict(graph.nodes[node_id])
        if gexf:
            label = attributes.pop("label")
            check(label == node["properties"].get("name", node_id), f"{what}: {node_id}'s label {label}")
        labels = attributes.pop(":labels", "")
        check(labels == "".join(":" + label for label in node["labels"]), f"{what}: {node_id}'s labels {labels}")
        expected = {key: plain(value) for key, value in node["properties"].items()}
        check(attributes == expected, f"{what}: {node_id}'s properties {attributes} != {expected}")
    found = {}
    edge_views = graph.edges(keys=True, data=True) if graph.is_multigraph() else ((s, t, None, d) for s, t, d in graph.edges(data=True))
    for source, target, key, attributes in edge_views:
        attributes = dict(attributes)
        edge_id = attributes.pop("id", key)
        if gexf:
            check(attributes.pop("label") == edges[edge_id]["type"], f"{what}: {edge_id}'s label")
        found[edge_id] = (source, target, attributes)
    check(set(found) == set(edges), f"{what}: the edges ({len(found)} of {len(edges)})")
    for edge_id, edge in edges.items():
        source, target, attributes = found[edge_id]
        check((source, target) == (edge["from"], edge["to"]), f"{what}: {edge_id}'s ends")
        check(attributes.pop(":type") == edge["type"], f"{what}: {edge_id}'s type")
        expected = {key: plain(value) for key, value in edge["properties"].items()}
        check(attributes == expected, f"{what}: {edge_id}'s properties {attributes} != {expected}")


def test_shipped_graph(kennis, scratch):
    for what, options in [("now", []), ("as of seq 357", ["--as-of", "357"]), ("valid at 2022-06-01", ["--valid-at", "2022-06-01"])]:
        nodes, edges = expected_graph(kennis, *options)
        graph = read_graphml(kennis, os.path.join(scratch, "shipped.graphml"), *options)
        check_same(graph, nodes, edges, what)
        graph = read_gexf(kennis, os.path.join(scratch, "shipped.gexf"), *options)
        check_same(graph, nodes, edges, what, gexf=True)
        print(f"interchange: GraphML and GEXF {what}: {len(nodes)} nodes, {len(edges)} edges as networkx reads them")
    # Types: an integer property is an int, a count with a qualifier too, a date its ISO text.
    graph = read_graphml(kennis, os.path.join(scratch, "now.graphml"))
    check(graph.nodes["init:robust"]["budget_eur"] == 87_300_000, "an integer stays an integer")
    check(graph.nodes["lab:imaging"]["valid_from"] == "2023-05-11", "a date is its ISO text")


def test_events_round_trip(kennis, scratch):
    """The state as events, imported into an empty database, is the same graph."""
    for what, options in [("now", []), ("as of seq 357", ["--as-of", "357"]), ("valid at 2022-06-01", ["--valid-at", "2022-06-01"])]:
        path = os.path.join(scratch, "state.jsonl")
        kennis.run("export", "--format", "jsonl", "--out", path, *options)
        copy = Kennis(kennis.binary, os.path.join(scratch, f"copy-{len(os.listdir(scratch))}.db"))
        copy.run("import", path)
        nodes, edges = expected_graph(kennis, *options)
        copied_nodes, copied_edges = expected_graph(copy)
        check(copied_nodes == nodes and copied_edges == edges, f"events {what}: the imported graph is the same")
        with open(path) as f:
            count = sum(1 for _ in f)
        check(count == 1 + len(nodes) + len(edges), f"events {what}: a schema, then one event per element ({count})")
        print(f"interchange: events {what}: {count} events rebuild the same graph in an empty database")


def test_hostile_text(kennis):
    name = 'A "quoted" <name> & tab\tnew\nline\r return, é, 😀'
    event = {"type": "entity.created", "id": "person:hostile<&>\"x", "kind": "Person",
             "props": {"name": name + "\u0001bell", "score": 1.5, "count": 3, "flag": True, "tags": ["a", 1, 2.5]}}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write(json.dumps(event) + "\n")
    kennis.run("import", f.name)
    os.unlink(f.name)
    for graph in [read_graphml(kennis, kennis.db + ".graphml"), read_gexf(kennis, kennis.db + ".gexf")]:
        node = graph.nodes["person:hostile<&>\"x"]
        check(node["name"] == name + "\ufffdbell", f"the text survives, a control character as U+FFFD: {node['name']!r}")
        check(node["score"] == 1.5 and node["count"] == 3 and node["flag"] is True, "typed values")
        check(json.loads(node["tags"]) == ["a", 1, 2.5], "a list as JSON")
    print("interchange: hostile text, numbers, booleans and lists survive GraphML and GEXF")


def test_failed_export_leaves_nothing(kennis, scratch):
    path = os.path.join(scratch, "no-such-directory", "x.graphml")
    done = kennis.run("export", "--format", "graphml", "--out", path, check_status=False)
    check(done.returncode == 1 and "cannot write" in done.stderr, f"a failed export says why: {done.stderr}")
    check(not glob.glob(os.path.join(scratch, "no-such-directory*")), "and leaves nothing")
    done = kennis.run("export", "--format", "gexf3", check_status=False)
    check(done.returncode == 2 and "graphml" in done.stderr and "gexf" in done.stderr, f"an unknown format is a usage error: {done.stderr}")
    print("interchange: a failed export says why and leaves no file")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kennis", required=True)
    parser.add_argument("--events", required=True)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        kennis = Kennis(os.path.abspath(arguments.kennis), os.path.join(scratch, "eco.db"))
        kennis.run("import", *sorted(glob.glob(os.path.join(arguments.events, "*.jsonl"))))
        try:
            test_shipped_graph(kennis, scratch)
            test_events_round_trip(kennis, scratch)
            test_failed_export_leaves_nothing(kennis, scratch)
            test_hostile_text(kennis)
        except Failure as failure:
            print(f"interchange test FAILED: {failure}", file=sys.stderr)
            sys.exit(1)
    print("interchange: exports read back by networkx agree with kennis query")


if __name__ == "__main__":
    main()
