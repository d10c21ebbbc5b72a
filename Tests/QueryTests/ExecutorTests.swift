import EventLog
import Graph
import Testing

@testable import Query

/// Whole queries run on a small collaboration graph, with their answers written out.
struct ExecutorTests {
    /// Ann and Bob work in lab X, Cid in lab Y; Ann and Cid share a project; Bob leads lab X.
    static let graph: GraphState = {
        var state = GraphState()
        func person(_ id: String, _ name: String, _ h: Int?) -> Event {
            var properties: [(String, PropertyValue)] = [("name", .string(name))]
            if let h { properties.append(("h", .integer(Int64(h)))) }
            return Event(.entityCreated(id: id, kind: "Person", properties: Properties(properties), labels: []))
        }
        func relation(_ id: String, _ type: String, _ from: String, _ to: String, _ properties: [(String, PropertyValue)] = []) -> Event {
            Event(.relationAdded(id: id, type: type, from: from, to: to, properties: Properties(properties)))
        }
        let events: [Event] = [
            person("p:ann", "Ann", 30), person("p:bob", "Bob", 12), person("p:cid", "Cid", nil),
            Event(.entityCreated(id: "lab:x", kind: "Lab", properties: Properties([("name", "X")]), labels: ["HealthAILab"])),
            Event(.entityCreated(id: "lab:y", kind: "Lab", properties: Properties([("name", "Y")]), labels: [])),
            Event(.entityCreated(id: "proj:z", kind: "Project", properties: Properties([("name", "Z")]), labels: [])),
            relation("r:1", "MEMBER_OF", "p:ann", "lab:x", [("role", "PI")]),
            relation("r:2", "MEMBER_OF", "p:bob", "lab:x"),
            relation("r:3", "MEMBER_OF", "p:cid", "lab:y"),
            relation("r:4", "WORKS_ON", "p:ann", "proj:z"),
            relation("r:5", "WORKS_ON", "p:cid", "proj:z"),
            relation("r:6", "LEADS", "p:bob", "lab:x"),
        ]
        for (i, event) in events.enumerated() { try! state.apply(event, at: UInt64(i + 1)) }
        return state
    }()

    private func run(_ text: String, parameters: [String: Value] = [:]) throws -> QueryResult {
        try Executor(view: Self.graph.current, parameters: parameters).run(Parser.parse(text))
    }

    /// The rows as text, one string per row, cells joined by " | ".
    private func rows(_ text: String, parameters: [String: Value] = [:]) throws -> [String] {
        try run(text, parameters: parameters).rows.map { $0.map(render).joined(separator: " | ") }
    }

    private func render(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .boolean(let b): "\(b)"
        case .integer(let n): "\(n)"
        case .float(let x): "\(x)"
        case .string(let s): s
        case .list(let items): "[" + items.map(render).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        case .node(let n): Self.graph.current.id(of: n)
        case .relationship(let r): Self.graph.current.id(of: r)
        case .path(let p): p.nodes.map { Self.graph.current.id(of: $0) }.joined(separator: "/")
        case .temporal(let t): t.iso8601
        }
    }

    @Test func matchFiltersProjectsAndOrders() throws {
        #expect(try run("MATCH (p:Person) RETURN p.name AS name ORDER BY name").columns == ["name"])
        #expect(try rows("MATCH (p:Person) RETURN p.name ORDER BY p.name DESC") == ["Cid", "Bob", "Ann"])
        #expect(try rows("MATCH (p:Person) WHERE p.h > 20 RETURN p.name") == ["Ann"])
        #expect(try rows("MATCH (p:Person {name: 'Bob'}) RETURN p") == ["p:bob"])
        #expect(try rows("MATCH (p:Person {name: $n}) RETURN p", parameters: ["n": .string("Cid")]) == ["p:cid"])
        #expect(try rows("MATCH (l:HealthAILab) RETURN l.name") == ["X"])
        // Nulls sort last ascending, first descending.
        #expect(try rows("MATCH (p:Person) RETURN p.name, p.h ORDER BY p.h") == ["Bob | 12", "Ann | 30", "Cid | null"])
        #expect(try rows("MATCH (p:Person) RETURN p.name ORDER BY p.h DESC SKIP 1 LIMIT 1") == ["Ann"])
    }

    @Test func relationshipsExpandInTheirDirectionAndType() throws {
        #expect(try rows("MATCH (p)-[:MEMBER_OF]->(l:Lab {name: 'X'}) RETURN p.name ORDER BY p.name") == ["Ann", "Bob"])
        #expect(try rows("MATCH (l:Lab)<-[r:MEMBER_OF {role: 'PI'}]-(p) RETURN l.name, p.name, r") == ["X | Ann | r:1"])
        #expect(
            try rows("MATCH (:Person {name: 'Bob'})-[r:LEADS|MEMBER_OF]->(l) RETURN type(r) ORDER BY type(r)") == ["LEADS", "MEMBER_OF"])
        // Collaborators through a shared project, in both directions, never oneself.
        #expect(
            try rows("MATCH (a:Person)-[:WORKS_ON]->(:Project)<-[:WORKS_ON]-(b) RETURN a.name, b.name ORDER BY a.name")
                == ["Ann | Cid", "Cid | Ann"])
        #expect(try rows("MATCH (a {name: 'Ann'})--(x) RETURN x ORDER BY id(x)").count == 2)
        #expect(try rows("MATCH p = (:Person {name: 'Ann'})-[:WORKS_ON]->()<-[:WORKS_ON]-() RETURN p") == ["p:ann/proj:z/p:cid"])
    }

    @Test func aRelationshipIsUsedOnceWithinAMatch() throws {
        // Without the rule, (bob)-[r]->(x)<-[s]-(bob) would match r = s.
        #expect(try rows("MATCH (b {name: 'Bob'})-[r:MEMBER_OF]->(l)<-[s:MEMBER_OF]-(b) RETURN r, s") == [])
        #expect(try rows("MATCH (a)-[:MEMBER_OF]->(l), (b)-[:MEMBER_OF]->(l) WHERE a.name < b.name RETURN a.name, b.name") == ["Ann | Bob"])
    }

    @Test func variableLengthRelationshipsWalkTrails() throws {
        #expect(
            try rows("MATCH (a {name: 'Ann'})-[*1..2]-(x) RETURN DISTINCT x.name ORDER BY x.name") == ["Bob", "Cid", "X", "Z"])
        // Two ways to reach Bob in two hops (through MEMBER_OF and through LEADS), one to Cid.
        #expect(
            try rows("MATCH (a {name: 'Ann'})-[r*2]-(x:Person) RETURN x.name, size(r) ORDER BY x.name")
                == ["Bob | 2", "Bob | 2", "Cid | 2"])
        #expect(try rows("MATCH (a {name: 'Ann'})-[*0..0]-(x) RETURN x.name") == ["Ann"])
        #expect(try rows("MATCH (a {name: 'Ann'})-[:MEMBER_OF*]->(x) RETURN x.name") == ["X"])
        #expect(
            try rows("MATCH p = (a {name: 'Bob'})-[:LEADS]->()<-[:MEMBER_OF*1..1]-(c) RETURN c.name, length(p) ORDER BY c.name") == [
                "Ann | 2", "Bob | 2",
            ])
        // A relationship is never walked twice, so the walk ends: X, X-Bob, X-Bob-X (by LEADS), X-Bob (by LEADS),
        // X-Bob-X (by MEMBER_OF), Z, Z-Cid, Z-Cid-Y.
        #expect(try rows("MATCH (a {name: 'Ann'})-[*]-(x) RETURN count(*)") == ["8"])
    }

    @Test func shortestPathsSearchBreadthFirst() throws {
        let bob = "MATCH (b {name: 'Bob'}), (c {name: 'Cid'}) "
        #expect(try rows(bob + "MATCH p = shortestPath((b)-[*]-(c)) RETURN p, length(p)") == ["p:bob/lab:x/p:ann/proj:z/p:cid | 4"])
        // Bob reaches lab X by two relationships, so there are two shortest paths.
        #expect(
            try rows(bob + "MATCH p = allShortestPaths((b)-[r*]-(c)) RETURN [x IN r | type(x)]")
                .sorted() == ["[LEADS, MEMBER_OF, WORKS_ON, WORKS_ON]", "[MEMBER_OF, MEMBER_OF, WORKS_ON, WORKS_ON]"])
        // Too short a bound, or the wrong direction: no path.
        #expect(try rows(bob + "MATCH p = shortestPath((b)-[*..3]-(c)) RETURN p") == [])
        #expect(try rows(bob + "MATCH p = shortestPath((b)-[*]->(c)) RETURN p") == [])
        // With an unbound end: the nearest node of each kind the end pattern asks for.
        #expect(
            try rows("MATCH p = shortestPath((a {name: 'Ann'})-[*]-(l:Lab)) RETURN l.name, length(p) ORDER BY l.name") == [
                "X | 1", "Y | 3",
            ])
    }

    @Test func patternsArePredicates() throws {
        #expect(try rows("MATCH (p:Person) WHERE (p)-[:LEADS]->() RETURN p.name") == ["Bob"])
        #expect(try rows("MATCH (p:Person) WHERE NOT (p)-[:WORKS_ON]->(:Project) RETURN p.name") == ["Bob"])
        #expect(
            try rows("MATCH (a:Person), (b:Person) WHERE a.name < b.name AND exists((a)-->()<--(b)) RETURN a.name, b.name ORDER BY a.name")
                == ["Ann | Bob", "Ann | Cid"])
        #expect(try rows("MATCH (p:Person) WHERE exists(p.h) RETURN count(*)") == ["2"])
        // Label tests in expressions.
        #expect(try rows("MATCH (n) WHERE n:Lab:HealthAILab RETURN n.name") == ["X"])
        #expect(try rows("MATCH (n)<-[:MEMBER_OF]-() RETURN count(CASE WHEN n:HealthAILab THEN 1 END), count(*)") == ["2 | 3"])
        #expect(try rows("OPTIONAL MATCH (n:Nobody) RETURN n:Person") == ["null"])
    }

    @Test func idsInWhereStartTheMatchAndKeepItsAnswer() throws {
        #expect(try rows("MATCH (p) WHERE id(p) = 'p:ann' RETURN p.name") == ["Ann"])
        #expect(try rows("MATCH (p) WHERE 'p:ann' = id(p) AND p.h > 100 RETURN p.name") == [])
        #expect(try rows("MATCH (p) WHERE id(p) IN ['p:cid', 'p:ann', 'nobody', 3] RETURN p.name ORDER BY p.name") == ["Ann", "Cid"])
        #expect(try rows("MATCH (p) WHERE id(p) = $id RETURN p.name", parameters: ["id": .string("p:bob")]) == ["Bob"])
        #expect(try rows("MATCH (p) WHERE id(p) = null RETURN p") == [])
        // Known far ends: the pattern is walked from them, with the same directions and answers.
        #expect(try rows("MATCH (p)-[:MEMBER_OF]->(l) WHERE id(l) = 'lab:x' RETURN p.name ORDER BY p.name") == ["Ann", "Bob"])
        #expect(try rows("MATCH (l)<-[:MEMBER_OF]-(p) WHERE id(p) = 'p:cid' RETURN l.name") == ["Y"])
        #expect(try rows("MATCH (l)-[:MEMBER_OF]->(p) WHERE id(p) = 'p:cid' RETURN l.name") == [])
        #expect(try rows("MATCH (a)-[:WORKS_ON]->(x)<-[:WORKS_ON]-(b) WHERE id(b) = 'p:cid' RETURN a.name, x.name") == ["Ann | Z"])
        #expect(try rows("MATCH (a)-[:WORKS_ON]->(x)<-[:WORKS_ON]-(b) WHERE id(b) = id(a) RETURN a") == [])
    }

    @Test func optionalMatchKeepsTheRowWithNulls() throws {
        #expect(
            try rows("MATCH (p:Person) OPTIONAL MATCH (p)-[:LEADS]->(l) RETURN p.name, l.name ORDER BY p.name")
                == ["Ann | null", "Bob | X", "Cid | null"])
    }

    @Test func aggregatesGroupByTheOtherItems() throws {
        #expect(try rows("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN l.name, count(*) AS n ORDER BY n DESC") == ["X | 2", "Y | 1"])
        // Columns keep the written order when an aggregate comes before a grouping key.
        #expect(try rows("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN count(*) AS n, l.name ORDER BY l.name DESC") == ["1 | Y", "2 | X"])
        #expect(try rows("MATCH (p:Person)-[:MEMBER_OF]->(l) WITH count(*) AS n, l RETURN l.name, n ORDER BY n") == ["Y | 1", "X | 2"])
        #expect(try rows("MATCH (p:Person) RETURN count(p.h), sum(p.h), avg(p.h), min(p.h), max(p.name)") == ["2 | 42 | 21.0 | 12 | Cid"])
        #expect(
            try rows("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN l.name, collect(p.name) ORDER BY l.name") == [
                "X | [Ann, Bob]", "Y | [Cid]",
            ])
        #expect(try rows("MATCH (p)-[:MEMBER_OF]->(l) RETURN count(DISTINCT l)") == ["2"])
        // Aggregating no rows without grouping keys still returns a row.
        #expect(try rows("MATCH (p:Nobody) RETURN count(*), collect(p)") == ["0 | []"])
        #expect(try rows("MATCH (p:Nobody) RETURN p.name, count(*)") == [])
    }

    @Test func withUnwindDistinctAndUnion() throws {
        #expect(
            try rows("MATCH (p)-[:MEMBER_OF]->(l) WITH l, count(p) AS size WHERE size > 1 RETURN l.name, size") == ["X | 2"])
        #expect(try rows("UNWIND [3, 1, null, 2] AS x RETURN x ORDER BY x") == ["1", "2", "3", "null"])
        #expect(try rows("UNWIND null AS x RETURN x") == [])
        #expect(try rows("MATCH (p)-[:MEMBER_OF]->(l) RETURN DISTINCT l.name ORDER BY l.name") == ["X", "Y"])
        // Equivalence: 1 and 1.0 are one value, nulls are one, NaNs are one, maps regardless of key order.
        let mixed = "UNWIND [1, 1.0, null, null, 0.0 / 0.0, 0.0 / 0.0, {a: 1, b: 2}, {b: 2, a: 1}, [1], [1.0], 'x'] AS x "
        #expect(try rows(mixed + "RETURN DISTINCT x").count == 6)
        #expect(try rows(mixed + "RETURN count(DISTINCT x)") == ["5"])
        #expect(try rows(mixed + "RETURN x, count(*) AS n ORDER BY n DESC, x LIMIT 1") == ["{a: 1, b: 2} | 2"])
        #expect(try rows("RETURN 1 AS a UNION RETURN 1 AS a") == ["1"])
        #expect(try rows("RETURN 1 AS a UNION ALL RETURN 1 AS a") == ["1", "1"])
        #expect(try rows("MATCH (p:Person {name: 'Ann'}) WITH * RETURN p.name") == ["Ann"])
    }

    @Test func candidatesRebindTheSameSlotsWithoutStaleValues() throws {
        // The matcher binds each candidate over the one before: a node map reading the relationship just
        // bound, a label test failing between two matches, a filter on both.
        #expect(
            try rows("MATCH (p:Person)-[r:MEMBER_OF]->(l {name: CASE WHEN r.role = 'PI' THEN 'X' ELSE 'none' END}) RETURN p.name")
                == ["Ann"])
        #expect(try rows("MATCH (a:Person {name: 'Ann'})-[r]->(n:Project) RETURN type(r), n.name") == ["WORKS_ON | Z"])
        #expect(
            try rows("MATCH (a:Person)-[r]->(n) WHERE type(r) <> 'WORKS_ON' RETURN a.name, type(r), n.name ORDER BY a.name, type(r)") == [
                "Ann | MEMBER_OF | X", "Bob | LEADS | X", "Bob | MEMBER_OF | X", "Cid | MEMBER_OF | Y",
            ])
    }

    @Test func elementsCompareByIdentityInFilters() throws {
        // Two bound elements compared by handle (the filter's fast path), and everything else as before.
        #expect(try rows("MATCH (a:Person), (b:Person) WHERE a <> b RETURN count(*)") == ["6"])
        #expect(try rows("MATCH (a:Person), (b:Person) WHERE a = b RETURN count(*)") == ["3"])
        #expect(try rows("MATCH (a:Person)-[r]->(b) WHERE r <> r RETURN count(*)") == ["0"])
        #expect(try rows("MATCH (a)-[r]->(b) WHERE a = r RETURN count(*)") == ["0"])
        #expect(try rows("MATCH (a)-[r]->(b) WHERE a <> r RETURN count(*)") == ["6"])
        // A null on either side is no answer, so the row is dropped either way.
        let optional = "MATCH (a:Person) OPTIONAL MATCH (a)-[:LEADS]->(l) WITH a, l "
        #expect(try rows(optional + "WHERE l <> a RETURN a.name") == ["Bob"])
        #expect(try rows(optional + "WHERE NOT (l = a) RETURN a.name") == ["Bob"])
        #expect(try rows("MATCH (a:Person) WHERE a <> 1 RETURN count(*)") == ["3"])
    }

    @Test func scopesFollowTheClauses() throws {
        // ORDER BY after a plain WITH still sees the variables before it (null sorts first descending);
        // list variables are local.
        #expect(try rows("MATCH (p:Person) WITH p.name AS n ORDER BY p.h DESC RETURN n") == ["Cid", "Ann", "Bob"])
        #expect(try rows("RETURN [x IN [1, 2] | x * 10] AS xs, all(y IN [1] WHERE y > 0) AS ok") == ["[10, 20] | true"])
        #expect(try rows("MATCH (p:Person) WITH * WHERE p.h > 20 RETURN p.name") == ["Ann"])
        #expect(try rows("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN l.name, count(*) ORDER BY l.name") == ["X | 2", "Y | 1"])
    }

    @Test func groupsAreByValueAndScansByEquality() throws {
        var state = Self.graph
        try state.apply(Event(.entityCreated(id: "lab:x2", kind: "Lab", properties: Properties([("name", "X")]), labels: [])), at: 13)
        try state.apply(Event(.relationAdded(id: "r:9", type: "MEMBER_OF", from: "p:cid", to: "lab:x2", properties: Properties())), at: 14)
        func rows(_ text: String) throws -> [String] {
            try Executor(view: state.current).run(Parser.parse(text)).rows.map { $0.map { "\($0)" }.joined(separator: " | ") }
        }
        // Two labs named X are one group, however the groups are found.
        #expect(
            try rows(
                "MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN l.name AS name, count(*) AS n, count(DISTINCT p) AS people ORDER BY name")
                == [
                    "\(Value.string("X")) | \(Value.integer(3)) | \(Value.integer(3))",
                    "\(Value.string("Y")) | \(Value.integer(1)) | \(Value.integer(1))",
                ])
        #expect(
            try rows("MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN DISTINCT l.name AS name ORDER BY name")
                == ["\(Value.string("X"))", "\(Value.string("Y"))"])
        // rand() makes each row's key its own: such keys are never taken from an earlier row of the element.
        #expect(try rows("MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN l.name + toString(rand()) AS k, count(*)").count == 4)
        #expect(try rows("MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN DISTINCT [l.name, rand()]").count == 4)
        // A scan for a property value: extra labels count, and 30.0 equals 30.
        #expect(try rows("MATCH (l:HealthAILab {name: 'X'}) RETURN id(l)") == ["\(Value.string("lab:x"))"])
        #expect(
            try rows("MATCH (l:Lab {name: 'X'}) RETURN id(l) ORDER BY id(l)") == ["\(Value.string("lab:x"))", "\(Value.string("lab:x2"))"])
        #expect(try rows("MATCH (p:Person {h: 30.0}) RETURN p.name") == ["\(Value.string("Ann"))"])
    }

    @Test func limitsStopRunawayQueries() throws {
        func error(_ text: String, _ limits: QueryLimits) -> QueryError? {
            do throws(QueryError) {
                _ = try Executor(view: Self.graph.current, limits: limits).run(Parser.parse(text))
                return nil
            } catch {
                return error
            }
        }
        let rows = QueryLimits(maximumRows: 1_000)
        #expect(error("UNWIND range(1, 100) AS x UNWIND range(1, 100) AS y RETURN count(*)", rows)?.code == .limitExceeded)
        #expect(error("UNWIND range(1, 10) AS x MATCH (a), (b), (c) RETURN a, b, c", rows)?.code == .limitExceeded)
        // Matches counted at once are streamed into their groups, never held: the row limit does not
        // stop them (the time limit does); the groups count against it.
        let counted = try Executor(view: Self.graph.current, limits: rows).run(
            Parser.parse("UNWIND range(1, 10) AS x MATCH (a), (b), (c) RETURN count(*)"))
        #expect(counted.rows.first?.first.map { "\($0)" } == "\(Value.integer(10 * 6 * 6 * 6))")
        #expect(
            error("UNWIND range(1, 10) AS x MATCH (a), (b), (c) RETURN a, b, c, count(*)", QueryLimits(maximumRows: 100))?.code
                == .limitExceeded)
        #expect(error("UNWIND range(1, 100) AS x UNWIND range(1, 10) AS y RETURN count(*)", rows) == nil)
        let instant = QueryLimits(timeout: .zero)
        #expect(error("UNWIND range(1, 5000) AS x MATCH (p:Person) RETURN count(*)", instant)?.code == .timeout)
        #expect(error("MATCH (p:Person) RETURN count(*)", instant) == nil)
        let shallow = QueryLimits(defaultDepth: 1, maximumDepth: 2)
        #expect(error("MATCH (a)-[*..3]-(b) RETURN a", shallow)?.code == .limitExceeded)
        #expect(
            try Executor(view: Self.graph.current, limits: shallow).run(Parser.parse("MATCH ({name: 'Ann'})-[*]-(b) RETURN count(*)")).rows
                .first?.first.map { "\($0)" } == "\(Value.integer(2))")
    }

    @Test func errorsNameTheirCodeAndPlace() throws {
        func error(_ text: String) -> QueryError? {
            do {
                _ = try run(text)
                return nil
            } catch let error as QueryError {
                return error
            } catch {
                return nil
            }
        }
        #expect(error("MATCH (p) RETURN q")?.code == .syntaxError)
        #expect(error("MATCH (p) RETURN q")?.location?.column == 18)
        #expect(error("RETURN 1 AS a UNION RETURN 2 AS b")?.detail == .differentColumnsInUnion)
        #expect(error("RETURN 1 AS a, 2 AS a")?.detail == .columnNameConflict)
        #expect(error("MATCH (p) WHERE 1 RETURN p")?.detail == .invalidArgumentType)
        #expect(error("MATCH (p) WHERE p.h > 1 RETURN p")?.code == nil)
        #expect(error("MATCH (p) RETURN p LIMIT -1")?.detail == .negativeIntegerArgument)
        #expect(error("MATCH (a)-[*1..40]->(b) RETURN b")?.code == .limitExceeded)
        #expect(error("MATCH shortestPath((a)-[*2..3]-(b)) RETURN a")?.code == .unsupportedFeature)
        #expect(error("MATCH (p:Person) RETURN sum(p.name)")?.code == .typeError)
        #expect(error("MATCH (p) RETURN count(count(p))")?.code == .syntaxError)
        #expect(error("WITH 1 AS x MATCH (x) RETURN x")?.detail == .variableTypeConflict)
        #expect(error("MATCH ()-[r]-() MATCH (r) RETURN r")?.detail == .variableTypeConflict)
        #expect(error("MATCH (r) MATCH ()-[r*]-() RETURN r")?.detail == .variableTypeConflict)
        #expect(error("MATCH p = ()-[]-(), (p) RETURN p")?.detail == .variableTypeConflict)
        #expect(error("MATCH (p) MATCH p = ()-[]-() RETURN p")?.detail == .variableAlreadyBound)
        #expect(error("WITH {a: 1} AS m, [1] AS l MATCH (x) WITH m AS n, l AS k MATCH ()-[n]-() RETURN n")?.detail == .variableTypeConflict)
        #expect(error("MATCH (p) RETURN q")?.detail == .undefinedVariable)
        #expect(error("MATCH (p) RETURN count(count(p))")?.detail == .nestedAggregation)
        #expect(error("MATCH (a) WHERE count(a) > 1 RETURN a")?.detail == .invalidAggregation)
        #expect(error("MATCH (a) WHERE (a)-->(b) RETURN a")?.code == .semanticError)
        #expect(error("MATCH (a) WHERE (a)-->(b) RETURN a")?.location?.column == 23)
        #expect(error("MATCH (a) WHERE count(a) > 1 RETURN a")?.code == .syntaxError)
        // Scoping is checked before any row exists: no data, same error.
        #expect(error("MATCH (p:Nobody) RETURN q")?.location?.column == 25)
        #expect(error("MATCH (p:Nobody) WITH p.name RETURN 1")?.message.contains("AS") == true)
        #expect(error("MATCH (p:Nobody) WITH count(*) AS c ORDER BY p.h RETURN c")?.code == .syntaxError)
        #expect(error("MATCH (p:Nobody) WITH p AS q RETURN p")?.code == .syntaxError)
        #expect(error("MATCH (p:Nobody {name: p.h}) RETURN p")?.code == .syntaxError)
        #expect(error("UNWIND collect(1) AS x RETURN x")?.code == .syntaxError)
        #expect(error("MATCH (p:Nobody) RETURN p LIMIT size(p.name)")?.code == .syntaxError)
        #expect(error("RETURN [x IN [1] | y]")?.code == .syntaxError)
    }

    /// Random mutations of whole queries run to the end: each gives a result or a QueryError, never a
    /// crash, and any error found before running names a place.
    @Test func mutatedQueriesNeverCrashTheExecutor() {
        let seeds = [
            "MATCH (p:Person {name: 'Ann'})-[r:MEMBER_OF|LEADS*1..2]-(q) WHERE p.h > 1 AND (p)--(q) RETURN p, count(*) ORDER BY p.h DESC LIMIT 3",
            "AS OF 3 MATCH (a) OPTIONAL MATCH (a)-->(b) WITH a, collect(b) AS bs UNWIND bs AS b RETURN a UNION RETURN 1 AS a",
            "MATCH (a), (b) WHERE id(a) = 'p:bob' AND id(b) IN ['p:cid'] MATCH p = allShortestPaths((a)-[*..4]-(b)) RETURN nodes(p), length(p)",
            "UNWIND range(1, 5) AS x WITH x WHERE x % 2 = 1 RETURN DISTINCT [y IN range(0, x) WHERE y > 1 | y ^ 2] AS ys, CASE x WHEN 1 THEN 'a' END",
            "MATCH (n)-[r]->(m:Lab) WHERE n:Person RETURN type(r), m.name, sum(n.h), avg(n.h), min(n.name) ORDER BY m.name SKIP 0 LIMIT 5",
        ]
        var mutator = QueryMutator(seeds: seeds, alphabet: "()[]{}-<>:,.*|'$0123 MATCHRETURNWITHidnp", seed: 29)
        let limits = QueryLimits(maximumRows: 10_000, timeout: .seconds(2))
        var answered = 0
        for _ in 0..<2000 {
            let text = mutator.next(maximumEdits: 3)
            do {
                _ = try Executor(view: Self.graph.current, limits: limits).run(Parser.parse(text))
                answered += 1
            } catch {
                #expect(error.location != nil || [.timeout, .limitExceeded, .semanticError].contains(error.code), "\(text): \(error)")
            }
        }
        // Not every mutation breaks the query: some still run to an answer.
        #expect(answered > 100)
    }
}
