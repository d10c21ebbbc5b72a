import EventLog
import Graph
import Testing

@testable import Query

/// `EXPLAIN` answers the plan without running anything; `PROFILE` runs the query and writes into the
/// plan what each clause handed on, how long it took, and how many nodes each pattern's start read.
struct ProfileTests {
    private func run(_ text: String, parameters: [String: Value] = [:]) throws -> QueryResult {
        try Executor(view: ExecutorTests.graph.current, parameters: parameters).run(Parser.parse(text))
    }

    /// The measured rows by operation, in plan order.
    private func measured(_ plan: QueryPlan?) -> [String] {
        (plan?.steps ?? []).compactMap { step in step.rows.map { "\(step.operation) \($0)" } }
    }

    @Test func thePrefixesAreReadOnlyAtTheStart() throws {
        #expect(try Parser.parse("EXPLAIN MATCH (n) RETURN n").mode == .explain)
        #expect(try Parser.parse("profile AS OF 3 MATCH (n) RETURN n").mode == .profile)
        #expect(try Parser.parse("MATCH (explain) RETURN explain").mode == .run)
        let alone = #expect(throws: QueryError.self) { try Parser.parse("EXPLAIN") }
        #expect(alone?.code == .syntaxError)
        let twice = #expect(throws: QueryError.self) { try Parser.parse("EXPLAIN PROFILE MATCH (n) RETURN n") }
        #expect(twice?.code == .syntaxError && twice?.location?.column == 9)
    }

    @Test func explainAnswersThePlanAndTheColumnsWithoutRunning() throws {
        let result = try run("EXPLAIN MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN l.name AS lab, count(*) AS n")
        #expect(result.columns == ["lab", "n"] && result.rows.isEmpty)
        let plan = try #require(result.plan)
        #expect(!plan.profiled && plan.steps.allSatisfy { $0.rows == nil && $0.milliseconds == nil })
        #expect(plan.steps.map(\.operation).contains("AggregatedStep"))
        // Nothing runs: a query that would fail at its first row, or write, is only planned.
        #expect(try run("EXPLAIN UNWIND [1, 0] AS x RETURN 1 / x").plan != nil)
        #expect(try run("EXPLAIN CREATE (:Person {name: 'New'})").plan?.steps.first?.operation == "Create")
    }

    @Test func profileMeasuresEachClauseAndEachStart() throws {
        let result = try run(
            "PROFILE MATCH (l:Lab)<-[:MEMBER_OF]-(p:Person) WITH l, count(p) AS members WHERE members > 1 "
                + "UNWIND range(1, members) AS i RETURN l.name AS lab, i ORDER BY i")
        #expect(result.rows.count == 2 && result.rows.map { $0[1].isNull } == [false, false])
        let plan = try #require(result.plan)
        #expect(plan.profiled)
        // Three memberships counted into two labs' groups, one lab kept, two rows unwound and returned.
        #expect(measured(plan) == ["Match 3", "NodeByLabelScan 2", "With (grouping) 1", "Unwind 2", "Return 2"])
        #expect(plan.steps.filter { $0.depth == 0 }.allSatisfy { ($0.milliseconds ?? -1) >= 0 })
        #expect(plan.text.hasPrefix("Profile at seq"))
        #expect(plan.text.contains("=3 rows"))
    }

    /// (The lab is read from the index of the kind's names: one node considered, not both labs.)
    @Test func profileCountsEveryPartOfAUnionAndTheRowsOfAStreamedMatch() throws {
        let result = try run(
            "PROFILE MATCH (p:Person) RETURN p.name AS name UNION ALL MATCH (l:Lab) WHERE l.name = 'X' RETURN l.name AS name")
        #expect(result.rows.count == 4)
        #expect(measured(result.plan) == ["Match 3", "NodeByLabelScan 3", "Return 3", "Match 1", "NodeIndexSeek 1", "Return 1"])
    }

    @Test func profileOfAReadThatWritesFailsAsTheQueryWould() throws {
        let error = #expect(throws: QueryError.self) { try run("PROFILE CREATE (:Person)") }
        #expect(error?.code == .forbidden)
    }
}
