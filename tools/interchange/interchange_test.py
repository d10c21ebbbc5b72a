"""Exports read back by the tools analysts use (tools/test-interchange): `kennis export --format graphml`
and `--format gexf` read by networkx must give the graph `kennis query` gives, `--format jsonl` and
`--format csv` imported into an empty database must give it too, Kùzu loads the CSV export and
answers the analyst workload as Kennis does, and rdflib reads the JSON-LD export and answers SPARQL
as Cypher does — the same nodes, edges, labels, types and
properties with their types — now, as of an earlier seq and at a valid time; hostile text survives the
round trip; a failed export leaves no file.
    python interchange_test.py --kennis PATH --events DIR --generate KENNIS-GENERATE
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import urllib.parse
import zipfile

import kuzu
import networkx
import rdflib

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, TOOLS)
sys.path.insert(0, os.path.join(TOOLS, "bench"))
import kuzu_workload  # noqa: E402  (tools/bench: Kùzu loaded from a CSV export, answers compared)
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


def lives_at(attributes, time):
    """Whether a dynamic GEXF element (as networkx reads it: start, end inclusive) lives at `time`."""
    return attributes.get("start", time) <= time and time <= attributes.get("end", time)


def test_dynamic_gexf(kennis, scratch):
    """The dynamic GEXF on the log's time holds, at sampled seqs, exactly the graph AS OF that seq,
    every property value with it; on valid time, at sampled days, the graph VALID AT that day."""
    path = os.path.join(scratch, "log.gexf")
    kennis.run("export", "--format", "gexf", "--dynamic", "log", "--out", path)
    graph = networkx.read_gexf(path, version="1.3")
    head = int(kennis.run("stats").stdout.split("seq ")[1].split()[0].rstrip(")"))
    # Where an element goes and the seq before: an interval one seq too long or short fails there.
    log = [json.loads(line) for line in kennis.run("log", "--format", "jsonl").stdout.splitlines()]
    ends = [event["seq"] for event in log if event["type"] in ("entity.retired", "relation.removed", "entity.updated")][:20]
    check(len(ends) >= 3, "the shipped log retires, removes or updates something")
    for seq in sorted({1, 50, 200, 357, 400, head} | set(ends) | {end - 1 for end in ends}):
        nodes, edges = expected_graph(kennis, "--as-of", str(seq))
        found = {node for node, attributes in graph.nodes(data=True) if lives_at(attributes, seq)}
        check(found == set(nodes), f"dynamic log: the nodes at seq {seq} ({len(found)} vs {len(nodes)})")
        for node_id in found:
            attributes = graph.nodes[node_id]
            values = {key: next((v for v, start, end in spells if start <= seq <= end), None)
                      for key, spells in attributes.items() if isinstance(spells, list)}
            values = {key: value for key, value in values.items() if value is not None}
            expected = {key: plain(value) for key, value in nodes[node_id]["properties"].items()}
            check(values == expected, f"dynamic log: {node_id} at seq {seq}: {values} != {expected}")
        found_edges = {attributes["id"] for _, _, attributes in graph.edges(data=True) if lives_at(attributes, seq)}
        check(found_edges == set(edges), f"dynamic log: the edges at seq {seq}")
    print("interchange: dynamic GEXF on the log's time holds the graph AS OF each sampled seq, every value with it")
    path = os.path.join(scratch, "valid.gexf")
    kennis.run("export", "--format", "gexf", "--dynamic", "valid", "--out", path)
    graph = networkx.read_gexf(path, version="1.3")
    for day in ["2008-06-01", "2019-06-01", "2022-06-01", "2023-05-10", "2023-05-11", "2025-01-01", "2026-06-01"]:
        nodes, edges = expected_graph(kennis, "--valid-at", day)
        found = {node for node, attributes in graph.nodes(data=True) if lives_at(attributes, day)}
        check(found == set(nodes), f"dynamic valid: the nodes on {day} ({sorted(found ^ set(nodes))[:5]})")
        found_edges = {attributes["id"] for _, _, attributes in graph.edges(data=True) if lives_at(attributes, day)}
        check(found_edges == set(edges), f"dynamic valid: the edges on {day} ({sorted(found_edges ^ set(edges))[:5]})")
    print("interchange: dynamic GEXF on valid time holds the graph VALID AT each sampled day")


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


def test_csv_round_trip(kennis, scratch):
    """The CSV export, imported into an empty database, is the same graph; a second export into the
    same directory is refused and leaves the first whole."""
    for what, options in [("now", []), ("as of seq 357", ["--as-of", "357"]), ("valid at 2022-06-01", ["--valid-at", "2022-06-01"])]:
        directory = os.path.join(scratch, f"csv-{len(os.listdir(scratch))}")
        kennis.run("export", "--format", "csv", "--out", directory, *options)
        check(not os.path.exists(directory + ".partial"), "no .partial directory is left")
        copy = Kennis(kennis.binary, directory + ".db")
        imported = copy.run("import", directory).stdout
        nodes, edges = expected_graph(kennis, *options)
        check(f"imported {len(nodes) + len(edges):,} rows".replace(",", "") in imported.replace(",", ""), f"csv {what}: {imported}")
        check(expected_graph(copy) == (nodes, edges), f"csv {what}: the imported graph is the same")
        print(f"interchange: CSV {what}: {len(nodes)} nodes and {len(edges)} relationships back through kennis import")
    archive = os.path.join(scratch, "ecosystem-csv.zip")
    kennis.run("export", "--format", "csv", "--out", archive, *options)  # as the last directory
    with zipfile.ZipFile(archive) as opened:
        check(opened.testzip() is None, "the zip's CRCs hold")
        names = set(opened.namelist())
        for name in names:
            check(opened.read(name) == open(os.path.join(directory, name), "rb").read(), f"csv zip: {name} as in the directory")
    check(names == set(os.listdir(directory)), "csv zip: the directory's files")
    done = kennis.run("export", "--format", "csv", "--out", directory, check_status=False)
    check(done.returncode == 1 and "not an empty directory" in done.stderr, f"an export never writes into a full directory: {done.stderr}")
    done = kennis.run("export", "--format", "csv", check_status=False)
    check(done.returncode == 1 and "--out DIR" in done.stderr, f"csv needs a directory: {done.stderr}")


def kuzu_value(value):
    """A Kùzu cell as Kennis's JSON answer gives the property (dates as ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def kennis_csv_value(value):
    """A Kennis property as Kùzu holds it from the CSV: a list is text (its `;`-joined items)."""
    if isinstance(value, dict):
        return next(iter(value.values()))
    if isinstance(value, list):
        return ";".join(kennis_csv_value(item) if not isinstance(item, str) else item for item in value)
    return value


def test_kuzu_loads_the_csv(kennis, scratch):
    """Kùzu loads the CSV export with the kuzu-schema.cypher beside it and holds the same graph."""
    directory = os.path.join(scratch, "kuzu-csv")
    kennis.run("export", "--format", "csv", "--out", directory)
    database, connection, _ = kuzu_workload.load_export(directory, os.path.join(scratch, "kuzu.db"))
    nodes, edges = expected_graph(kennis)
    for node_id, node in nodes.items():
        result = connection.execute(f"MATCH (n:`{node['labels'][0]}`) WHERE n.`@id` = $id RETURN n", {"id": node_id})
        check(result.has_next(), f"kuzu: {node_id} is in table {node['labels'][0]}")
        found = {key: kuzu_value(value) for key, value in result.get_next()[0].items() if value is not None and not key.startswith("_")}
        check(found.pop("@labels") == ";".join(node["labels"]) and found.pop("@id") == node_id, f"kuzu: {node_id}'s id and labels")
        expected = {key: kennis_csv_value(value) for key, value in node["properties"].items()}
        check(found == expected, f"kuzu: {node_id}'s properties {found} != {expected}")
    result = connection.execute("MATCH ()-[r]->() RETURN r.`@id`, r.`@type`")
    found = {}
    while result.has_next():
        rel_id, rel_type = result.get_next()
        found[rel_id] = rel_type
    check(found == {edge_id: edge["type"] for edge_id, edge in edges.items()}, "kuzu: the relationships and their types")
    print(f"interchange: Kùzu {kuzu.__version__} loads the CSV export: {len(nodes)} nodes, {len(edges)} relationships, every property")


def test_kuzu_answers_the_workload(kennis_binary, generate_binary, scratch):
    """On a generated ecosystem, Kùzu loaded from the CSV export answers the analyst workload
    (tools/bench/workload.json) as Kennis does."""
    events = os.path.join(scratch, "generated.jsonl")
    subprocess.run([generate_binary, "--entities", "3000", "--seed", "7", "--output", events], check=True, capture_output=True)
    kennis = Kennis(kennis_binary, os.path.join(scratch, "generated.db"))
    kennis.run("import", events)
    directory = os.path.join(scratch, "generated-csv")
    kennis.run("export", "--format", "csv", "--out", directory)
    database, connection, _ = kuzu_workload.load_export(directory, os.path.join(scratch, "generated-kuzu.db"))
    people = kennis.query("MATCH (p:Person)-[:WORKS_ON]->() WITH p, count(*) AS n ORDER BY n, id(p) RETURN id(p), p.name")
    lab = kennis.query("MATCH (l:Lab)<-[:MEMBER_OF]-() WITH l, count(*) AS n ORDER BY n DESC, id(l) LIMIT 1 RETURN id(l)")[0][0]
    person, name = people[len(people) // 2]
    subjects = {"person": person, "other": people[len(people) // 3][0], "lab": lab, "name": name}
    workload = json.load(open(os.path.join(TOOLS, "bench", "workload.json")))["queries"]
    for query in workload:
        parameters = {key: value for key, value in subjects.items() if f"${key}" in query["kennis"]}
        options = [item for key, value in parameters.items() for item in ("--param", f"{key}={json.dumps(value)}")]
        ours = kuzu_workload.rows_of(kennis.query(query["kennis"], *options), query)
        result = connection.execute(query["kuzu"], {k: v for k, v in subjects.items() if f"${k}" in query["kuzu"]})
        rows = []
        while result.has_next():
            rows.append(result.get_next())
        theirs = kuzu_workload.rows_of(rows, query)
        check(ours == theirs, f"workload {query['name']}: Kennis {json.dumps(ours, default=str)[:300]} vs Kùzu {json.dumps(theirs, default=str)[:300]}")
    print(f"interchange: Kùzu loaded from the CSV export answers the {len(workload)} workload queries as Kennis does")


def test_cypher_script(kennis, scratch):
    """The Cypher script, run a statement at a time by `kennis query --write` on an empty database,
    rebuilds the same graph (its index statements are Neo4j's: Kennis indexes ids itself)."""
    path = os.path.join(scratch, "ecosystem.cypher")
    kennis.run("export", "--format", "cypher", "--out", path)
    copy = Kennis(kennis.binary, os.path.join(scratch, "from-cypher.db"))
    copy.run("init")
    statements = [line for line in open(path, encoding="utf-8").read().splitlines() if line and not line.startswith(("//", "CREATE INDEX"))]
    for index, statement in enumerate(statements):
        statement_path = os.path.join(scratch, "statement.cypher")
        with open(statement_path, "w", encoding="utf-8") as f:
            f.write(statement)
        copy.run("query", "--write", "-f", statement_path)
    check(expected_graph(copy) == expected_graph(kennis), "cypher: the rebuilt graph is the same")
    print(f"interchange: the Cypher script ({len(statements)} statements) rebuilds the same graph")


def test_tables(kennis, scratch):
    """A projection's or query's answer exported as a table is `kennis query`'s answer: CSV as it
    prints it, JSON Lines an object per row."""
    path = os.path.join(scratch, "people-per-lab.csv")
    kennis.run("export", "--projection", "people-per-lab", "--format", "csv", "--out", path)
    printed = kennis.run("query", "-f", "queries/projections/people-per-lab.cypher", "--format", "csv").stdout
    exported = open(path, encoding="utf-8").read()
    check(exported.strip() == printed.strip() and exported.count("\n") > 3, "the projection as CSV is the query's CSV")
    query = "MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN p.name AS person, l.name AS lab ORDER BY person"
    lines = [json.loads(line) for line in kennis.run("export", "--query", query, "--format", "jsonl").stdout.splitlines()]
    rows = kennis.query(query)
    check(lines == [{"person": row[0], "lab": row[1]} for row in rows] and lines, "the query as JSON Lines is its rows")
    done = kennis.run("export", "--projection", "nope", "--format", "csv", check_status=False)
    check(done.returncode == 1 and "people-per-lab" in done.stderr, f"an unknown projection names the ones there are: {done.stderr}")
    print(f"interchange: a projection and a query exported as tables ({exported.count(chr(10))} and {len(lines)} rows)")


SCHEMA = "https://schema.org/"
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def sources_now(events):
    """The sources of the events that made an element what it is, replayed from its own events: the
    creation's, and for each property it has, the last event that set it."""
    created, origins = None, {}
    for event in events:
        if event["type"] in ("entity.created", "relation.added"):
            created, origins = event.get("source"), {key: event.get("source") for key in event.get("props", {})}
        elif event["type"] in ("entity.updated", "relation.updated"):
            for key, value in event.get("props", {}).items():
                if value is None:
                    origins.pop(key, None)
                else:
                    origins[key] = event.get("source")
    return {source for source in [created, *origins.values()] if source is not None}


def test_jsonld(kennis, scratch):
    """rdflib reads the JSON-LD export; SPARQL over it counts what Cypher counts; every element's
    prov:wasDerivedFrom is the sources of the events about it; literals keep their datatypes."""
    path = os.path.join(scratch, "ecosystem.jsonld")
    base = "https://example.org/kennis/"
    kennis.run("export", "--format", "jsonld", "--base", base, "--out", path)
    graph = rdflib.Graph()
    graph.parse(path, format="json-ld")
    for label, cypher, sparql in [
        ("people per lab", "MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN id(l), count(DISTINCT p)",
         "SELECT ?x (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p schema:memberOf ?x . ?p a schema:Person . ?x a schema:ResearchOrganization } GROUP BY ?x"),
        ("people per institution", "MATCH (p:Person)-[:AFFILIATED_WITH]->(i:Institution) RETURN id(i), count(DISTINCT p)",
         "SELECT ?x (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p schema:affiliation ?x . ?p a schema:Person . ?x a schema:Organization } GROUP BY ?x"),
        ("authors per guideline", "MATCH (p:Person)-[:AUTHORED]->(g:Guideline) RETURN id(g), count(DISTINCT p)",
         "SELECT ?x (COUNT(DISTINCT ?p) AS ?n) WHERE { ?x schema:author ?p . ?x a schema:CreativeWork } GROUP BY ?x"),
        ("relationships per type", "MATCH ()-[r]->() RETURN type(r), count(*)",
         "SELECT ?x (COUNT(?s) AS ?n) WHERE { ?s a rdf:Statement ; kennis:relationshipType ?x } GROUP BY ?x"),
    ]:
        ours = {row[0]: row[1] for row in kennis.query(cypher)}
        answer = graph.query(sparql, initNs={"schema": SCHEMA, "rdf": rdflib.RDF, "kennis": "urn:kennis:vocab:"})
        theirs = {str(row.x).removeprefix(base): int(row.n) for row in answer}
        check(ours and theirs == ours, f"jsonld {label}: SPARQL {theirs} vs Cypher {ours}")
        print(f"interchange: JSON-LD {label}: SPARQL over rdflib counts what Cypher counts ({len(ours)} rows)")
    log = [json.loads(line) for line in kennis.run("log", "--format", "jsonl").stdout.splitlines()]
    nodes, edges = expected_graph(kennis)
    for element_id in list(nodes) + list(edges):
        expected = sources_now([event for event in log if event.get("id") == element_id])
        subject = rdflib.URIRef(base + urllib.parse.quote(element_id, safe="-._~!$&'()*+,;=:@/"))
        found = {str(value) for value in graph.objects(subject, PROV.wasDerivedFrom)}
        check(found == expected, f"jsonld: {element_id}'s sources {found} != {expected}")
    valid_from = graph.value(rdflib.URIRef(base + "lab:imaging"), rdflib.URIRef("urn:kennis:vocab:valid_from"))
    check(valid_from is not None and valid_from.datatype == rdflib.XSD.date and str(valid_from) == "2023-05-11", f"a date is an xsd:date: {valid_from!r}")
    print(f"interchange: JSON-LD read by rdflib {rdflib.__version__}: {len(graph)} triples, every element's sources, typed literals")


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
    kennis.run("export", "--format", "jsonld", "--out", kennis.db + ".jsonld")
    graph = rdflib.Graph()
    graph.parse(kennis.db + ".jsonld", format="json-ld")
    subject = rdflib.URIRef("urn:kennis:person:hostile%3C&%3E%22x")
    names = [str(name) for name in graph.objects(subject, rdflib.URIRef(SCHEMA + "name"))]
    check(names == [name + "\u0001bell"], f"JSON-LD keeps the text and escapes the id: {names!r}")
    print("interchange: hostile text, numbers, booleans and lists survive GraphML, GEXF and JSON-LD")


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
    parser.add_argument("--generate", required=True)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        kennis = Kennis(os.path.abspath(arguments.kennis), os.path.join(scratch, "eco.db"))
        kennis.run("import", *sorted(glob.glob(os.path.join(arguments.events, "*.jsonl"))))
        try:
            test_shipped_graph(kennis, scratch)
            test_dynamic_gexf(kennis, scratch)
            test_events_round_trip(kennis, scratch)
            test_csv_round_trip(kennis, scratch)
            test_kuzu_loads_the_csv(kennis, scratch)
            test_kuzu_answers_the_workload(kennis.binary, os.path.abspath(arguments.generate), scratch)
            test_jsonld(kennis, scratch)
            test_cypher_script(kennis, scratch)
            test_tables(kennis, scratch)
            test_failed_export_leaves_nothing(kennis, scratch)
            test_hostile_text(kennis)
        except Failure as failure:
            print(f"interchange test FAILED: {failure}", file=sys.stderr)
            sys.exit(1)
    print("interchange: exports read back by networkx agree with kennis query")


if __name__ == "__main__":
    main()
