import EventLog
import Graph
import Testing

@testable import Query

/// CALL: the schema procedures and the network algorithms on small graphs whose answers are known.
struct ProcedureTests {
    /// Builds a graph of `edges` (from, to) between nodes n0…n(count-1) of kind K, all of type R.
    private static func graph(_ count: Int, _ edges: [(Int, Int)], schema: Bool = false) -> GraphState {
        var state = GraphState()
        var seq: UInt64 = 0
        func apply(_ body: EventBody) {
            seq += 1
            try! state.apply(Event(body), at: seq)
        }
        if schema {
            apply(
                .schemaDefined(
                    id: "s", schema: Schema(kinds: ["K", "Unused"], relations: [Schema.RelationRule(type: "R", from: ["K"], to: ["K"])])))
        }
        for node in 0..<count {
            apply(.entityCreated(id: "n\(node)", kind: "K", properties: Properties([("v", .integer(Int64(node)))]), labels: []))
        }
        for (index, edge) in edges.enumerated() {
            apply(.relationAdded(id: "e\(index)", type: "R", from: "n\(edge.0)", to: "n\(edge.1)", properties: Properties([])))
        }
        return state
    }

    /// `id → value` of a procedure's node/score rows.
    private func scores(_ text: String, _ state: GraphState) throws -> [String: Value] {
        let result = try Executor(view: state.current).run(Parser.parse(text))
        var scores: [String: Value] = [:]
        for row in result.rows {
            guard case .string(let id) = row[0] else { continue }
            scores[id] = row[1]
        }
        return scores
    }

    /// Rows as JSON text, one string per row (values are compared as they would be written).
    private func text(_ rows: [[Value]], _ state: GraphState) -> [String] {
        rows.map { row in
            var json = JSONWriter()
            json.beginArray()
            for value in row { json.value(value, in: state.current) }
            json.endArray()
            return json.string
        }
    }

    private func double(_ value: Value?) -> Double {
        switch value {
        case .float(let x): x
        case .integer(let n): Double(n)
        default: .nan
        }
    }

    @Test func schemaProceduresListWhatTheGraphHoldsAndAllows() throws {
        let state = Self.graph(3, [(0, 1)], schema: true)
        let run = { (query: String) throws -> [String] in self.text(try Executor(view: state.current).run(Parser.parse(query)).rows, state)
        }
        #expect(try run("CALL db.labels()") == [#"["K"]"#])
        #expect(try run("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t") == [#"["R"]"#])
        #expect(try run("CALL db.propertyKeys()") == [#"["v"]"#])
        let schema = try Executor(view: state.current).run(Parser.parse("CALL db.schema()"))
        #expect(schema.columns == ["element", "name", "count", "inSchema", "from", "to"])
        #expect(schema.rows.count == 3)
        #expect(text(schema.rows, state).contains(#"["node","Unused",0,true,null,null]"#))
        #expect(text(schema.rows, state).contains(#"["relationship","R",1,true,["K"],["K"]]"#))
        // At a past position: before the relation existed.
        let before = try Executor(view: state.view(at: 4)).run(Parser.parse("CALL db.relationshipTypes()"))
        #expect(before.rows.isEmpty)
    }

    @Test func degreeAndComponents() throws {
        // Two components: 0→1, 1→2, 2→1 (parallel in the other direction) and 3→4; 5 alone.
        let state = Self.graph(6, [(0, 1), (1, 2), (2, 1), (3, 4)])
        let both = try scores("CALL algo.degree() YIELD node, score RETURN id(node), score", state)
        #expect(both.mapValues(double) == ["n0": 1, "n1": 3, "n2": 2, "n3": 1, "n4": 1, "n5": 0])
        let out = try scores("CALL algo.degree({direction: 'outgoing'}) YIELD node, score RETURN id(node), score", state)
        #expect(out.mapValues(double) == ["n0": 1, "n1": 1, "n2": 1, "n3": 1, "n4": 0, "n5": 0])
        let components = try scores("CALL algo.components() YIELD node, community RETURN id(node), community", state)
        let community = components.mapValues(double)
        #expect(community["n0"] == community["n1"] && community["n1"] == community["n2"])
        #expect(community["n3"] == community["n4"] && community["n3"] != community["n0"])
        #expect(community["n5"] != community["n0"] && community["n5"] != community["n3"])
        let count = try Executor(view: state.current).run(
            Parser.parse("CALL algo.components() YIELD community RETURN count(DISTINCT community) AS n"))
        #expect(text(count.rows, state) == ["[3]"])
    }

    @Test func pageRankMatchesTheClosedForm() throws {
        // A → B: x_A = (1-d)/2 + d·x_B/2 (B dangles), x_A + x_B = 1, so x_A = 0.5 / 1.425 with d = 0.85.
        let pair = try scores(
            "CALL algo.pageRank({tolerance: 1e-12}) YIELD node, score RETURN id(node), score", Self.graph(2, [(0, 1)]))
        #expect(abs(double(pair["n0"]) - 0.5 / 1.425) < 1e-9)
        #expect(abs(double(pair["n1"]) - (1 - 0.5 / 1.425)) < 1e-9)
        // A cycle is uniform; the scores always sum to 1.
        let cycle = try scores(
            "CALL algo.pageRank() YIELD node, score RETURN id(node), score", Self.graph(4, [(0, 1), (1, 2), (2, 3), (3, 0)]))
        #expect(cycle.values.allSatisfy { abs(double($0) - 0.25) < 1e-9 })
        let star = try scores(
            "CALL algo.pageRank() YIELD node, score RETURN id(node), score", Self.graph(5, [(1, 0), (2, 0), (3, 0), (4, 0)]))
        #expect(abs(star.values.map(double).reduce(0, +) - 1) < 1e-9)
        #expect(double(star["n0"]) > double(star["n1"]))
    }

    @Test func betweennessOnPathsAndStars() throws {
        let path = try scores("CALL algo.betweenness() YIELD node, score RETURN id(node), score", Self.graph(3, [(0, 1), (1, 2)]))
        #expect(path.mapValues(double) == ["n0": 0, "n1": 1, "n2": 0])
        // A star of 4 leaves: every leaf-to-leaf path crosses the centre: normalised 1; parallel edges change nothing.
        let star = try scores(
            "CALL algo.betweenness() YIELD node, score RETURN id(node), score", Self.graph(5, [(0, 1), (0, 2), (0, 3), (0, 4), (1, 0)]))
        #expect(star.mapValues(double) == ["n0": 1, "n1": 0, "n2": 0, "n3": 0, "n4": 0])
        let raw = try scores(
            "CALL algo.betweenness({normalized: false}) YIELD node, score RETURN id(node), score",
            Self.graph(5, [(0, 1), (0, 2), (0, 3), (0, 4)]))
        #expect(double(raw["n0"]) == 6)
        // Sampling every node gives the exact answer.
        let sampled = try scores(
            "CALL algo.betweenness({samples: 100, seed: 3}) YIELD node, score RETURN id(node), score", Self.graph(3, [(0, 1), (1, 2)]))
        #expect(sampled.mapValues(double) == ["n0": 0, "n1": 1, "n2": 0])
    }

    @Test func louvainFindsTheCliques() throws {
        // Two 4-cliques joined by one edge, and a pair on its own.
        var edges: [(Int, Int)] = []
        for clique in [0, 4] {
            for a in clique..<(clique + 4) { for b in (a + 1)..<(clique + 4) { edges.append((a, b)) } }
        }
        edges += [(3, 4), (8, 9)]
        let state = Self.graph(10, edges)
        let communities = try scores("CALL algo.louvain() YIELD node, community RETURN id(node), community", state).mapValues(double)
        #expect(Set((0..<4).map { communities["n\($0)"] }).count == 1)
        #expect(Set((4..<8).map { communities["n\($0)"] }).count == 1)
        #expect(communities["n8"] == communities["n9"])
        #expect(Set(communities.values).count == 3)
        // The same seed gives the same answer.
        let again = try scores("CALL algo.louvain({seed: 42}) YIELD node, community RETURN id(node), community", state).mapValues(double)
        #expect(again == communities)
        // Modularity of that partition, by Newman's formula: m = 14 edges; each clique has 6 inner
        // edges and degree sum 13, the pair 1 edge and degree sum 2.
        let level = Louvain.Level(
            neighbours: (0..<10).map { node in
                edges.compactMap { $0.0 == node ? (Int32($0.1), 1.0) : $0.1 == node ? (Int32($0.0), 1.0) : nil }
            })
        let q = Louvain.modularity(level, (0..<10).map { $0 < 4 ? 0 : $0 < 8 ? 1 : 2 })
        let m = 14.0
        #expect(abs(q - (2 * (6 / m - (13 / (2 * m)) * (13 / (2 * m))) + (1 / m - (2 / (2 * m)) * (2 / (2 * m))))) < 1e-12)
    }

    @Test func proceduresComposeWithTheRestOfAQueryAndPickASubgraph() throws {
        let state = Self.graph(6, [(0, 1), (1, 2), (2, 1), (3, 4)])
        let top = try Executor(view: state.current).run(
            Parser.parse(
                "CALL algo.degree() YIELD node, score WHERE score > 0 WITH node, score ORDER BY score DESC, id(node) LIMIT 2 RETURN id(node) AS id, score"
            ))
        #expect(text(top.rows, state) == [#"["n1",3]"#, #"["n2",2]"#])
        let none = try scores("CALL algo.degree({relationships: ['OTHER']}) YIELD node, score RETURN id(node), score", state)
        #expect(none.values.allSatisfy { double($0) == 0 })
        let labelled = try scores("CALL algo.degree({labels: ['Nope']}) YIELD node, score RETURN id(node), score", state)
        #expect(labelled.isEmpty)
        // Once per incoming row, with the row's values as arguments.
        let twice = try Executor(view: state.current).run(
            Parser.parse(
                "UNWIND ['outgoing', 'incoming'] AS d CALL algo.degree({direction: d}) YIELD node, score WHERE id(node) = 'n4' RETURN d, score"
            ))
        #expect(text(twice.rows, state) == [#"["outgoing",0]"#, #"["incoming",1]"#])
        // A CALL returned at once is projected from its columns: the same answer as through WITH.
        for projection in [
            "RETURN id(node) AS id, score ORDER BY score DESC, id LIMIT 3", "RETURN score, count(*) AS nodes ORDER BY score",
            "RETURN DISTINCT score ORDER BY score", "RETURN * ORDER BY id(node)",
        ] {
            let direct = try Executor(view: state.current).run(Parser.parse("CALL algo.degree() YIELD node, score " + projection))
            let through = try Executor(view: state.current).run(
                Parser.parse("CALL algo.degree() YIELD node, score WITH node, score " + projection))
            #expect(direct.columns == through.columns)
            #expect(text(direct.rows, state) == text(through.rows, state), "\(projection)")
        }
        let renamed = try Executor(view: state.current).run(
            Parser.parse("CALL algo.degree() YIELD score AS s, node AS n RETURN max(s) AS top, min(id(n)) AS first"))
        #expect(text(renamed.rows, state) == [#"[3,"n0"]"#])
    }

    @Test func badCallsAreRefusedWithTheirPlace() throws {
        let state = Self.graph(2, [(0, 1)])
        func error(_ text: String) -> QueryError? {
            do throws(QueryError) {
                _ = try Executor(view: state.current).run(Parser.parse(text))
                return nil
            } catch {
                return error
            }
        }
        #expect(error("CALL db.nothing()")?.code == .semanticError)
        #expect(error("RETURN 1 AS x UNION CALL db.labels() YIELD colour RETURN colour AS x")?.code == .semanticError)
        #expect(error("CALL algo.pageRank({dampingFactor: 2.0})")?.code == .typeError)
        #expect(error("CALL algo.pageRank({damping: 0.5})")?.message.contains("has no option 'damping'") == true)
        #expect(error("CALL algo.degree('both')")?.code == .typeError)
        #expect(error("CALL db.labels(1)")?.code == .semanticError)
        #expect(error("MATCH (n)\nCALL db.nothing() YIELD x RETURN x")?.location?.line == 2)
    }
}
