import EventLog
import Graph
import Testing

@testable import Query

/// A step an aggregation only counts is counted in the adjacency lists (`CountedStep`), with the
/// answers the row-by-row matching gives: each query here is run as written (counted) and with its
/// counts written as `sum(1)`, which the counting leaves alone.
struct CountedStepTests {
    /// The executor tests' graph, and a self-loop (Ann knows herself) and a relationship to a node of
    /// another kind, so that directions, loops and end labels all count.
    static let graph: GraphState = {
        var state = ExecutorTests.graph
        let head = state.head
        let events: [Event] = [
            Event(.relationAdded(id: "r:loop", type: "KNOWS", from: "p:ann", to: "p:ann", properties: Properties([]))),
            Event(.relationAdded(id: "r:k", type: "KNOWS", from: "p:bob", to: "p:ann", properties: Properties([]))),
            Event(.relationAdded(id: "r:c", type: "CITES", from: "p:cid", to: "proj:z", properties: Properties([]))),
        ]
        for (i, event) in events.enumerated() { try! state.apply(event, at: head + UInt64(i + 1)) }
        return state
    }()

    static let counted = [
        "MATCH (p:Person)-[r]-() RETURN p.name AS name, count(r) AS d ORDER BY name",
        "MATCH (p:Person)-[r]->() RETURN p.name AS name, count(*) AS d ORDER BY name",
        "MATCH (p:Person)<-[r]-() RETURN p.name AS name, count(r) AS d ORDER BY name",
        "MATCH (p:Person)-[r:KNOWS]-() RETURN p.name AS name, count(r) AS d ORDER BY name",
        "MATCH (p:Person)-[r:KNOWS|MEMBER_OF]-() RETURN p.name AS name, count(r) AS d ORDER BY name",
        "MATCH (:Person)-[:WORKS_ON|CITES]->(x:Project) RETURN x.name AS name, count(*) AS d",
        // Started from x (its map is tested on the start), the step ends at a Person.
        "MATCH (p:Person)-[r]-(x {name: 'X'}) RETURN count(r) AS n",
        "MATCH (l:Lab)<-[:MEMBER_OF]-(:Person) RETURN l.name AS lab, count(*) AS n ORDER BY n DESC, lab",
        "MATCH (p:Person)-[r]-() WITH p, count(r) AS d WHERE d > 2 RETURN p.name AS name, d ORDER BY name",
        "MATCH (p:Person)-[r]-() WHERE p.h > 10 RETURN p.name AS name, count(r) AS d, count(p) AS again, count(p.h) AS h",
        "MATCH (p:Person)-[r]-(x) RETURN count(r) AS all, count(x) AS ends, count(*) AS rows",
        "MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS members",
        "MATCH (p:Person)-[r:NO_SUCH_TYPE]-() RETURN count(r) AS none",
        "MATCH (p:Person)-[r]-() RETURN p.h AS h, count(r) AS d ORDER BY h",
    ]

    @Test(arguments: counted) func aCountedStepAnswersAsTheRowsDo(text: String) throws {
        let view = Self.graph.current
        let counted = try Executor(view: view).run(Parser.parse(text))
        let summed = try Executor(view: view).run(Parser.parse(Self.summing(text)))
        #expect("\(counted.rows)" == "\(summed.rows)", "\(text)")
        #expect(try Self.isCounted(text), "\(text) is counted from the adjacency lists")
    }

    @Test(arguments: [
        "MATCH (p:Person)-[r]-(x) RETURN x.name, count(*)", "MATCH (p:Person)-[r]-(x) RETURN p.name, count(DISTINCT x)",
        "MATCH (p:Person)-[r]-(x) WHERE r.role = 'PI' RETURN p.name, count(r)", "MATCH (p:Person)-[r {role: 'PI'}]-() RETURN count(r)",
        "MATCH (p:Person)-[r*1..2]-() RETURN p.name, count(r)",
        "MATCH (p:Person)-[r]-()-[s]-() RETURN p.name, count(s)", "MATCH (p:Person)-[r]-(p) RETURN count(r)",
        "MATCH path = (p:Person)-[r]-() RETURN p.name, count(path)", "MATCH (p:Person)-[r]-() RETURN p.name, collect(r)",
        "MATCH (p:Person)-[r]-() RETURN p.name, count(r) + 1",
    ])
    func otherShapesAreMatchedRowByRow(text: String) throws {
        #expect(try !Self.isCounted(text), "\(text)")
    }

    /// The query with each count(…) written as sum(1) (the rows it counts, counted one by one).
    private static func summing(_ text: String) -> String {
        text.replacingAll(["count(r)", "count(*)", "count(x)"], with: "sum(1)")
    }

    /// Whether the query's first MATCH is counted by the aggregation after it.
    private static func isCounted(_ text: String) throws -> Bool {
        let statement = try Parser.parse(text)
        let scopes = try Binder.check(statement)
        let clauses = statement.parts[0].clauses
        guard case .match(let match) = clauses[0] else { return false }
        let projection: Projection
        switch clauses[1] {
        case .return(let written): projection = ProjectionRewrite.prepared(written, where: nil, scope: scopes[0][1]).projection
        case .with(let written, let predicate):
            projection = ProjectionRewrite.prepared(written, where: predicate, scope: scopes[0][1]).projection
        default: return false
        }
        let plan = try Planner(evaluator: Evaluator(view: graph.current)).plan(match.patterns, where: match.predicate, bound: scopes[0][0])
        return CountedStep(plan, for: projection, scope: scopes[0][0]) != nil
    }
}

extension String {
    fileprivate func replacingAll(_ targets: [String], with replacement: String) -> String {
        var text = self
        for target in targets {
            while let range = text.range(of: target) { text.replaceSubrange(range, with: replacement) }
        }
        return text
    }
}
