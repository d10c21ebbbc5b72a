// What an export of the whole graph costs: the events are imported once, then each format is written
// `runs` times into a sink that only counts bytes (so the disk is not measured); the median time,
// the output's size and rate, and the anonymous memory before and after (an export streams: it must
// not grow with the graph). Run by tools/bench-export. Prints one JSON object.
import BenchmarkSupport
import Kennis

@main
struct ExportBenchmark {
    static func main() throws {
        let arguments = BenchmarkArguments(program: "export-benchmark", defaultRuns: 5)
        let path = "\(arguments.scratch)/export.db"
        removeDatabase(path)
        let db = try Database(path: path, create: true)
        let events = try db.importEvents(from: [.file(arguments.input)]).count
        let view = try db.view()
        let statistics = view.statistics()
        var formats: [String] = []
        let exports: [(String, GraphExportFormat, GEXFExport.Timeline?)] =
            GraphExportFormat.allCases.map { ($0.rawValue, $0, nil) } + [("gexf --dynamic log", .gexf, .log)]
        for (name, format, timeline) in exports {
            formats.append(
                try measure(named: name, runs: arguments.runs) { sink in
                    // Database.export: JSON-LD reads each element's sources from the log, every run.
                    switch try db.export(format, of: view, timeline: timeline) {
                    case .document(let document): try document.write(to: sink)
                    case .files(let files): try files.write { sink($1) }
                    }
                })
        }
        let graph = #"{"events": \#(events), "nodes": \#(statistics.nodes), "relationships": \#(statistics.relationships), "#
        print(graph + #""formats": ["# + formats.joined(separator: ", ") + "]}")
        removeDatabase(path)
    }

    /// One format's figures as a JSON object: the median of `runs` exports into a sink that counts
    /// (the bytes of every file, for a format of several).
    static func measure(named name: String, runs: Int, _ export: (([UInt8]) -> Void) throws -> Void) throws -> String {
        let before = processMemory()
        var times: [Double] = [], bytes = 0, largestPiece = 0
        for _ in 0..<runs {
            bytes = 0
            let started = BenchmarkSupport.now()
            try export {
                bytes += $0.count
                largestPiece = max(largestPiece, $0.count)
            }
            times.append(BenchmarkSupport.now() - started)
        }
        let after = processMemory()
        let seconds = median(times)
        let rate = Double(bytes) / seconds / 1e6
        let format = #"{"format": "\#(name)", "runs": \#(runs), "seconds": \#(seconds), "bytes": \#(bytes), "#
        let stream = #""mb_per_s": \#(rate), "largest_piece": \#(largestPiece), "#
        return format + stream + #""anon_before": \#(before.anonymous), "anon_after": \#(after.anonymous)}"#
    }
}
