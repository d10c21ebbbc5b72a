import Kennis
import Query
import TestSupport
import Testing

@testable import CypherFuzz

/// The fuzzer of tools/fuzz-cypher, bounded: generated queries through parse, bind and plan, and
/// generated JSON through the readers, end with an answer or an error, never a crash; and the
/// generator reaches every kind of outcome, so the run is not only refusals.
struct FrontEndFuzzTests {
    @Test func generatedQueriesAndJSONNeverCrashTheFrontEnd() throws {
        let dir = TemporaryDirectory()
        let database = try Database(path: dir.appending("db"), create: true)
        var options = Options()
        options.queries = 3_000
        options.json = 3_000
        options.seed = 42
        let report = try WorkerThreads.shared.runAndWait { [options] in try FuzzRun(database: database, options: options).run() }
        for outcome in [
            "  ok:", "  SyntaxError:", "  LimitExceeded:", "  run: ok:", "  json: ok:", "  json: JSONParseError:", "  events: ok:",
        ] {
            #expect(report.contains(outcome), "no \(outcome) in\n\(report)")
        }
    }
}
