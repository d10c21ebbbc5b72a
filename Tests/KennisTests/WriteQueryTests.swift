import EventLog
import TestSupport
import Testing

@testable import Kennis

/// Cypher writes through the database: one query, one batch in the log (or nothing), the events
/// ordinary ones, and the graph a replay builds the same as the one the query left.
struct WriteQueryTests {
    private func database(_ dir: TemporaryDirectory) throws -> Database {
        let db = try Database(path: dir.appending("db"), create: true)
        try db.importEvents(from: GraphIntegrationTests.shippedFiles)
        return db
    }

    @Test func aWriteQueryAppendsOneBatchOfOrdinaryEvents() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let head = db.graph.head
        let answer = try db.write(
            """
            MATCH (l:Lab {`@id`: 'lab:ai-methods'})
            CREATE (p:Person {name: 'Test Person'})-[:MEMBER_OF {role: 'visitor'}]->(l)
            SET l.visitors = 1
            RETURN id(p) AS id
            """, actor: "steward")
        let statistics = try #require(answer.result.statistics)
        #expect(statistics.firstSeq == head + 1 && statistics.lastSeq == head + 3)
        #expect(statistics.nodesCreated == 1 && statistics.relationshipsCreated == 1 && statistics.propertiesSet == 3)
        #expect(answer.view.seq == head + 3)
        #expect(answer.jsonText(answer.result.rows[0][0]) == "\"person:\(head + 1)\"")
        // The log holds them with the caller as actor, in the hash chain.
        let events = try db.log.reading { reader in
            var events: [RecordedEvent] = []
            try reader.forEach(after: head) { event in
                events.append(event)
                return true
            }
            return events
        }
        #expect(events.map(\.event.type) == [.entityCreated, .relationAdded, .entityUpdated])
        #expect(events.allSatisfy { $0.event.actor == "steward" })
        #expect(events.map(\.recordedAt).allSatisfy { $0 == events[0].recordedAt })
        #expect(try db.log.verify().events == head + 3)
        // The JSON answer carries the statistics.
        let json = answer.json(elapsedMilliseconds: 1)
        #expect(json.contains(#""stats":{"nodes_created":1,"nodes_deleted":0,"relationships_created":1"#))
        #expect(json.contains(#""first_seq":\#(head + 1),"last_seq":\#(head + 3)}"#))
    }

    @Test func aWriteQueryThatFailsAnywhereWritesNothing() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let head = try db.log.head().seq
        // The third row breaks a rule after two rows were staged.
        let error = #expect(throws: QueryError.self) {
            try db.write(
                "UNWIND ['person:w1', 'person:w2', 'person:carl-moons'] AS id CREATE (:Person {`@id`: id, name: 'W'})", actor: nil)
        }
        #expect(error?.code == .constraintViolation && error?.rule == "already exists")
        // A time limit passed midway.
        let slow = #expect(throws: QueryError.self) {
            try db.write(
                "UNWIND range(1, 1000000) AS i CREATE (:Person {name: 'P' + toString(i)})", actor: nil,
                limits: QueryLimits(timeout: .milliseconds(50)))
        }
        #expect(slow?.code == .timeout)
        #expect(try db.log.head().seq == head)
        #expect(db.graph.head == head)
        #expect(try db.query("MATCH (p:Person) WHERE id(p) IN ['person:w1', 'person:w2'] OR p.name = 'P1' RETURN p").result.rows.isEmpty)
    }

    @Test func replayingTheLogRebuildsTheGraphTheWritesLeft() throws {
        let dir = TemporaryDirectory()
        let path = dir.appending("db")
        let after: GraphModelPicture
        do {
            let db = try database(dir)
            try db.write("UNWIND range(1, 50) AS i CREATE (:Person {name: 'Person ' + toString(i), n: i})", actor: "a")
            try db.write(
                "MATCH (p:Person) WHERE p.n % 7 = 0 MATCH (l:Lab {`@id`: 'lab:ai-methods'}) MERGE (p)-[:MEMBER_OF]->(l) SET p:Visitor",
                actor: "b")
            try db.write("MATCH (p:Person) WHERE p.n % 5 = 0 DETACH DELETE p", actor: "c")
            try db.write("MATCH (p:Visitor) REMOVE p:Visitor SET p += {visited: true}", actor: "d")
            after = GraphModelPicture(db.graph.view())
        }
        var options = Database.Options()
        options.useSnapshots = false
        let replayed = try Database(path: path, options: options)
        #expect(GraphModelPicture(replayed.graph.view()) == after)
        // Multiples of 7 up to 50 joined, but 35 (a multiple of 5) was deleted.
        let visited = try replayed.query("MATCH (p:Person)-[:MEMBER_OF]->(:Lab {`@id`: 'lab:ai-methods'}) WHERE p.visited RETURN count(p)")
        #expect(visited.jsonText(visited.result.rows[0][0]) == "6")
    }

    @Test func readsCannotWriteAndWritesCannotTravelInTime() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let forbidden = #expect(throws: QueryError.self) { try db.query("MATCH (n:Lab) SET n.x = 1") }
        #expect(forbidden?.code == .forbidden && forbidden?.location?.column == 15)
        let past = #expect(throws: QueryError.self) { try db.write("AS OF 10 CREATE (:Lab {name: 'x'})", actor: nil) }
        #expect(past?.code == .semanticError)
        // A query without writing clauses runs as a read through `write` too.
        let read = try db.write("MATCH (l:Lab) RETURN count(l)", actor: nil)
        #expect(read.result.statistics == nil)
        // A write that changes nothing appends nothing, and says so.
        let head = db.graph.head
        let none = try db.write("MERGE (l:Lab {`@id`: 'lab:ai-methods'}) RETURN l.name", actor: nil)
        #expect(none.result.statistics?.firstSeq == nil)
        #expect(db.graph.head == head)
    }
}
