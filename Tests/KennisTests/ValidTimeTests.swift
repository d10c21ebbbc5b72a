import Foundation
import TestSupport
import Testing

@testable import Kennis

/// Valid time against transaction time on a small history written by hand: who led the Imaging lab
/// at four points of valid time, as the log stood at four positions — answers written out by hand.
struct ValidTimeTests {
    static let history = [
        // 1–3: the lab (open since 2020) and two people.
        #"{"type":"entity.created","id":"lab:imaging","kind":"Lab","props":{"name":"Imaging","valid_from":{"date":"2020-01-01"}}}"#,
        #"{"type":"entity.created","id":"p:ann","kind":"Person","props":{"name":"Ann"}}"#,
        #"{"type":"entity.created","id":"p:bob","kind":"Person","props":{"name":"Bob"}}"#,
        // 4: Ann leads it from 2020, no end known.
        #"{"type":"relation.added","rel":"LEADS","from":"p:ann","to":"lab:imaging","props":{"valid_from":{"date":"2020-01-01"}}}"#,
        // 5: Bob leads it from March 2024 (and for a while the log says both do).
        #"{"type":"relation.added","rel":"LEADS","from":"p:bob","to":"lab:imaging","props":{"valid_from":{"date":"2024-03-01"}}}"#,
        // 6: Ann's role ended when Bob's began.
        #"{"type":"relation.updated","id":"LEADS:p:ann->lab:imaging","props":{"valid_until":{"date":"2024-03-01"}}}"#,
        // 7–8: a correction: the hand-over was on 1 February.
        #"{"type":"relation.updated","id":"LEADS:p:bob->lab:imaging","props":{"valid_from":{"date":"2024-02-01"}}}"#,
        #"{"type":"relation.updated","id":"LEADS:p:ann->lab:imaging","props":{"valid_until":{"date":"2024-02-01"}}}"#,
    ]

    /// [as of seq: [valid at: leaders]].
    static let matrix: [(seq: Int, answers: [(validAt: String, leaders: [String])])] = [
        (4, [("2019-06-01", []), ("2022-06-01", ["Ann"]), ("2024-02-15", ["Ann"]), ("2024-06-01", ["Ann"])]),
        (5, [("2019-06-01", []), ("2022-06-01", ["Ann"]), ("2024-02-15", ["Ann"]), ("2024-06-01", ["Ann", "Bob"])]),
        (6, [("2019-06-01", []), ("2022-06-01", ["Ann"]), ("2024-02-15", ["Ann"]), ("2024-06-01", ["Bob"])]),
        (8, [("2019-06-01", []), ("2022-06-01", ["Ann"]), ("2024-02-15", ["Bob"]), ("2024-06-01", ["Bob"])]),
    ]

    private func database(_ dir: TemporaryDirectory) throws -> Database {
        try Self.history.joined(separator: "\n").write(toFile: dir.appending("h.jsonl"), atomically: true, encoding: .utf8)
        let db = try Database(path: dir.appending("db"), create: true)
        try db.importEvents(from: [.file(dir.appending("h.jsonl"))])
        return db
    }

    private func leaders(_ db: Database, _ query: String, validAt: ValidInstant? = nil, parameters: [String: Value] = [:]) throws
        -> [String]
    {
        let answer = try db.query(query, parameters: parameters, validAt: validAt)
        return answer.result.rows.map { answer.jsonText($0[0]).replacing("\"", with: "") }
    }

    @Test func theBitemporalMatrix() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        for (seq, answers) in Self.matrix {
            for (validAt, expected) in answers {
                let query = "AS OF \(seq) VALID AT date('\(validAt)') MATCH (p)-[:LEADS]->(:Lab) RETURN p.name ORDER BY p.name"
                #expect(try leaders(db, query) == expected, "AS OF \(seq) VALID AT \(validAt)")
                // The clause in either order, and the valid time given beside the query, agree.
                let swapped = "VALID AT date('\(validAt)') AS OF \(seq) MATCH (p)-[:LEADS]->(:Lab) RETURN p.name ORDER BY p.name"
                #expect(try leaders(db, swapped) == expected)
                let given = "AS OF \(seq) MATCH (p)-[:LEADS]->(:Lab) RETURN p.name ORDER BY p.name"
                #expect(try leaders(db, given, validAt: ValidInstant(iso8601: validAt)) == expected)
            }
        }
        // The lab did not exist in 2019: not even the lab is there, nor its relationships from either end.
        #expect(try leaders(db, "VALID AT date('2019-06-01') MATCH (l:Lab) RETURN l.name").isEmpty)
        #expect(try leaders(db, "VALID AT date('2019-06-01') MATCH (p:Person) RETURN p.name ORDER BY p.name") == ["Ann", "Bob"])
        #expect(try leaders(db, "VALID AT date('2019-06-01') MATCH (p:Person)-[r]-() RETURN count(r)") == ["0"])
        // Without a valid time every element is there, whatever its valid time.
        #expect(try leaders(db, "MATCH (p)-[:LEADS]->(:Lab) RETURN p.name ORDER BY p.name") == ["Ann", "Bob"])
    }

    @Test func theBoundsReadAsFunctions() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let row = try db.query(
            """
            MATCH (p:Person {name: 'Ann'})-[r:LEADS]->(l) RETURN validFrom(r), validUntil(r), isValidAt(r, date('2024-01-31')),
            isValidAt(r, date('2024-02-01')), validUntil(l), isValidAt(p, datetime('1900-01-01T00:00Z'))
            """)
        #expect(row.result.rows[0].map { row.jsonText($0) } == [#""2020-01-01""#, #""2024-02-01""#, "true", "false", "null", "true"])
        let before = try db.query("AS OF 5 MATCH (:Person {name: 'Ann'})-[r:LEADS]->() RETURN validUntil(r)")
        #expect(before.jsonText(before.result.rows[0][0]) == "null")
    }

    /// What changed in the world between two valid times, and what the log learned between two
    /// positions about the world at one.
    @Test func diffsAlongEitherTime() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let world = try db.worldDiff(from: ValidInstant(iso8601: "2022-06-01")!, to: ValidInstant(iso8601: "2024-06-01")!)
        #expect(world.entities.isEmpty)
        #expect(
            world.relationships.map { "\($0.kind) \($0.id)" } == ["removed LEADS:p:ann->lab:imaging", "added LEADS:p:bob->lab:imaging"])
        let before = try db.worldDiff(from: ValidInstant(iso8601: "2019-06-01")!, to: ValidInstant(iso8601: "2022-06-01")!, at: .seq(4))
        #expect(before.entities.map { "\($0.kind) \($0.id)" } == ["added lab:imaging"])
        let learned = try db.diff(from: .seq(4), to: .seq(8), validAt: ValidInstant(iso8601: "2024-02-15"))
        #expect(
            learned.relationships.map { "\($0.kind) \($0.id)" } == ["removed LEADS:p:ann->lab:imaging", "added LEADS:p:bob->lab:imaging"])
        // Without a valid time, the log learned of Bob's role and of two corrections.
        #expect(try db.diff(from: .seq(4), to: .seq(8)).relationships.map(\.kind) == [.changed, .added])
    }

    @Test(arguments: [
        (
            #"{"type":"relation.updated","id":"LEADS:p:ann->lab:imaging","props":{"valid_until":{"date":"2019-01-01"}}}"#,
            "must be after valid_from"
        ),
        (#"{"type":"entity.updated","id":"p:ann","props":{"valid_from":"2019"}}"#, "valid time is a date"),
        (
            #"{"type":"entity.created","id":"p:c","kind":"Person","props":{"valid_from":{"date":"2020-01-01"},"valid_until":{"date":"2020-01-01"}}}"#,
            "must be after"
        ),
        (#"{"type":"entity.updated","id":"p:ann","props":{"valid_until":{"duration":"P1Y"}}}"#, "valid time is a date"),
    ])
    func badValidTimesAreRefusedAndNothingIsWritten(event: String, phrase: String) throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        try (#"{"type":"entity.created","id":"p:ok","kind":"Person"}"# + "\n" + event).write(
            toFile: dir.appending("bad.jsonl"), atomically: true, encoding: .utf8)
        let error = #expect(throws: (any Error).self) { try db.importEvents(from: [.file(dir.appending("bad.jsonl"))]) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("bad.jsonl:2:") && message.contains(phrase), "\(message)")
        #expect(try db.log.head().seq == 8)
    }

    @Test func writesAndNonInstantsAreRefusedAtTheirPlace() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let write = #expect(throws: QueryError.self) { try db.write("VALID AT date('2024-01-01') MATCH (n) SET n.x = 1", actor: "t") }
        #expect(write?.code == .semanticError && write?.location?.column == 10)
        #expect(
            try leaders(db, "VALID AT $t MATCH (p)-[:LEADS]->(:Lab) RETURN p.name", validAt: nil, parameters: ["t": .string("2024-06-01")])
                == ["Bob"])
        #expect(throws: QueryError.self) { try db.query("VALID AT 'June' MATCH (n) RETURN n") }
        let notAnInstant = #expect(throws: QueryError.self) { try db.query("VALID AT localtime('12:00') MATCH (n) RETURN n") }
        #expect(notAnInstant?.message.contains("VALID AT expects") == true)
        let twice = #expect(throws: QueryError.self) {
            try db.query("VALID AT date('2024-01-01') MATCH (n) RETURN n", validAt: ValidInstant(iso8601: "2024-01-01"))
        }
        #expect(twice?.message.contains("give one") == true)
    }
}
