import Query
import TestSupport
import Testing

@testable import Kennis

/// Queries written to break the engine: nested as deep as the parser allows (they run, on the worker
/// threads, in this debug build), one level deeper (a clean LimitExceeded at the place), long flat
/// chains, cartesian products against the time limit, estimates too large for an integer.
struct HostileQueryTests {
    private static let limit = ExpressionParser.maximumNesting

    /// A query nesting `depth` levels of one shape (the RETURN item itself is the first level).
    private static func nested(_ shape: String, _ depth: Int) -> String {
        let n = depth - 1
        switch shape {
        case "parentheses": return "RETURN " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
        case "lists": return "RETURN " + String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n)
        case "maps": return "RETURN " + String(repeating: "{a: ", count: n) + "1" + String(repeating: "}", count: n)
        case "case": return "RETURN " + String(repeating: "CASE WHEN true THEN ", count: n) + "1" + String(repeating: " END", count: n)
        case "functions": return "RETURN " + String(repeating: "abs(", count: n) + "1" + String(repeating: ")", count: n)
        case "not": return "RETURN " + String(repeating: "NOT ", count: depth - 1) + "true"
        case "sums": return "RETURN " + Array(repeating: "1", count: depth).joined(separator: " + ")
        case "slices": return "RETURN [1]" + String(repeating: "[0..1]", count: depth - 2)
        case "steps": return "MATCH (a)" + String(repeating: "-->()", count: depth) + " RETURN 1"
        case "parts": return "MATCH " + (0..<depth).map { "(n\($0))" }.joined(separator: ", ") + " RETURN 1 LIMIT 1"
        default: fatalError("no shape \(shape)")
        }
    }

    private static let shapes = ["parentheses", "lists", "maps", "case", "functions", "not", "sums", "slices", "steps", "parts"]

    /// Subqueries inside subqueries (each level is two of the parser's) run as deep as the parser lets
    /// them, each on its own nested executor, and past that are refused.
    @Test func nestedSubqueriesRunToTheLimitAndNoFurther() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        _ = try db.write("CREATE (a)-[:R]->(b)", actor: nil)
        func exists(_ n: Int) -> String {
            "MATCH (a) WHERE " + String(repeating: "EXISTS { MATCH (a) WHERE ", count: n) + "true" + String(repeating: " }", count: n)
                + " RETURN count(a)"
        }
        func comprehension(_ n: Int) -> String {
            "RETURN size(" + String(repeating: "[(a)-->(b) | ", count: n) + "1" + String(repeating: "]", count: n) + ")"
        }
        #expect(rows(try run(db, exists(Self.limit / 2 - 5))) == [["2"]])
        #expect(rows(try run(db, comprehension(Self.limit / 2 - 5))).count == 1)
        for text in [exists(Self.limit), comprehension(Self.limit)] {
            let error = #expect(throws: QueryError.self) { _ = try run(db, text) }
            #expect(error?.code == .limitExceeded)
        }
    }

    /// Runs `text` as the interfaces do: on a worker thread.
    private func run(_ db: Database, _ text: String, timeout: Duration = .seconds(60)) throws -> QueryAnswer {
        try WorkerThreads.shared.runAndWait { try db.query(text, limits: QueryLimits(timeout: timeout)) }
    }

    /// The answer's rows as JSON texts.
    private func rows(_ answer: QueryAnswer) -> [[String]] { answer.result.rows.map { $0.map(answer.jsonText) } }

    private func database(_ dir: TemporaryDirectory, shipped: Bool = false) throws -> Database {
        let db = try Database(path: dir.appending("db"), create: true)
        if shipped { try db.importEvents(from: GraphIntegrationTests.shippedFiles) }
        return db
    }

    @Test(arguments: shapes) func nestingAtTheLimitRuns(_ shape: String) throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let answer = try run(db, Self.nested(shape, Self.limit))
        #expect(answer.result.columns.count == 1)
    }

    @Test(arguments: shapes) func nestingPastTheLimitIsRefusedWithItsPlace(_ shape: String) throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let error = #expect(throws: QueryError.self) { _ = try run(db, Self.nested(shape, Self.limit + 1)) }
        #expect(error?.code == .limitExceeded)
        #expect(error?.location?.line == 1 && (error?.location?.column ?? 0) > 1)
    }

    @Test func hostileShapesFromTheFieldFailCleanly() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        for text in [
            "RETURN " + Array(repeating: "1", count: 100_000).joined(separator: "+"),
            "RETURN " + String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000),
            "RETURN " + String(repeating: "[", count: 20_000) + "1" + String(repeating: "]", count: 20_000),
            "RETURN " + String(repeating: "- ", count: 20_000) + "1 + x",
            // Each of these would try a pattern first at every level: remembered failures keep it linear.
            "RETURN " + String(repeating: "({a: ", count: 600) + "1" + String(repeating: "})", count: 600),
        ] {
            #expect(throws: QueryError.self) { _ = try run(db, text) }
        }
    }

    @Test func longFlatChainsWork() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        // AND, OR and XOR chains are balanced trees: 100,000 terms are 17 levels.
        let and = try run(db, "RETURN " + Array(repeating: "true", count: 100_000).joined(separator: " AND "))
        #expect(rows(and) == [["true"]])
        let or = try run(db, "RETURN " + Array(repeating: "false", count: 99_999).joined(separator: " OR ") + " OR true")
        #expect(rows(or) == [["true"]])
        let union = try run(db, Array(repeating: "RETURN 1 AS x", count: 10_000).joined(separator: " UNION ALL "))
        #expect(union.result.rows.count == 10_000)
        let list = try run(db, "RETURN size([" + (0..<100_000).map(String.init).joined(separator: ", ") + "])")
        #expect(rows(list) == [["100000"]])
        let string = try run(db, "RETURN size('" + String(repeating: "a", count: 10 << 20) + "')")
        #expect(rows(string) == [["\(10 << 20)"]])
    }

    /// Balancing a chain keeps its three-valued answer: random chains of true, false and null give
    /// what the chain nested to the left gives.
    @Test func balancedChainsAnswerAsLeftNestedOnes() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        var random = SplitMix(seed: 3)
        let literals = ["true", "false", "null"]
        for round in 0..<200 {
            let op = ["AND", "OR", "XOR"][random.below(3)]
            let terms = (0..<(2 + random.below(12))).map { _ in literals[random.below(3)] }
            var leftNested = terms[0]
            for term in terms.dropFirst() { leftNested = "(\(leftNested) \(op) \(term))" }
            let flat = terms.joined(separator: " \(op) ")
            let answer = try run(db, "RETURN \(flat) AS a, \(leftNested) AS b")
            #expect(rows(answer)[0][0] == rows(answer)[0][1], "round \(round): \(flat)")
        }
    }

    @Test func aCartesianProductStopsAtItsTimeLimit() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir, shipped: true)
        let text = "MATCH " + (0..<500).map { "(n\($0))" }.joined(separator: ", ") + " RETURN count(*)"
        let clock = ContinuousClock()
        let started = clock.now
        let error = #expect(throws: QueryError.self) { _ = try run(db, text, timeout: .milliseconds(500)) }
        #expect(error?.code == .timeout || error?.code == .limitExceeded)
        #expect(clock.now - started < .seconds(10))
    }

    @Test func anEstimatePastAnyIntegerIsExplained() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir, shipped: true)
        let plan = try WorkerThreads.shared.runAndWait {
            try db.explain("MATCH " + (0..<10).map { "(n\($0))" }.joined(separator: ", ") + " RETURN 1 LIMIT 1")
        }
        #expect(plan.text.contains("10^"))
    }
}
