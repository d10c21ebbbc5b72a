import EventLog
import Graph
import Testing

@testable import Query

/// The writing clauses on ExecutorTests' graph (Ann and Bob in lab X, Cid in lab Y, Ann and Cid on
/// project Z, Bob leads X; 12 events): the events each makes, the statistics, and the graph after.
struct WriteTests {
    /// Runs `text` as a write on `base`; returns the result and the staged writes.
    private func write(
        _ text: String, on base: GraphState = ExecutorTests.graph, parameters: [String: Value] = [:]
    ) throws -> (QueryResult, GraphWrites) {
        let writes = GraphWrites(base: base, actor: "tester")
        let result = try Executor(writing: writes, parameters: parameters).run(Parser.parse(text))
        return (result, writes)
    }

    /// The rows of a read query on `state`, cells as text joined by " | ".
    private func rows(_ text: String, on state: GraphState) throws -> [String] {
        lines(try Executor(view: state.current).run(Parser.parse(text)), on: state)
    }

    /// A result's rows, cells as text (elements by id, strings bare) joined by " | ".
    private func lines(_ result: QueryResult, on state: GraphState) -> [String] {
        let view = state.current
        func text(_ value: Value) -> String {
            switch value {
            case .node(let node): view.id(of: node)
            case .relationship(let relationship): view.id(of: relationship)
            case .string(let s): s
            case .integer(let n): "\(n)"
            case .boolean(let b): "\(b)"
            case .null: "null"
            case .list(let items): "[" + items.map(text).joined(separator: ", ") + "]"
            default: "\(value)"
            }
        }
        return result.rows.map { $0.map(text).joined(separator: " | ") }
    }

    private func error(_ text: String, on base: GraphState = ExecutorTests.graph) -> QueryError? {
        #expect(throws: QueryError.self) { _ = try write(text, on: base) }
    }

    @Test func createMakesEntitiesAndRelationsWithFreshIds() throws {
        let (result, writes) = try write(
            "CREATE (n:Person:Expert {name: 'Dee', h: 5, gone: null})-[:MEMBER_OF {role: 'PI'}]->(l:Lab {`@id`: 'lab:new', name: 'N'}) RETURN id(n), id(l)"
        )
        #expect(result.columns == ["id(n)", "id(l)"])
        #expect(lines(result, on: writes.state) == ["person:13 | lab:new"])
        #expect(
            writes.events.map(\.body) == [
                .entityCreated(
                    id: "person:13", kind: "Person", properties: Properties([("h", .integer(5)), ("name", "Dee")]), labels: ["Expert"]),
                .entityCreated(id: "lab:new", kind: "Lab", properties: Properties([("name", "N")]), labels: []),
                .relationAdded(
                    id: "MEMBER_OF:person:13->lab:new", type: "MEMBER_OF", from: "person:13", to: "lab:new",
                    properties: Properties([("role", "PI")])),
            ])
        #expect(writes.events.allSatisfy { $0.actor == "tester" })
        let statistics = try #require(result.statistics)
        #expect(statistics.nodesCreated == 2 && statistics.relationshipsCreated == 1)
        #expect(statistics.propertiesSet == 4 && statistics.labelsAdded == 3)
        #expect(try rows("MATCH (p:Expert)-[r:MEMBER_OF]->(l) RETURN p.name, r.role, l.name", on: writes.state) == ["Dee | PI | N"])
    }

    @Test func createReusesBoundNodesRowByRow() throws {
        let (result, writes) = try write(
            "MATCH (a:Person {name: 'Ann'}) UNWIND ['L1', 'L2'] AS name CREATE (a)-[:LEADS]->(l:Lab {name: name}) RETURN id(l) ORDER BY id(l)"
        )
        #expect(lines(result, on: writes.state) == ["lab:13", "lab:15"])
        #expect(try rows("MATCH (:Person {name: 'Ann'})-[:LEADS]->(l) RETURN l.name ORDER BY l.name", on: writes.state) == ["L1", "L2"])
        // A parallel relationship of the same type gets its own id.
        let (_, parallel) = try write("MATCH (a {`@id`: 'p:ann'}), (b {`@id`: 'p:bob'}) CREATE (a)-[:KNOWS]->(b), (a)-[:KNOWS]->(b)")
        #expect(parallel.events.map(\.id) == ["KNOWS:p:ann->p:bob", "KNOWS:p:ann->p:bob#14"])
        #expect(try rows("MATCH (:Person {name: 'Ann'})-[k:KNOWS]->(b) RETURN b.name", on: parallel.state) == ["Bob", "Bob"])
        // A path variable binds what was made.
        let (path, _) = try write("CREATE p = (:Lab {name: 'P'})<-[:MEMBER_OF]-(:Person {name: 'Q'}) RETURN length(p), size(nodes(p))")
        #expect(lines(path, on: ExecutorTests.graph) == ["1 | 2"])
    }

    @Test func mergeMatchesOrCreatesTheWholePattern() throws {
        let (matched, none) = try write("MERGE (l:Lab {name: 'X'}) RETURN id(l)")
        #expect(lines(matched, on: none.state) == ["lab:x"])
        #expect(none.events.isEmpty)
        #expect(matched.statistics == WriteStatistics())
        // Rows see what earlier rows merged: Q is created once, then matched.
        let (result, writes) = try write(
            "UNWIND ['Q', 'Q', 'R'] AS name MERGE (l:Lab {name: name}) ON CREATE SET l.new = true ON MATCH SET l.seen = true RETURN name, id(l)"
        )
        #expect(lines(result, on: writes.state) == ["Q | lab:13", "Q | lab:13", "R | lab:16"])
        #expect(writes.events.map(\.type) == [.entityCreated, .entityUpdated, .entityUpdated, .entityCreated, .entityUpdated])
        #expect(try rows("MATCH (l:Lab) WHERE l.new RETURN l.name, l.seen ORDER BY l.name", on: writes.state) == ["Q | true", "R | null"])
        // ON MATCH reads the value earlier rows set.
        let (_, counter) = try write(
            "UNWIND [1, 1, 1] AS x MERGE (c:Counter {`@id`: 'c:1'}) ON CREATE SET c.n = 1 ON MATCH SET c.n = c.n + 1")
        #expect(try rows("MATCH (c:Counter) RETURN id(c), c.n", on: counter.state) == ["c:1 | 3"])
        // A merged relationship: created once, then matched; the same query again writes nothing.
        let query = "MATCH (a {`@id`: 'p:ann'}), (b {`@id`: 'p:bob'}) MERGE (a)-[r:KNOWS {since: 2024}]->(b) RETURN id(r)"
        let (first, created) = try write(query)
        #expect(lines(first, on: created.state) == ["KNOWS:p:ann->p:bob"])
        let (second, again) = try write(query, on: created.state)
        #expect(lines(second, on: again.state) == lines(first, on: created.state))
        #expect(created.events.count == 1 && again.events.isEmpty)
        // An undirected MERGE matches either way round.
        let (_, either) = try write("MATCH (a {`@id`: 'p:bob'}), (l {`@id`: 'lab:x'}) MERGE (l)-[:LEADS]-(a)")
        #expect(either.events.isEmpty)
    }

    @Test func setPatchesPropertiesAndLabels() throws {
        let (result, writes) = try write(
            "MATCH (p:Person {name: 'Bob'}) SET p.h = p.h + 1, p.title = 'Dr', p:Senior:Person RETURN p.h, p.title, labels(p)")
        #expect(lines(result, on: writes.state) == ["13 | Dr | [Person, Senior]"])
        #expect(result.statistics?.propertiesSet == 2)
        #expect(result.statistics?.labelsAdded == 1)
        #expect(
            writes.events.map(\.body) == [
                .entityUpdated(id: "p:bob", patch: PropertyPatch([PatchEntry("h", .integer(13))]), labels: nil),
                .entityUpdated(id: "p:bob", patch: PropertyPatch([PatchEntry("title", "Dr")]), labels: nil),
                .entityUpdated(id: "p:bob", patch: PropertyPatch(), labels: ["Senior"]),
            ])
        // `=` replaces every property; `+=` merges, null removing.
        let (_, replaced) = try write("MATCH (p {`@id`: 'p:ann'}) SET p = {name: 'Anne', x: [1, 2]}")
        #expect(try rows("MATCH (p {`@id`: 'p:ann'}) RETURN keys(p), p.name, p.x", on: replaced.state) == ["[name, x] | Anne | [1, 2]"])
        let (_, merged) = try write("MATCH (p {`@id`: 'p:ann'}) SET p += {h: null, y: true}")
        #expect(try rows("MATCH (p {`@id`: 'p:ann'}) RETURN p.h, p.y, p.name", on: merged.state) == ["null | true | Ann"])
        // Setting what is already so, or removing what is not there, writes nothing.
        let (_, nothing) = try write("MATCH (p {`@id`: 'p:cid'}) SET p.h = null, p:Person")
        #expect(nothing.events.isEmpty)
        // Relationships too; a null target is skipped.
        let (_, relationship) = try write(
            "MATCH (a {`@id`: 'p:ann'}) OPTIONAL MATCH (a)-[none:LEADS]->() MATCH (a)-[r:MEMBER_OF]->() SET r.since = 2020, none.x = 1")
        #expect(
            relationship.events.map(\.body) == [.relationUpdated(id: "r:1", patch: PropertyPatch([PatchEntry("since", .integer(2020))]))])
    }

    @Test func removeDropsPropertiesAndLabelsTheKindToo() throws {
        let (result, writes) = try write("MATCH (l {`@id`: 'lab:x'}) REMOVE l.name, l:HealthAILab, l:Missing RETURN labels(l), l.name")
        #expect(lines(result, on: writes.state) == ["[Lab] | null"])
        #expect(result.statistics?.labelsRemoved == 1 && result.statistics?.propertiesSet == 1)
        #expect(writes.events.count == 2)
        // Without a schema the kind is a label like the others; it can come back as an extra label.
        let (removed, unlabelled) = try write("MATCH (l {`@id`: 'lab:x'}) REMOVE l:Lab, l:HealthAILab RETURN labels(l)")
        #expect(lines(removed, on: unlabelled.state) == ["[]"])
        #expect(removed.statistics?.labelsRemoved == 2)
        #expect(
            unlabelled.events.map(\.body) == [
                .entityUpdated(id: "lab:x", patch: PropertyPatch(), labels: nil, removesKind: true),
                .entityUpdated(id: "lab:x", patch: PropertyPatch(), labels: []),
            ])
        #expect(try rows("MATCH (l:Lab) RETURN collect(id(l))", on: unlabelled.state) == ["[lab:y]"])
        let (back, relabelled) = try write("MATCH (l {`@id`: 'lab:x'}) SET l:Lab RETURN labels(l)", on: unlabelled.state)
        #expect(lines(back, on: relabelled.state) == ["[Lab]"])
        #expect(
            try rows("MATCH (l:Lab {`@id`: 'lab:x'}) RETURN l.id, id(l), elementId(l)", on: relabelled.state) == ["null | lab:x | lab:x"])
    }

    @Test func nodesWithoutLabelsAndPropertiesNamedId() throws {
        let (result, writes) = try write("CREATE (n {name: 'x', id: 7}), (m) RETURN labels(n), n.id, id(m) STARTS WITH 'node:'")
        #expect(lines(result, on: writes.state) == ["[] | 7 | true"])
        #expect(result.statistics?.labelsAdded == 0 && result.statistics?.nodesCreated == 2)
        #expect(try rows("MATCH (n {id: 7}) RETURN n.name", on: writes.state) == ["x"])
        let (set, changed) = try write("MATCH (n) WHERE n.id = 7 SET n.id = n.id + 1 RETURN n.id", on: writes.state)
        #expect(lines(set, on: changed.state) == ["8"])
    }

    @Test func deleteRefusesNodesWithRelationshipsUnlessDetached() throws {
        let refused = error("MATCH (l:Lab {name: 'X'}) DELETE l")
        #expect(refused?.code == .constraintVerificationFailed && refused?.detail == .deleteConnectedNode)
        #expect(refused?.rule == "node has relationships")
        #expect(refused?.location?.column == 34)
        #expect(refused?.message.contains("3 relationships") == true)
        let (detached, writes) = try write("MATCH (l:Lab {name: 'X'}) DETACH DELETE l")
        #expect(detached.statistics?.nodesDeleted == 1 && detached.statistics?.relationshipsDeleted == 3)
        #expect(writes.events.map(\.body) == [.entityRetired(id: "lab:x")])
        #expect(try rows("MATCH (p:Person)-[r]->() RETURN count(r)", on: writes.state) == ["3"])
        // A node with its relationships in one DELETE, however the rows repeat them.
        let (both, project) = try write("MATCH (n:Project)-[r]-() DELETE n, r")
        #expect(both.statistics?.nodesDeleted == 1 && both.statistics?.relationshipsDeleted == 2)
        #expect(project.events.map(\.type) == [.relationRemoved, .relationRemoved, .entityRetired])
        let (_, relationships) = try write("MATCH (p {`@id`: 'p:cid'})-[r]-() DELETE r")
        #expect(relationships.events.count == 2)
        #expect(try rows("MATCH (p {`@id`: 'p:cid'}) OPTIONAL MATCH (p)-[r]-() RETURN count(r)", on: relationships.state) == ["0"])
    }

    @Test func readingWhatTheQueryDeletedIsEntityNotFound() {
        for text in [
            "MATCH (n {`@id`: 'p:cid'}) DETACH DELETE n RETURN n.name", "MATCH (n {`@id`: 'p:cid'}) DETACH DELETE n RETURN labels(n)",
            "MATCH ()-[r:MEMBER_OF]->() DELETE r RETURN r.role",
        ] {
            let error = error(text)
            #expect(error?.code == .entityNotFound && error?.detail == .deletedEntityAccess, "\(text): \(error?.description ?? "none")")
        }
    }

    @Test func writeErrorsHaveTheirCodeAndPlace() {
        let cases: [(String, QueryError.Code, Int, String)] = [
            ("MATCH (n) CREATE (n:Person)", .syntaxError, 18, "bound already"),
            ("CREATE (a:A)-[:R|S]->(b:B)", .syntaxError, 13, "exactly one type"),
            ("CREATE (a:A)-[:R]-(b:B)", .syntaxError, 13, "needs a direction"),
            ("CREATE (a:A)-[:R*2]->(b:B)", .syntaxError, 13, "variable-length"),
            ("CREATE (n:Person {tags: [1, null]})", .typeError, 18, "cannot hold a list with a NULL"),
            ("CREATE (n:Person {m: {a: 1}})", .typeError, 18, "cannot hold a MAP"),
            ("CREATE (n:Person {`@id`: 12})", .typeError, 18, "an element id (`@id`) is a string"),
            ("CREATE (n:Person {`@id`: 'p:ann'})", .constraintViolation, 8, "already exists"),
            ("MATCH (p {`@id`: 'p:ann'}) SET p.`@id` = 'x'", .semanticError, 32, "cannot be changed"),
            ("MATCH (p {`@id`: 'p:ann'}) SET q.x = 1", .syntaxError, 32, "`q` is not defined"),
            ("MATCH (p {`@id`: 'p:ann'}) SET p = 3", .typeError, 36, "SET expects a map"),
            ("MERGE (l:Lab {name: null})", .semanticError, 14, "on null"),
            ("MATCH (p {`@id`: 'p:ann'}) DELETE p.name", .typeError, 35, "DELETE expects a node"),
            ("UNWIND [1, 2] AS x SET x.y = 1", .typeError, 24, "cannot set a property of an INTEGER"),
        ]
        for (text, code, column, phrase) in cases {
            let error = error(text)
            #expect(error?.code == code, "\(text): \(error?.description ?? "no error")")
            #expect(error?.location?.column == column, "\(text): \(error?.description ?? "no error")")
            #expect(error?.message.contains(phrase) == true, "\(text): \(error?.description ?? "no error")")
        }
    }

    @Test func theSchemaInForceRulesWritesAndReadsCannotWrite() throws {
        var state = ExecutorTests.graph
        let schema = Schema(
            kinds: ["Person", "Lab", "Project"], relations: [Schema.RelationRule(type: "MEMBER_OF", from: ["Person"], to: ["Lab"])])
        try state.apply(Event(.schemaDefined(id: "schema:1", schema: schema)), at: 13)
        let kind = error("CREATE (s:Spaceship)", on: state)
        #expect(kind?.code == .constraintViolation && kind?.rule == "kind not allowed")
        let relation = error("MATCH (a {`@id`: 'p:ann'}), (b {`@id`: 'p:bob'}) CREATE (a)-[:KNOWS]->(b)", on: state)
        #expect(relation?.rule == "relation not allowed")
        // Where a schema is in force, a kind is required and fixed.
        let unlabelled = error("CREATE (s {name: 'x'})", on: state)
        #expect(unlabelled?.rule == "kind not allowed" && unlabelled?.message.contains("requires every entity to have a kind") == true)
        let fixed = error("MATCH (l {`@id`: 'lab:x'})\nREMOVE l:Lab", on: state)
        #expect(fixed?.code == .constraintViolation && fixed?.rule == "kind is fixed")
        #expect(fixed?.location?.line == 2 && fixed?.location?.column == 8)
        // A read refuses to write, at the writing clause.
        let read = #expect(throws: QueryError.self) {
            _ = try Executor(view: ExecutorTests.graph.current).run(Parser.parse("MATCH (n) WITH n LIMIT 0 SET n.x = 1"))
        }
        #expect(read?.code == .forbidden && read?.location?.column == 26)
    }

    @Test func replayingTheEventsGivesTheGraphTheQueryLeft() throws {
        let (_, writes) = try write(
            """
            MATCH (a {`@id`: 'p:ann'}), (l {`@id`: 'lab:y'})
            CREATE (a)-[:MEMBER_OF {role: 'visitor'}]->(l), (n:Person {name: 'Eve'})-[:WORKS_ON]->(:Project {name: 'W'})
            SET a.h = 31, l:Renamed
            WITH n MATCH (b {`@id`: 'p:bob'}) DETACH DELETE b
            """)
        var replayed = ExecutorTests.graph
        for (offset, event) in writes.events.enumerated() { try replayed.apply(event, at: ExecutorTests.graph.head + 1 + UInt64(offset)) }
        let read = "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN id(n), labels(n), properties(n), type(r), id(m) ORDER BY id(n), id(m)"
        #expect(try rows(read, on: replayed) == rows(read, on: writes.state))
        #expect(try rows("MATCH (n {`@id`: 'p:bob'}) RETURN n", on: writes.state).isEmpty)
    }
}
