// One fuzzing run: queries through parse → bind → plan (one in a hundred also executed), then JSON through the
// readers; the outcome of each counted by kind.
import EventLog
import Kennis
import Query

struct FuzzRun {
    let database: Database
    let options: Options

    func run() throws -> String {
        let clock = ContinuousClock()
        var outcomes: [String: Int] = [:]
        var generator = QueryGenerator(seed: options.seed)
        let started = clock.now
        let limits = QueryLimits(maximumRows: 1_000, timeout: .milliseconds(20))
        for index in 0..<options.queries {
            let text = generator.next()
            outcomes[Self.outcome { _ = try database.explain(text) }, default: 0] += 1
            if index % 100 == 0 { outcomes["run: " + Self.outcome { _ = try database.query(text, limits: limits) }, default: 0] += 1 }
        }
        let queryTime = clock.now - started
        var json = JSONGenerator(seed: options.seed)
        let jsonStarted = clock.now
        for _ in 0..<options.json {
            let text = json.next()
            outcomes["json: " + Self.outcome { _ = try JSONValue(parsing: text) }, default: 0] += 1
            var bytes = Array(text.utf8)
            bytes.append(0x0A)
            outcomes[
                "events: " + Self.outcome { _ = try bytes.withUnsafeBytes { try Database.decode($0, name: "fuzz", actor: "fuzz") } },
                default: 0] += 1
        }
        let jsonTime = clock.now - jsonStarted
        let rate = { (n: Int, d: Duration) in
            Int(Double(n) / max(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18, 1e-9))
        }
        var lines = [
            "kennis-fuzz-cypher: seed \(options.seed): \(options.queries) queries through parse, bind and plan (\(options.queries / 100) run) "
                + "in \(queryTime) (\(rate(options.queries, queryTime))/s); \(options.json) JSON texts through the JSON and event readers "
                + "in \(jsonTime) (\(rate(options.json, jsonTime))/s); 0 crashes"
        ]
        for (outcome, count) in outcomes.sorted(by: { $0.key < $1.key }) { lines.append("  \(outcome): \(count)") }
        return lines.joined(separator: "\n")
    }

    /// What running `body` ended as: "ok", or the error's code.
    private static func outcome(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "ok"
        } catch let error as QueryError {
            return error.code.rawValue
        } catch {
            return String(describing: type(of: error))
        }
    }
}
