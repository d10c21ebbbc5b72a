import EventLog
import Graph
import TestSupport
import Testing

@testable import Query

/// The planner changes how a MATCH runs, never what it returns: on random graphs, queries whose parts
/// it reorders, reverses or filters early give the rows a plain nested-loop reading gives, and
/// shortest paths searched from both ends are as short as breadth-first search from one end says.
struct PlannerTests {
    /// A random graph: `nodes` nodes of kinds A and B, `edges` relationships of types R and S.
    static func randomGraph(seed: UInt64, nodes: Int, edges: Int) -> GraphState {
        var random = SplitMix(seed: seed)
        var state = GraphState()
        var seq: UInt64 = 0
        func apply(_ body: EventBody) {
            seq += 1
            try! state.apply(Event(body), at: seq)
        }
        for n in 0..<nodes {
            let kind = random.below(3) == 0 ? "B" : "A"
            apply(.entityCreated(id: "n:\(n)", kind: kind, properties: Properties([("v", .integer(Int64(random.below(5))))]), labels: []))
        }
        for e in 0..<edges {
            let from = random.below(nodes), to = random.below(nodes)
            apply(
                .relationAdded(
                    id: "e:\(e)", type: random.below(2) == 0 ? "R" : "S", from: "n:\(from)", to: "n:\(to)", properties: Properties([])))
        }
        return state
    }

    private func rows(_ text: String, _ view: GraphView, _ parameters: [String: Value] = [:]) throws -> [String] {
        let result = try Executor(view: view, parameters: parameters).run(Parser.parse(text))
        return result.rows.map { row in
            var writer = JSONWriter()
            writer.beginArray()
            for value in row { writer.value(value, in: view) }
            writer.endArray()
            return writer.string
        }.sorted()
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func plannedQueriesAnswerLikeTheirWrittenOrder(seed: UInt64) throws {
        let view = Self.randomGraph(seed: seed, nodes: 40, edges: 90).current
        // Each pair: a query the planner rewrites (reverses, reorders, filters early, starts from an id)
        // and one it cannot: the same pattern with every condition moved after a WITH.
        let pairs: [(String, String)] = [
            (
                "MATCH (a:A)-[:R]->(b:B) WHERE id(b) = 'n:3' RETURN id(a), id(b)",
                "MATCH (a:A)-[:R]->(b:B) WITH a, b WHERE id(b) = 'n:3' RETURN id(a), id(b)"
            ),
            (
                "MATCH (a)-[:R]->(b)<-[:S]-(c) WHERE c.v = 2 AND a.v > 1 RETURN id(a), id(b), id(c)",
                "MATCH (a)-[:R]->(b)<-[:S]-(c) WITH a, b, c WHERE c.v = 2 AND a.v > 1 RETURN id(a), id(b), id(c)"
            ),
            (
                "MATCH (a:A), (b:B)-[r]->(a) WHERE id(a) IN ['n:1', 'n:2', 'n:7'] RETURN id(a), id(b), id(r)",
                "MATCH (a:A), (b:B)-[r]->(a) WITH a, b, r WHERE id(a) IN ['n:1', 'n:2', 'n:7'] RETURN id(a), id(b), id(r)"
            ),
            (
                "MATCH (a)-[:R|S*1..3]-(b:B {v: 1}) WHERE id(a) = 'n:5' RETURN DISTINCT id(b)",
                "MATCH (a)-[:R|S*1..3]-(b:B {v: 1}) WITH a, b WHERE id(a) = 'n:5' RETURN DISTINCT id(b)"
            ),
            (
                "MATCH (a)-[r1]->(b), (b)-[r2]->(c) WHERE a.v = c.v RETURN id(r1), id(r2)",
                "MATCH (a)-[r1]->(b), (b)-[r2]->(c) WITH a, c, r1, r2 WHERE a.v = c.v RETURN id(r1), id(r2)"
            ),
            (
                "MATCH (a {v: 3}) OPTIONAL MATCH (a)-[:S]->(b) WHERE b.v < 2 RETURN id(a), id(b)",
                "MATCH (a {v: 3}) OPTIONAL MATCH (a)-[:S]->(b) WITH a, b WHERE b.v < 2 OR b IS NULL RETURN id(a), id(b)"
            ),
        ]
        for (planned, plain) in pairs.dropLast() {
            #expect(try rows(planned, view) == rows(plain, view), "\(planned)")
        }
        // OPTIONAL MATCH's WHERE belongs to the match (no match → nulls), so it only bounds the plain form.
        let (optional, _) = pairs.last!
        #expect(try !rows(optional, view).isEmpty)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func shortestPathsFromBothEndsAreAsShortAsFromOne(seed: UInt64) throws {
        let view = Self.randomGraph(seed: seed, nodes: 60, edges: 80).current
        for (a, b) in [(0, 1), (2, 30), (5, 59), (10, 20), (7, 44), (13, 31)] {
            let parameters: [String: Value] = ["a": .string("n:\(a)"), "b": .string("n:\(b)")]
            for arrow in ["-", "->"] {
                let one = try rows(
                    "MATCH (a), (b) WHERE id(a) = $a AND id(b) = $b MATCH p = shortestPath((a)-[*..10]\(arrow)(b)) RETURN length(p)",
                    view, parameters)
                let all = try rows(
                    "MATCH (a), (b) WHERE id(a) = $a AND id(b) = $b MATCH p = allShortestPaths((a)-[*..10]\(arrow)(b)) RETURN DISTINCT length(p)",
                    view, parameters)
                #expect(one == all, "n:\(a) \(arrow) n:\(b)")
            }
        }
        // The path found is a real path: consecutive relationships share their nodes.
        let parameters: [String: Value] = ["a": .string("n:2"), "b": .string("n:30")]
        let result = try Executor(view: view, parameters: parameters).run(
            Parser.parse("MATCH (a), (b) WHERE id(a) = $a AND id(b) = $b MATCH p = shortestPath((a)-[*..10]-(b)) RETURN p"))
        for row in result.rows {
            guard case .path(let path) = row[0] else { continue }
            #expect(path.nodes.first.map(view.id) == "n:2" && path.nodes.last.map(view.id) == "n:30")
            for (index, relationship) in path.relationships.enumerated() {
                let ends = Set([view.start(of: relationship), view.end(of: relationship)])
                #expect(ends == Set([path.nodes[index], path.nodes[index + 1]]))
            }
        }
    }
}

/// The plan as `--explain` shows it: where parts start, which way they are read, where conditions wait.
struct ExplainTests {
    private func plan(_ text: String, _ parameters: [String: Value] = [:]) throws -> [String] {
        let view = PlannerTests.randomGraph(seed: 7, nodes: 50, edges: 100).current
        let plan = try Executor(view: view, parameters: parameters).explain(Parser.parse(text))
        return plan.steps.map { String(repeating: "  ", count: $0.depth) + $0.operation + " " + $0.detail }
    }

    @Test func aKnownEndStartsThePatternAndConditionsWaitForTheirVariables() throws {
        #expect(
            try plan("MATCH (a)-[:R]->(b:B) WHERE id(b) = $b AND a.v = 1 RETURN a.v", ["b": .string("n:3")]) == [
                "Match (a)-[:R]->(b:B)",
                "  NodeById b: 1 id (the pattern read from its other end)",
                "    Filter (b:B)",
                "  Expand (b)<-[:R]-(a)",
                "    Filter a.v = 1",
                "Return a.v",
            ])
        // A condition on variables bound before the MATCH is tested once, before it.
        #expect(
            try plan("UNWIND [1, 2] AS x MATCH (a:A {v: x}) WHERE x > 1 RETURN count(*) AS n ORDER BY n LIMIT 1") == [
                "Unwind [1, 2] AS x",
                "Match (a:A {v: x})",
                "  Filter x > 1",
                "  NodeIndexSeek a:A(v = x) when a string",
                "    Filter (a {v: x})",
                "Return (grouping) count(*) AS n",
                "  Sort n",
                "  Limit 1",
            ])
    }

    @Test func connectedPartsFollowTheCheapestAndPathsKeepTheirDirection() throws {
        // The second part is known by id: it runs first, and the first then starts from its bound node.
        let steps = try plan("MATCH (a)-[:S]->(c), (b) WHERE id(b) = 'n:1' AND (b)-->(a) RETURN c")
        #expect(steps.prefix(3) == ["Match (a)-[:S]->(c), (b)", "  NodeById b: 1 id", "  AllNodesScan a"])
        // A named path is not reversed, even when its far end is known.
        let named = try plan("MATCH p = (a)-[:R]->(b) WHERE id(b) = 'n:2' RETURN p")
        #expect(named.contains("  AllNodesScan a") && named.contains("    Filter id(b) = 'n:2'"))
    }

    @Test func aBadQueryIsRefusedBeforeAnyPlan() throws {
        #expect(throws: QueryError.self) { try plan("MATCH (a) RETURN b") }
    }
}
