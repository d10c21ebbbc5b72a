import EventLog
import Graph
import TestSupport
import Testing

@testable import Query

/// A chain matched from its middle node (`MiddleJoin`) counts the matches the row-by-row matching
/// finds: each query is run as written and with `WITH *` after its MATCH (which leaves the matching
/// to the matcher), and the answers compared as multisets of rows.
struct MiddleJoinTests {
    /// 40 people (some without an h-index, names repeating), 6 labs, 12 projects; memberships,
    /// work, and KNOWS between people with self-loops and parallel relationships, so that the same
    /// relationship reachable from both arms, loops and nulls all matter.
    static let graph = GraphState.built { apply in
        var random = SplitMix(seed: 23)
        var relations = 0
        func relate(_ type: String, _ from: String, _ to: String) {
            relations += 1
            apply(Event(.relationAdded(id: "r:\(relations)", type: type, from: from, to: to, properties: Properties([]))))
        }
        for lab in 0..<6 {
            apply(Event(.entityCreated(id: "l:\(lab)", kind: "Lab", properties: Properties([("name", .string("Lab \(lab)"))]), labels: [])))
        }
        for project in 0..<12 {
            let properties = Properties([("name", .string("X\(project % 9)")), ("budget", .integer(Int64(project * 10)))])
            apply(Event(.entityCreated(id: "x:\(project)", kind: "Project", properties: properties, labels: [])))
        }
        for person in 0..<40 {
            var properties: [(String, PropertyValue)] = [("name", .string("P\(person % 25)"))]
            if person % 5 != 0 { properties.append(("h", .integer(Int64(random.below(30))))) }
            apply(Event(.entityCreated(id: "p:\(person)", kind: "Person", properties: Properties(properties), labels: [])))
            for _ in 0..<(1 + random.below(2)) { relate("MEMBER_OF", "p:\(person)", "l:\(random.below(6))") }
            for _ in 0..<random.below(4) { relate("WORKS_ON", "p:\(person)", "x:\(random.below(12))") }
        }
        for _ in 0..<60 { relate("KNOWS", "p:\(random.below(40))", "p:\(random.below(40))") }
        relate("KNOWS", "p:1", "p:1")
        relate("KNOWS", "p:2", "p:3")
        relate("KNOWS", "p:2", "p:3")
    }

    static let fiveHops =
        "MATCH (a:Lab)<-[:MEMBER_OF]-(p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person)-[:MEMBER_OF]->(b:Lab)"

    /// (the MATCH, what follows it): each joined at its middle.
    static let joined: [(String, String)] = [
        (fiveHops + " WHERE a.name < b.name AND p <> q", "RETURN a.name AS a, b.name AS b, count(DISTINCT x) AS shared"),
        (fiveHops, "RETURN a.name AS a, b.name AS b, count(DISTINCT x) AS shared, count(*) AS paths, count(p) AS again"),
        (fiveHops + " WHERE p.h > q.h AND x.budget >= 30", "RETURN a.name AS a, count(*) AS n"),
        (fiveHops + " WHERE q.h <= p.h AND a <> b AND p.h > 3", "RETURN b.name AS b, x.name AS project, count(*) AS n"),
        (fiveHops + " WHERE a = b", "RETURN 1 AS one, count(*) AS n, count(DISTINCT x) AS projects"),
        ("MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person)", "RETURN p.name AS name, count(*) AS n"),
        ("MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) WHERE p <> q", "RETURN count(*) AS n"),
        ("MATCH (p:Person)-[:KNOWS]-(q:Person)-[:KNOWS]-(r:Person)", "RETURN p.name AS p, r.name AS r, count(*) AS n"),
        ("MATCH (p)-[:KNOWS]->(q)-[:KNOWS]->(r)", "RETURN count(*) AS n, count(DISTINCT q) AS middles"),
        ("MATCH (p)-[:KNOWS]->(q)-[:KNOWS]->(r)-[:KNOWS]->(s)", "RETURN s.name AS s, count(*) AS n"),
        ("MATCH (p)-[:KNOWS]-(q)-[:KNOWS]-(r) WHERE p.h <> r.h", "RETURN p.h AS h, count(DISTINCT q) AS via"),
        ("MATCH (a:Lab)<-[:MEMBER_OF]-(p:Person)-[:MEMBER_OF]->(b:Lab)-[:NO_SUCH]->(c)", "RETURN count(*) AS none"),
        ("MATCH (a:Lab)<-[:MEMBER_OF]-(p:Person)-[:MEMBER_OF]->(b:Lab)", "RETURN a.name AS a, b.name AS b, count(p) AS people"),
        ("MATCH (:Lab)<-[:MEMBER_OF]-(p:Person)-[:WORKS_ON]->(:Project)", "WITH p.name AS name, count(*) AS n WHERE n > 1 RETURN name, n"),
        ("UNWIND [1, 2] AS i MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person)", "RETURN i, count(DISTINCT x) AS n"),
        ("UNWIND [1, 2] AS i MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person)", "RETURN count(DISTINCT x) AS n"),
        ("UNWIND [1, 2] AS i MATCH (p:Person)-[:KNOWS]->(q)-[:KNOWS]->(r) WHERE p.h > i", "RETURN count(*) AS n"),
    ]

    /// Each a MATCH and aggregation the join does not take on, matched row by row.
    static let notJoined: [String] = [
        "MATCH (p:Person)-[r:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) RETURN count(r) AS n",
        "MATCH (p:Person {name: 'P1'})-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) RETURN count(*) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) WHERE p.name = 'P1' RETURN count(*) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) RETURN count(DISTINCT p) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) RETURN sum(p.h) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) RETURN p.name + q.name AS pair, count(*) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) WHERE p.h + q.h > 10 RETURN count(*) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(p) RETURN count(*) AS n",
        "MATCH (p:Person)-[:KNOWS*1..2]->(q)-[:KNOWS]->(r) RETURN count(*) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project) RETURN count(*) AS n",
        "MATCH (p)-[:KNOWS]->(q)-[:KNOWS]->(r)-[:KNOWS]->(s) RETURN p.name = s.name AS same, count(*) AS n",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) RETURN count(*) + 1 AS n",
    ]

    static func rows(_ text: String, _ view: GraphView) throws -> [String] {
        try Executor(view: view).run(Parser.parse(text)).rows.map { "\($0)" }.sorted()
    }

    static func plan(_ text: String, _ view: GraphView) throws -> [String] {
        try Executor(view: view).explain(Parser.parse(text)).steps.map(\.operation)
    }

    @Test(arguments: joined)
    func aJoinCountsWhatTheMatcherFinds(match: String, after: String) throws {
        let view = Self.graph.current
        let text = "\(match) \(after)"
        #expect(try Self.plan(text, view).contains("MiddleJoin"), "\(text) is not joined")
        let joined = try Self.rows(text, view)
        let matched = try Self.rows("\(match) WITH * \(after)", view)
        #expect(joined == matched, "\(text)")
        #expect(!joined.isEmpty)
    }

    @Test func theLabByLabQueryHasMatchesToCount() throws {
        let text = Self.joined[0].0 + " " + Self.joined[0].1
        let rows = try Executor(view: Self.graph.current).run(Parser.parse(text)).rows
        #expect(rows.count > 5)
    }

    @Test(arguments: notJoined)
    func otherShapesAreMatchedRowByRow(text: String) throws {
        #expect(try !Self.plan(text, Self.graph.current).contains("MiddleJoin"), "\(text)")
    }

    @Test func anEarlierViewCountsItsOwnMatches() throws {
        let text = Self.joined[2].0 + " " + Self.joined[2].1
        let earlier = Self.graph.view(at: Self.graph.head * 2 / 3)
        let joined = try Self.rows(text, earlier)
        #expect(joined == (try Self.rows(Self.joined[2].0 + " WITH * " + Self.joined[2].1, earlier)))
        #expect(joined != (try Self.rows(text, Self.graph.current)))
    }

    @Test func aKeyThatCannotBeComputedFailsAsTheRowsDo() throws {
        let text = "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) RETURN p.name * 2 AS twice, count(*) AS n"
        #expect(try Self.plan(text, Self.graph.current).contains("MiddleJoin"))
        let joined = #expect(throws: QueryError.self) { try Executor(view: Self.graph.current).run(Parser.parse(text)) }
        let matched = #expect(throws: QueryError.self) {
            try Executor(view: Self.graph.current).run(Parser.parse(text.replacing(") RETURN", with: ") WITH * RETURN")))
        }
        #expect(joined?.code == .typeError && joined?.code == matched?.code)
    }

    /// 600 projects as middle nodes: shared with a second thread, the same groups in the same order.
    @Test(arguments: [
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) WHERE p <> q RETURN p.name AS name, count(*) AS n, count(DISTINCT x) AS projects",
        "MATCH (p:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q:Person) WHERE p.name < q.name RETURN q.name AS name, count(x) AS n",
    ])
    func aSharedJoinAnswersAsOneThreadDoes(text: String) throws {
        let view = SharedFoldTests.graph.current
        #expect(try Self.plan(text, view).contains("MiddleJoin"))
        let shared = try Executor(view: view).run(Parser.parse(text))
        var alone = Executor(view: view)
        alone.sharesWork = false
        let single = try alone.run(Parser.parse(text))
        #expect(shared.rows.count == single.rows.count && shared.rows.count > 100)
        let first = zip(shared.rows, single.rows).enumerated().first { "\($0.element.0)" != "\($0.element.1)" }?.offset
        #expect(first == nil, "\(text): row \(first ?? -1) differs")
    }

    @Test func moreGroupsThanTheRowLimitAreRefused() throws {
        let text = Self.joined[7].0 + " " + Self.joined[7].1
        let limits = QueryLimits(maximumRows: 5)
        let error = #expect(throws: QueryError.self) { try Executor(view: Self.graph.current, limits: limits).run(Parser.parse(text)) }
        #expect(error?.code == .limitExceeded)
    }
}
