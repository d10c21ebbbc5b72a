// What a valid time costs a query: on a generated graph whose entities and relations carry valid times
// (`kennis-generate --valid-times`), each query of an analyst workload is run as written and with
// `VALID AT` a date by which every one had begun and some had ended, alternately, many times; the medians and their
// ratio are reported. Run by tools/bench-valid-time. Prints one JSON object.
import BenchmarkSupport
import Kennis

@main
struct ValidTimeBenchmark {
    static func main() throws {
        let arguments = BenchmarkArguments(program: "valid-time-benchmark", defaultRuns: 21)
        let path = "\(arguments.scratch)/valid-time.db"
        removeDatabase(path)
        var options = Database.Options()
        options.snapshotEvery = nil
        let db = try Database(path: path, create: true, options: options)
        let events = try db.importEvents(from: [.file(arguments.input)]).count
        let view = try db.view()
        // The subjects hold at the valid time asked about, so both forms of a query do the same walk.
        let now = view.valid(at: ValidInstant(iso8601: "2026-01-01"))
        let person = now.nodes(label: "Person").max {
            view.outgoing($0, type: "WORKS_ON").count < view.outgoing($1, type: "WORKS_ON").count
        }!
        let lab = now.nodes(label: "Lab").max { view.incoming($0, type: "MEMBER_OF").count < view.incoming($1, type: "MEMBER_OF").count }!
        let parameters: [String: Value] = ["person": .string(view.id(of: person)), "lab": .string(view.id(of: lab))]
        let queries: [(String, String)] = [
            ("1-hop: a person's labs", "MATCH (p)-[:MEMBER_OF]->(l) WHERE id(p) = $person RETURN l.name"),
            ("lab members", "MATCH (l)<-[:MEMBER_OF]-(p) WHERE id(l) = $lab RETURN p.name"),
            ("2-hop collaborators", "MATCH (p)-[:WORKS_ON]->(x)<-[:WORKS_ON]-(c) WHERE id(p) = $person RETURN DISTINCT c.name"),
            (
                "top-10 labs by members",
                "MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN l.name AS lab, count(*) AS n ORDER BY n DESC LIMIT 10"
            ),
            (
                "degree of every person",
                "MATCH (p:Person) RETURN p.name, size([(p)-[:WORKS_ON]->() | 1]) AS projects ORDER BY projects DESC LIMIT 10"
            ),
            ("every WORKS_ON", "MATCH (:Person)-[r:WORKS_ON]->(:Project) RETURN count(r)"),
            ("institutions by city", "MATCH (i:Institution) RETURN i.city AS city, count(*) AS n ORDER BY n DESC"),
        ]
        var results: [String] = []
        for (name, query) in queries {
            var plain: [Double] = [], valid: [Double] = [], rows = (0, 0)
            for _ in 0..<arguments.runs {
                var started = BenchmarkSupport.now()
                rows.0 = try db.query(query, parameters: parameters).result.rows.count
                plain.append(BenchmarkSupport.now() - started)
                started = BenchmarkSupport.now()
                rows.1 = try db.query("VALID AT date('2026-01-01') " + query, parameters: parameters).result.rows.count
                valid.append(BenchmarkSupport.now() - started)
            }
            results.append(
                #"{"name": "\#(name)", "plain_ms": \#(median(plain) * 1000), "valid_ms": \#(median(valid) * 1000), "#
                    + #""plain_rows": \#(rows.0), "valid_rows": \#(rows.1)}"#)
        }
        print(#"{"events": \#(events), "runs": \#(arguments.runs), "queries": [\#(results.joined(separator: ", "))]}"#)
        removeDatabase(path)
    }
}
