import EventLog
import Graph
import TestSupport
import Testing

@testable import Query

/// A whole kind's aggregated step shared with a second thread (`Executor.fold`) answers exactly as
/// the row-by-row matching does: the same groups in the same order, the same sums, the same collected
/// lists in the same order, and the same errors.
struct SharedFoldTests {
    /// 3,000 people (names repeating, so groups meet in both halves), 600 projects with integer and
    /// float budgets, about 24,000 WORKS_ON relationships: past the size at which the step is shared.
    static let graph = GraphState.built { apply in
        var random = SplitMix(seed: 17)
        var relations = 0
        for project in 0..<600 {
            let budget: PropertyValue = project % 7 == 0 ? .float(Double(project) / 4) : .integer(Int64(project * 3))
            apply(Event(.entityCreated(id: "x:\(project)", kind: "Project", properties: Properties([("budget", budget)]), labels: [])))
        }
        for person in 0..<3_000 {
            apply(
                Event(
                    .entityCreated(
                        id: "p:\(person)", kind: "Person", properties: Properties([("name", .string("P\(person % 900)"))]), labels: [])))
            for _ in 0..<(1 + random.below(15)) {
                relations += 1
                apply(
                    Event(
                        .relationAdded(
                            id: "w:\(relations)", type: "WORKS_ON", from: "p:\(person)", to: "x:\(random.below(600))",
                            properties: Properties([]))))
            }
        }
    }

    @Test(arguments: [
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project) RETURN p.name AS name, sum(x.budget) AS total, count(x) AS n, avg(x.budget) AS mean",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project) RETURN p.name AS name, collect(x.budget) AS budgets, min(x.budget) AS low, max(x.budget) AS high",
        "MATCH (p:Person)-[r:WORKS_ON]->(:Project) RETURN p.name AS name, count(r) AS n",
        "MATCH (p:Person)-[r:WORKS_ON]->() RETURN size(p.name) AS letters, count(*) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x) WITH p.name AS name, count(x) AS n WHERE n > 20 RETURN name, n",
    ])
    func aSharedFoldAnswersAsOneThreadDoes(text: String) throws {
        let view = Self.graph.current
        #expect(view.estimatedCount(label: "Person") >= 256 && view.estimatedCount(relationshipType: "WORKS_ON") >= 16_384)
        let shared = try Executor(view: view).run(Parser.parse(text))
        var alone = Executor(view: view)
        alone.sharesWork = false
        let single = try alone.run(Parser.parse(text))
        #expect(shared.rows.count == single.rows.count && !shared.rows.isEmpty)
        // Row by row, so that a difference names its row rather than printing every one.
        let first = zip(shared.rows, single.rows).enumerated().first { "\($0.element.0)" != "\($0.element.1)" }?.offset
        #expect(first == nil, "\(text): row \(first ?? -1) differs")
        // And the groups are those the matcher makes row by row (in its own order).
        let matched = try Executor(view: view).run(
            Parser.parse(text.replacing(") RETURN", with: ") WITH * RETURN").replacing(") WITH p.name", with: ") WITH * WITH p.name")))
        #expect(Set(shared.rows.map { "\($0.first!)" }) == Set(matched.rows.map { "\($0.first!)" }))
    }

    @Test func anErrorInEitherHalfIsTheOneTheRowsGive() throws {
        var state = Self.graph
        // A budget that is not a number on the last project some late person works on.
        let late = state.current.node(id: "p:2999")!
        let project = state.current.outgoing(late).map { state.current.end(of: $0) }.last!
        try state.apply(
            Event(
                .entityUpdated(id: state.current.id(of: project), patch: PropertyPatch([PatchEntry("budget", .string("n/a"))]), labels: nil)
            ),
            at: state.head + 1)
        let text = "MATCH (p:Person)-[:WORKS_ON]->(x:Project) RETURN p.name AS name, sum(x.budget) AS total"
        let shared = #expect(throws: QueryError.self) { try Executor(view: state.current).run(Parser.parse(text)) }
        #expect(shared?.code == .typeError && shared?.message.contains("sum() expects numbers") == true)
    }
}
