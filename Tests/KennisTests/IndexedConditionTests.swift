import EventLog
import Foundation
import Graph
import Query
import TestSupport
import Testing

@testable import Kennis

/// `WHERE p.name = s` and `WHERE p.name STARTS WITH s` on a label scan's node start from the store's
/// index of the kind's values: the answers equal those of the same condition written so that no index
/// can serve it, now and as the log stood before renames.
struct IndexedConditionTests {
    private func database(_ dir: TemporaryDirectory) throws -> Database {
        let db = try Database(path: dir.appending("db"), create: true)
        try db.importEvents(from: GraphIntegrationTests.shippedFiles)
        return db
    }

    /// The answer of `query` as text rows, at `position`.
    private func rows(_ db: Database, _ query: String, _ parameters: [String: Value] = [:], at position: LogPosition? = nil) throws
        -> [String]
    {
        let answer = try db.query(query, parameters: parameters, at: position)
        return answer.result.rows.map { row in row.map { answer.jsonText($0) }.joined(separator: "|") }
    }

    @Test func indexedConditionsAnswerLikeAScanNowAndBeforeRenames() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let before = try db.log.head().seq
        // Renames after the index is first built: old names stay findable as of before them.
        _ = try rows(db, "MATCH (p:Person) WHERE p.name STARTS WITH 'P' RETURN count(p)")
        try db.write("MATCH (p:Person) WHERE p.name STARTS WITH 'Pieter' SET p.name = 'Renamed ' + p.name", actor: "test")
        try db.write(
            "CREATE (:Person {name: 'Pieter New'}), (:Person {name: '\u{212A}elvin'}), (:Person {name: 'e\u{301}mile'})", actor: "test")
        let conditions = [
            ("p.name STARTS WITH $s", ["P", "Pieter", "Renamed P", "K", "\u{E9}", "e", "", "Zz"]),
            ("p.name = $s", ["Pieter New", "Renamed Pieter Jeekel", "Pieter Jeekel", "\u{E9}mile", "nobody"]),
            ("$s = p.name", ["Pieter New", "Pieter Jeekel"]),
        ]
        for (condition, values) in conditions {
            for value in values {
                for position in [nil, LogPosition.seq(before)] {
                    let parameters: [String: Value] = ["s": .string(value)]
                    let indexed = try rows(
                        db, "MATCH (p:Person) WHERE \(condition) RETURN p.name ORDER BY p.name", parameters, at: position)
                    let scanned = try rows(
                        db, "MATCH (p:Person) WHERE (\(condition)) = true RETURN p.name ORDER BY p.name", parameters, at: position)
                    #expect(indexed == scanned, "\(condition) with \(value) at \(String(describing: position))")
                }
            }
        }
        #expect(try rows(db, "MATCH (p:Person) WHERE p.name STARTS WITH 'Kelv' RETURN p.name") == ["\"\u{212A}elvin\""])
        #expect(try rows(db, "MATCH (p:Person) WHERE p.name STARTS WITH 'Pieter' RETURN p.name") == ["\"Pieter New\""])
        #expect(try rows(db, "MATCH (p:Person) WHERE p.name STARTS WITH 'Pieter' RETURN count(p)", at: .seq(before)) != ["0"])
    }

    @Test func aConditionTheIndexCannotServeIsLeftToTheScan() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        // Not a string, or not computable before the node: the condition is tested on every node as before.
        #expect(try rows(db, "MATCH (p:Person) WHERE p.name STARTS WITH $s RETURN count(p)", ["s": .null]) == ["0"])
        #expect(try rows(db, "MATCH (p:Person) WHERE p.name = 1 RETURN count(p)") == ["0"])
        #expect(try rows(db, "MATCH (p:Person) WHERE p.name = p.name RETURN count(p) > 0") == ["true"])
        // An error is raised as it was: by the condition, on a node; an empty kind raises nothing.
        let error = #expect(throws: QueryError.self) { try db.query("MATCH (p:Person) WHERE p.name STARTS WITH toString(1 / 0) RETURN p") }
        #expect(error?.code == .arithmeticError)
        #expect(try rows(db, "MATCH (p:NoSuchKind) WHERE p.name STARTS WITH toString(1 / 0) RETURN count(p)") == ["0"])
    }
}
