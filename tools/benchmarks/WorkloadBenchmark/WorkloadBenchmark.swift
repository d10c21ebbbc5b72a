// The Kennis side of tools/bench/run's workload: loads the generated events, picks the subjects the
// queries are about, writes the final state as CSV files (and their schema) for the peer to load, and
// times each workload query on the current view and on the view half-way back (median and p95 of the
// engine time: parse + execute), keeping each answer for the peer's to be checked against.
//   WorkloadBenchmark EVENTS.jsonl SCRATCH_DIR RUNS WORKLOAD.json OUT_DIR
// Writes OUT_DIR/csv (`kennis export --format csv`: the CSV files and kuzu-schema.cypher) and prints
// one JSON object.
import BenchmarkSupport
import Foundation
import Kennis
import Query

@main
struct WorkloadBenchmark {
    struct WorkloadFile: Decodable {
        struct Query: Decodable {
            let name: String
            let kennis: String
            let heavy: Bool?
        }
        let queries: [Query]
    }

    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 6, let runs = Int(arguments[3]) else {
            print("usage: WorkloadBenchmark EVENTS.jsonl SCRATCH_DIR RUNS WORKLOAD.json OUT_DIR")
            exit(2)
        }
        let (input, scratch, workloadPath, out) = (arguments[1], arguments[2], arguments[4], arguments[5])
        let workload = try JSONDecoder().decode(WorkloadFile.self, from: Data(contentsOf: URL(fileURLWithPath: workloadPath)))
        let path = "\(scratch)/workload.db"
        removeDatabase(path)
        var options = Database.Options()
        options.snapshotEvery = nil
        let db = try Database(path: path, create: true, options: options)
        let events = try db.importEvents(from: [.file(input)]).count
        let now = try db.view()
        let half = try db.view(at: .seq(db.head / 2))

        // A typical person (the median number of projects, among people who exist half-way back too),
        // another for a shortest path, the lab with most members.
        let people = half.nodes(label: "Person").filter {
            !now.outgoing($0, type: "WORKS_ON").isEmpty && now.node(id: now.id(of: $0)) != nil
        }
        let byProjects = people.sorted { now.outgoing($0, type: "WORKS_ON").count < now.outgoing($1, type: "WORKS_ON").count }
        let person = byProjects[byProjects.count / 2], other = byProjects[byProjects.count / 3]
        let lab = now.nodes(label: "Lab").max { now.incoming($0, type: "MEMBER_OF").count < now.incoming($1, type: "MEMBER_OF").count }!
        let subjects: [String: String] = [
            "person": now.id(of: person), "other": now.id(of: other), "lab": now.id(of: lab),
            "name": now.property("name", of: person).flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "",
        ]
        let parameters = subjects.mapValues { Value.string($0) }

        try writeCSV(of: now, into: out + "/csv")

        // No time limit, and room for the intermediate rows of the heavy aggregations.
        let limits = QueryLimits(maximumRows: 200_000_000, timeout: nil)
        var results: [String] = []
        for query in workload.queries {
            let statement = query.kennis
            // Heavy queries get fewer runs, so that the suite stays within minutes.
            let count = query.heavy == true ? max(3, runs / 5) : runs
            func time(_ view: GraphView) throws -> [Double] {
                var times: [Double] = []
                for _ in 0..<count {
                    let started = BenchmarkSupport.now()
                    _ = try Executor(view: view, parameters: parameters, limits: limits).run(Parser.parse(statement))
                    times.append(BenchmarkSupport.now() - started)
                }
                return times
            }
            let current = try time(now), past = try time(half)
            let answer = QueryAnswer(
                result: try Executor(view: now, parameters: parameters, limits: limits).run(Parser.parse(statement)), view: now)
            results.append(
                """
                {"name": \(json(query.name)), "median_ms": \(median(current) * 1000), "p95_ms": \(percentile(current, 0.95) * 1000), \
                "asof_median_ms": \(median(past) * 1000), "asof_p95_ms": \(percentile(past, 0.95) * 1000), "runs": \(count), \
                "rows": \(answer.result.rows.count), "answer": \(answer.json(elapsedMilliseconds: 0))}
                """)
        }
        let subjectJSON = subjects.keys.sorted().map { "\(json($0)): \(json(subjects[$0]!))" }.joined(separator: ", ")
        print(
            #"{"events": \#(events), "entities": \#(now.statistics().nodes), "subjects": {\#(subjectJSON)}, "queries": [\#(results.joined(separator: ", "))]}"#
        )
        removeDatabase(path)
    }

    /// The value at fraction `p` of the sorted times (nearest rank).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
    }

    static func json(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return writer.string
    }
}

/// The view as `kennis export --format csv` writes it, into `directory`.
func writeCSV(of view: GraphView, into directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var files: [String: FileHandle] = [:]
    try CSVExport(view: view).write { name, piece in
        if files[name] == nil {
            _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: nil)
            files[name] = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/" + name))
        }
        try files[name]!.write(contentsOf: piece)
    }
    for file in files.values { try file.close() }
}
