// Measures the Cypher engine on a generated graph: an analyst workload of point lookups, label and
// property lookups, 1- and 2-hop expansions, grouped counts, variable-length reach, shortest paths,
// OPTIONAL MATCH, collect, and an AS OF variant. Each query is parsed and run (engine time, no
// output) many times; the median is reported. Run by tools/bench-query. Prints one JSON object.
import BenchmarkSupport
import Kennis
import Query

#if canImport(Glibc)
    import Glibc
#endif

@main
struct QueryBenchmark {
    struct Case {
        let name: String
        let query: String
        let parameters: [String: Value]
        var atHalf = false
        /// For queries that make their rows DISTINCT: the same pattern counted, to report how many
        /// matches the engine went through.
        var countQuery: String? = nil
    }

    static func main() throws {
        let arguments = BenchmarkArguments(program: "query-benchmark", defaultRuns: 30)
        let input = arguments.input, scratch = arguments.scratch, runs = arguments.runs
        let path = "\(scratch)/query.db"
        removeDatabase(path)
        var options = Database.Options()
        options.snapshotEvery = nil
        let db = try Database(path: path, create: true, options: options)
        // KENNIS_BENCH_ONLY=text runs only the cases whose name contains it (for profiling one query),
        // and prints the subjects first (so that they can be looked at with `kennis query`).
        let only = getenv("KENNIS_BENCH_ONLY").map { String(cString: $0) }
        let events = try db.importEvents(from: [.file(input)]).count
        let now = try db.view()
        let half = try db.view(at: .seq(db.head / 2))

        // Subjects: a typical person (median number of projects among people who exist half-way back
        // too), a lab with members, two people for a shortest path.
        let people = half.nodes(label: "Person").filter { !now.outgoing($0, type: "WORKS_ON").isEmpty }
        let byProjects = people.sorted { now.outgoing($0, type: "WORKS_ON").count < now.outgoing($1, type: "WORKS_ON").count }
        let person = byProjects[byProjects.count / 2]
        let other = byProjects[byProjects.count / 3]
        let lab = now.nodes(label: "Lab").max { now.incoming($0, type: "MEMBER_OF").count < now.incoming($1, type: "MEMBER_OF").count }!
        let personId = Value.string(now.id(of: person)), otherId = Value.string(now.id(of: other))
        let labId = Value.string(now.id(of: lab))
        let name = now.property("name", of: person).map(Value.init) ?? .null
        if only != nil { print("subjects: \(personId) \(otherId) \(labId)") }

        let cases: [Case] = [
            Case(name: "point lookup by id", query: "MATCH (p) WHERE id(p) = $id RETURN p.name", parameters: ["id": personId]),
            Case(name: "label/property lookup", query: "MATCH (p:Person {name: $name}) RETURN id(p)", parameters: ["name": name]),
            Case(
                name: "1-hop: a person's labs", query: "MATCH (p)-[:MEMBER_OF]->(l) WHERE id(p) = $id RETURN l.name",
                parameters: ["id": personId]),
            Case(name: "lab members", query: "MATCH (l)<-[:MEMBER_OF]-(p) WHERE id(l) = $lab RETURN p.name", parameters: ["lab": labId]),
            Case(
                name: "2-hop collaborators via shared projects",
                query: "MATCH (p)-[:WORKS_ON]->(x)<-[:WORKS_ON]-(c) WHERE id(p) = $id RETURN DISTINCT c.name", parameters: ["id": personId],
                countQuery: "MATCH (p)-[:WORKS_ON]->(x)<-[:WORKS_ON]-(c) WHERE id(p) = $id RETURN count(*)"),
            Case(
                name: "top-10 labs by members (grouped count)",
                query: "MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN l.name AS lab, count(*) AS n ORDER BY n DESC LIMIT 10",
                parameters: [:]),
            Case(
                name: "variable-length reach *1..3 (projects and labs)",
                query: "MATCH (p)-[:WORKS_ON|MEMBER_OF*1..3]-(x) WHERE id(p) = $id RETURN count(DISTINCT x)", parameters: ["id": personId]),
            Case(
                name: "shortest path between two people",
                query: "MATCH (a), (b) WHERE id(a) = $a AND id(b) = $b MATCH p = shortestPath((a)-[*..8]-(b)) RETURN length(p)",
                parameters: ["a": personId, "b": otherId]),
            Case(
                name: "OPTIONAL MATCH: what a person leads",
                query: "MATCH (p) WHERE id(p) = $id OPTIONAL MATCH (p)-[:LEADS]->(x) RETURN p.name, x.name", parameters: ["id": personId]),
            Case(
                name: "collect a lab's members", query: "MATCH (l)<-[:MEMBER_OF]-(p) WHERE id(l) = $lab RETURN collect(p.name)",
                parameters: ["lab": labId]),
            Case(
                name: "algo.pageRank over the whole graph",
                query: "CALL algo.pageRank() YIELD node, score RETURN id(node), score", parameters: [:]),
            Case(
                name: "algo.components over the whole graph",
                query: "CALL algo.components() YIELD node, community RETURN id(node), community", parameters: [:]),
            Case(
                name: "2-hop collaborators AS OF half-way",
                query: "MATCH (p)-[:WORKS_ON]->(x)<-[:WORKS_ON]-(c) WHERE id(p) = $id RETURN DISTINCT c.name",
                parameters: ["id": personId], atHalf: true),
        ]

        var results: [String] = []
        for benchmark in cases where only.map(benchmark.name.contains) ?? true {
            let view = benchmark.atHalf ? half : now
            var times: [Double] = []
            var rows = 0
            // Slow queries get fewer runs, so the whole benchmark stays within minutes.
            var budget = runs
            var run = 0
            while run < budget {
                let started = BenchmarkSupport.now()
                let result = try Executor(view: view, parameters: benchmark.parameters).run(Parser.parse(benchmark.query))
                times.append(BenchmarkSupport.now() - started)
                rows = result.rows.count
                if run == 0 && times[0] > 0.5 { budget = min(budget, 5) }
                run += 1
            }
            var matches = ""
            if let countQuery = benchmark.countQuery,
                case .integer(let count) = try Executor(view: view, parameters: benchmark.parameters).run(Parser.parse(countQuery)).rows[0][
                    0]
            {
                matches = #", "matches": \#(count)"#
            }
            results.append(
                #"{"name": "\#(benchmark.name)", "median_ms": \#(median(times) * 1000), "rows": \#(rows), "runs": \#(times.count)\#(matches)}"#
            )
        }
        if only.map("after each write".contains) ?? true {
            results.append(try measureIndexUpkeep(db, person: person, personId: personId, name: name))
        }
        if only.map("CREATE".contains) ?? true { results.append(try measureCreate(db, scratch: scratch)) }
        print(
            #"{"events": \#(events), "entities": \#(now.statistics().nodes), "runs": \#(runs), "queries": [\#(results.joined(separator: ", "))]}"#
        )
        removeDatabase(path)
    }

    /// A label/property lookup under writes: each of 30 writes (one property of a person set, one
    /// event) moves the head past the store's value index, and the lookup after it brings the index up
    /// to date. The baseline, in the same run: the first lookup on a key not indexed yet (`email`, of
    /// the same kind), which builds its index from every version of the kind.
    static func measureIndexUpkeep(_ db: Database, person: Node, personId: Value, name: Value) throws -> String {
        let view = try db.view()
        let email = view.property("email", of: person).map(Value.init) ?? .null
        var started = BenchmarkSupport.now()
        _ = try Executor(view: view, parameters: ["email": email]).run(Parser.parse("MATCH (p:Person {email: $email}) RETURN id(p)"))
        let build = BenchmarkSupport.now() - started
        let lookup = try Parser.parse("MATCH (p:Person {name: $name}) RETURN id(p)")
        var times: [Double] = []
        var rows = 0
        for n in 0..<30 {
            try db.write(
                "MATCH (p:Person {`@id`: $id}) SET p.h_index = $n", parameters: ["id": personId, "n": .integer(Int64(n))], actor: "bench",
                limits: QueryLimits(timeout: nil))
            started = BenchmarkSupport.now()
            rows = try Executor(view: try db.view(), parameters: ["name": name]).run(lookup).rows.count
            times.append(BenchmarkSupport.now() - started)
        }
        let note =
            "the index brought up to date after each of 30 one-event writes; building one from scratch: \((build * 10_000).rounded() / 10) ms"
        return
            #"{"name": "label/property lookup after each write", "median_ms": \#(median(times) * 1000), "rows": \#(rows), "runs": 30, "note": "\#(note)"}"#
    }

    /// `CREATE` of 100,000 nodes with `UNWIND` in one query (one batch appended to the log), against a
    /// baseline in the same run: `importEvents` of the same 100,000 `entity.created` events from JSON
    /// Lines, the bulk-load path. Three of each, alternating, on top of the workload's graph.
    static func measureCreate(_ db: Database, scratch: String) throws -> String {
        let count = 100_000
        let limits = QueryLimits(timeout: nil)
        var creates: [Double] = []
        var imports: [Double] = []
        for run in 0..<3 {
            let query = "UNWIND range(1, \(count)) AS i CREATE (:Person {name: 'Bench \(run) ' + toString(i), n: i})"
            var started = BenchmarkSupport.now()
            let answer = try db.write(query, actor: "bench", limits: limits)
            creates.append(BenchmarkSupport.now() - started)
            precondition(answer.result.statistics?.nodesCreated == count)
            // The same events as a JSON Lines file.
            let file = "\(scratch)/create-\(run).jsonl"
            var lines = ""
            lines.reserveCapacity(count * 110)
            for i in 1...count {
                lines +=
                    #"{"type":"entity.created","id":"person:import-\#(run)-\#(i)","kind":"Person","props":{"name":"Import \#(run) \#(i)","n":\#(i)},"actor":"bench"}"#
                lines += "\n"
            }
            guard let handle = fopen(file, "w") else { fatalError("cannot write \(file)") }
            fputs(lines, handle)
            fclose(handle)
            started = BenchmarkSupport.now()
            try db.importEvents(from: [.file(file)])
            imports.append(BenchmarkSupport.now() - started)
        }
        let create = median(creates), load = median(imports)
        return
            #"{"name": "CREATE 100,000 nodes with UNWIND (one query, one batch)", "median_ms": \#(create * 1000), "rows": 0, "runs": 3, "baseline_ms": \#(load * 1000), "baseline": "import of the same 100,000 entity.created events (JSON Lines)"}"#
    }
}
