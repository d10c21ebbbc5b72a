import EventLog
import Graph
import Testing

@testable import Query

/// A step only an aggregation reads is counted or folded straight from the adjacency lists
/// (`AggregatedStep`), with the answers the row-by-row matching gives: each query here is run as
/// written and with `WITH *` after its MATCH, which leaves the matching to the matcher.
struct AggregatedStepTests {
    /// The executor tests' graph, and a self-loop (Ann knows herself) and a relationship to a node of
    /// another kind, so that directions, loops and end labels all count.
    static let graph: GraphState = {
        var state = ExecutorTests.graph
        let head = state.head
        let events: [Event] = [
            Event(.relationAdded(id: "r:loop", type: "KNOWS", from: "p:ann", to: "p:ann", properties: Properties([]))),
            Event(.relationAdded(id: "r:k", type: "KNOWS", from: "p:bob", to: "p:ann", properties: Properties([("since", 2020)]))),
            Event(.relationAdded(id: "r:c", type: "CITES", from: "p:cid", to: "proj:z", properties: Properties([]))),
        ]
        for (i, event) in events.enumerated() { try! state.apply(event, at: head + UInt64(i + 1)) }
        return state
    }()

    /// (the MATCH, what follows it, whether every aggregate only counts)
    static let aggregated: [(String, String, Bool)] = [
        ("MATCH (p:Person)-[r]-()", "RETURN p.name AS name, count(r) AS d ORDER BY name", true),
        ("MATCH (p:Person)-[r]->()", "RETURN p.name AS name, count(*) AS d ORDER BY name", true),
        ("MATCH (p:Person)<-[r]-()", "RETURN p.name AS name, count(r) AS d ORDER BY name", true),
        ("MATCH (p:Person)-[r:KNOWS]-()", "RETURN p.name AS name, count(r) AS d ORDER BY name", true),
        ("MATCH (p:Person)-[r:KNOWS|MEMBER_OF]-()", "RETURN p.name AS name, count(r) AS d ORDER BY name", true),
        ("MATCH (:Person)-[:WORKS_ON|CITES]->(x:Project)", "RETURN x.name AS name, count(*) AS d", true),
        ("MATCH (p:Person)-[r]-(x {name: 'X'})", "RETURN count(r) AS n", true),
        ("MATCH (l:Lab)<-[:MEMBER_OF]-(:Person)", "RETURN l.name AS lab, count(*) AS n ORDER BY n DESC, lab", true),
        ("MATCH (p:Person)-[r]-()", "WITH p, count(r) AS d WHERE d > 2 RETURN p.name AS name, d ORDER BY name", true),
        ("MATCH (p:Person)-[r]-() WHERE p.h > 10", "RETURN p.name AS name, count(r) AS d, count(p) AS again, count(p.h) AS h", true),
        ("MATCH (p:Person)-[r]-(x)", "RETURN count(r) AS all, count(x) AS ends, count(*) AS rows", true),
        ("MATCH ()-[r:MEMBER_OF]->()", "RETURN count(r) AS members", true),
        ("MATCH (p:Person)-[r:NO_SUCH_TYPE]-()", "RETURN count(r) AS none", true),
        ("MATCH (p:Person)-[r]-()", "RETURN p.h AS h, count(r) AS d ORDER BY h", true),
        // Folded: aggregates that read the step.
        (
            "MATCH (l:Lab)<-[:MEMBER_OF]-(p:Person)", "RETURN l.name AS lab, avg(p.h) AS h, sum(p.h) AS total, count(p) AS n ORDER BY lab",
            false
        ),
        (
            "MATCH (p:Person)-[r]-(x)",
            "RETURN p.name AS name, collect(type(r)) AS types, min(x.name) AS first, max(r.since) AS since ORDER BY name", false
        ),
        ("MATCH (p:Person)-[r]-(x)", "RETURN p.name AS name, count(DISTINCT x) AS others ORDER BY name", false),
        ("MATCH (p:Person)-[r]-(x)", "RETURN count(DISTINCT labels(x)) AS kinds, percentileDisc(x.h, 0.5) AS median", false),
        ("MATCH (p:Person)-[r:KNOWS]-(x:Person)", "WITH p, collect(x.name) AS known WHERE size(known) > 1 RETURN p.name, known", false),
        // From the other end than the planner's: the keys read the node it would have ended at.
        ("MATCH (p:Person)-[r]-(x)", "RETURN x.name AS name, count(*) AS n ORDER BY name", true),
        (
            "MATCH (p:Person)-[:WORKS_ON]->(x:Project)", "RETURN p.name AS name, collect(x.name) AS projects, count(x) AS n ORDER BY name",
            false
        ),
        ("MATCH (l:Lab)<-[:MEMBER_OF]-(p:Person)", "RETURN p.name AS name, collect(l.name) AS labs ORDER BY name", false),
    ]

    @Test(arguments: aggregated) func anAggregatedStepAnswersAsTheRowsDo(match: String, rest: String, countsOnly: Bool) throws {
        let view = Self.graph.current
        let folded = try Executor(view: view).run(Parser.parse("\(match) \(rest)"))
        let matched = try Executor(view: view).run(Parser.parse("\(match) WITH * \(rest)"))
        #expect("\(folded.rows)" == "\(matched.rows)", "\(match) \(rest)")
        let step = try Self.step("\(match) \(rest)")
        #expect(step != nil, "\(match) \(rest) is aggregated from the adjacency lists")
        #expect(step?.countsOnly == countsOnly, "\(match) \(rest)")
    }

    @Test(arguments: [
        "MATCH (p:Person)-[r]-(x) WHERE r.role = 'PI' RETURN p.name, count(r)",
        "MATCH (p:Person {name: 'Ann'})-[r]-(x) RETURN x.name, count(*)", "MATCH (p:Person)-[r]-(x) WHERE p.h > 1 RETURN x.name, count(*)",
        "MATCH (p:Person)-[r {role: 'PI'}]-() RETURN count(r)", "MATCH (p:Person)-[r*1..2]-() RETURN p.name, count(r)",
        "MATCH (p:Person)-[r]-()-[s]-() RETURN p.name, count(s)", "MATCH (p:Person)-[r]-(p) RETURN count(r)",
        "MATCH path = (p:Person)-[r]-() RETURN p.name, count(path)", "MATCH (p:Person)-[r]-() RETURN p.name, count(r) + 1",
        "MATCH (p:Person)-[r]-(x) RETURN p.name, x.name, count(*)", "MATCH (p:Person)-[r]-(x) RETURN p.name + toString(rand()), count(*)",
    ])
    func otherShapesAreMatchedRowByRow(text: String) throws {
        #expect(try Self.step(text) == nil, "\(text)")
    }

    /// The aggregated form of the query's first MATCH for the projection after it, if it has one.
    private static func step(_ text: String) throws -> AggregatedStep? {
        let statement = try Parser.parse(text)
        let scopes = try Binder.check(statement)
        let clauses = statement.parts[0].clauses
        guard case .match(let match) = clauses[0] else { return nil }
        let projection: Projection
        switch clauses[1] {
        case .return(let written): projection = ProjectionRewrite.prepared(written, where: nil, scope: scopes[0][1]).projection
        case .with(let written, let predicate):
            projection = ProjectionRewrite.prepared(written, where: predicate, scope: scopes[0][1]).projection
        default: return nil
        }
        let plan = try Planner(evaluator: Evaluator(view: graph.current)).plan(match.patterns, where: match.predicate, bound: scopes[0][0])
        return AggregatedStep(plan, for: projection, scope: scopes[0][0])
    }
}
