import Graph
import Testing

@testable import Query

/// A streamed answer (`Executor.stream`) has the columns its `StreamPlan` promises and exactly the
/// rows `run` holds, in the same order; the queries whose answer needs every row first are not streamed.
struct StreamingTests {
    private final class Collector: RowReceiver {
        var rows: [[Value]] = []
        /// After this many rows the receiver wants no more (the client discarded the rest).
        var stopAfter = Int.max

        func receive(_ row: [Value]) throws(QueryError) {
            guard rows.count < stopAfter else { throw QueryError(.cancelled, "enough") }
            rows.append(row)
        }
    }

    static let streamed = [
        "MATCH (p:Person) RETURN p.name AS name, p.h",
        "MATCH (p:Person)-[r:MEMBER_OF]->(l:Lab) WHERE l.name = 'X' RETURN p.name, r.role",
        "MATCH (p:Person) WITH p ORDER BY p.name DESC MATCH (p)-[:WORKS_ON]->(x) RETURN p.name, x.name",
        "MATCH (p:Person) RETURN p.name SKIP 1 LIMIT 1",
        "MATCH (p:Person) RETURN p LIMIT 0",
        "UNWIND range(10, 1, -3) AS i RETURN i, i * i AS square",
        "UNWIND [1, null, 'a', [2]] AS x RETURN x",
        "UNWIND null AS x RETURN x",
        "WITH 5 AS n UNWIND range(1, n) AS i RETURN i SKIP 2",
        "MATCH (a:Person), (b:Lab) RETURN a.name, b.name",
        "OPTIONAL MATCH (p:Person {name: 'Zed'}) RETURN p",
        "CALL db.labels() YIELD label RETURN label",
        "MATCH p = (:Person)-[:LEADS]->() RETURN p, length(p) AS hops",
        "RETURN 1 AS one, 'two' AS two",
    ]

    @Test(arguments: streamed) func aStreamedAnswerIsTheHeldAnswer(text: String) throws {
        let view = ExecutorTests.graph.current
        let statement = try Parser.parse(text)
        let held = try Executor(view: view).run(statement)
        let plan = try #require(try Executor.streamPlan(of: statement), "\(text) is streamed")
        let columns = plan.columns
        let collector = Collector()
        try Executor(view: view).stream(plan, into: collector)
        #expect(columns == held.columns)
        #expect(Self.text(collector.rows) == Self.text(held.rows), "\(text)")
    }

    /// The stream plan of a statement that streams.
    private static func plan(_ statement: Statement) throws -> StreamPlan { try #require(try Executor.streamPlan(of: statement)) }

    /// Rows as text to compare (a value is not Equatable: null is not equal to null in Cypher).
    private static func text(_ rows: [[Value]]) -> [String] { rows.map { "\($0)" } }

    @Test(arguments: [
        "MATCH (p:Person) RETURN p.name ORDER BY p.name", "MATCH (p:Person) RETURN count(p)", "MATCH (p:Person) RETURN DISTINCT p.h",
        "RETURN 1 AS x UNION RETURN 2 AS x", "CREATE (:Person) RETURN 1", "MATCH (p:Person) WITH p.h AS h RETURN collect(h)",
    ])
    func answersThatNeedEveryRowFirstAreHeld(text: String) throws {
        #expect(try Executor.streamPlan(of: Parser.parse(text)) == nil, "\(text)")
    }

    @Test func aReceiverThatWantsNoMoreStopsTheQueryWhereItIs() throws {
        // Five million rows would take seconds to make: the query stops at the fourth.
        let statement = try Parser.parse("UNWIND range(1, 5000000) AS i RETURN i")
        let collector = Collector()
        collector.stopAfter = 3
        #expect(throws: QueryError.self) {
            try Executor(view: ExecutorTests.graph.current).stream(try Self.plan(statement), into: collector)
        }
        #expect(Self.text(collector.rows) == Self.text([[.integer(1)], [.integer(2)], [.integer(3)]]))
        // LIMIT ends a streamed answer as complete, not stopped.
        let limited = Collector()
        try Executor(view: ExecutorTests.graph.current).stream(
            try Self.plan(Parser.parse("UNWIND range(1, 5000000) AS i RETURN i LIMIT 2")), into: limited)
        #expect(limited.rows.count == 2)
    }

    @Test func anUnorderedLimitStopsTheRowsOfAHeldAnswerToo() throws {
        let view = ExecutorTests.graph.current
        // The third row would divide by zero: LIMIT 2 never makes it (as a lazy engine, Neo4j's, answers).
        let limited = try Executor(view: view).run(Parser.parse("UNWIND [1, 2, 0] AS i WITH 6 / i AS x LIMIT 2 RETURN collect(x)"))
        #expect("\(limited.rows)" == "\([[Value.list([.integer(6), .integer(3)])]])")
        let skipped = try Executor(view: view).run(
            Parser.parse("MATCH (p:Person) WITH DISTINCT p.h IS NULL AS unknown SKIP 1 LIMIT 1 RETURN count(*)"))
        #expect("\(skipped.rows)" == "\([[Value.integer(1)]])")
        // Ordered, every row is needed first: the error comes.
        #expect(throws: QueryError.self) {
            try Executor(view: view).run(Parser.parse("UNWIND [1, 2, 0] AS i RETURN 6 / i AS x ORDER BY x LIMIT 2"))
        }
    }

    @Test func binderErrorsComeBeforeAnyRow() {
        #expect(throws: QueryError.self) { try Executor.streamPlan(of: Parser.parse("MATCH (p) RETURN q")) }
        // A range() that fails fails before its first row, as the function does.
        let collector = Collector()
        #expect(throws: QueryError.self) {
            try Executor(view: ExecutorTests.graph.current).stream(
                try Self.plan(Parser.parse("UNWIND range(1, 5, 0) AS i RETURN i")), into: collector)
        }
        #expect(collector.rows.isEmpty)
    }
}
