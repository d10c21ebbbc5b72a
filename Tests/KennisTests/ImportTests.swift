import Foundation
import TestSupport
import Testing

@testable import Kennis

struct ImportTests {
    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private let good = """
        {"type":"entity.created","id":"lab:x","kind":"Lab","props":{"name":"X"}}
        {"type":"entity.created","id":"person:a","kind":"Person","props":{"name":"A"}}
        {"type":"relation.added","rel":"MEMBER_OF","from":"person:a","to":"lab:x"}
        """

    @Test func importingSeveralFilesIsOneBatch() throws {
        let dir = TemporaryDirectory()
        try write(good, to: dir.appending("a.jsonl"))
        try write(#"{"type":"entity.updated","id":"lab:x","props":{"name":"Lab X"}}"#, to: dir.appending("b.jsonl"))
        let db = try Database(path: dir.appending("db"), create: true)
        let receipt = try db.importEvents(from: [.file(dir.appending("a.jsonl")), .file(dir.appending("b.jsonl"))], actor: "importer")
        #expect(receipt.firstSeq == 1 && receipt.lastSeq == 4)
        let events = try db.log.reading { try $0.events(matching: EventFilter()) }
        #expect(events.allSatisfy { $0.recordedAt == receipt.recordedAt && $0.event.actor == "importer" })
    }

    @Test func aBadLineInTheLastFileWritesNothingFromAnyFile() throws {
        let dir = TemporaryDirectory()
        try write(good, to: dir.appending("a.jsonl"))
        try write(
            "\n" + #"{"type":"entity.created","id":"p:1","kind":"Person","props":{"x":{"nested":true}}}"#, to: dir.appending("b.jsonl"))
        let db = try Database(path: dir.appending("db"), create: true)
        let error = #expect(throws: EventInputError.self) {
            try db.importEvents(from: [.file(dir.appending("a.jsonl")), .file(dir.appending("b.jsonl"))])
        }
        #expect(
            error?.description.hasPrefix("\(dir.appending("b.jsonl")):2: props.x: nested objects are not allowed as property values")
                == true)
        #expect(try db.log.head().seq == 0)
    }

    @Test func anEmptyFileIsAnError() throws {
        let dir = TemporaryDirectory()
        try write("\n// only a comment\n", to: dir.appending("empty.jsonl"))
        let db = try Database(path: dir.appending("db"), create: true)
        let error = #expect(throws: DatabaseError.self) { try db.importEvents(from: [.file(dir.appending("empty.jsonl"))]) }
        #expect(error?.description.hasSuffix("empty.jsonl: holds no events") == true)
    }

    @Test func aMissingFileIsAnError() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.appending("db"), create: true)
        let error = #expect(throws: DatabaseError.self) { try db.importEvents(from: [.file(dir.appending("nope.jsonl"))]) }
        #expect(error?.description.contains("No such file") == true)
    }

    @Test func openingAMissingDatabaseWithoutCreateFails() {
        let dir = TemporaryDirectory()
        #expect(throws: DatabaseError.self) { _ = try Database(path: dir.appending("nothing-here")) }
    }

    @Test func appendingInPartsCommitsEachPart() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.appending("db"), create: true)
        let batch = try Array(good.utf8).withUnsafeBytes { try Database.decode($0, name: "good") }
        var parts: [ClosedRange<UInt64>] = []
        try db.append(batch, inPartsOf: 2) { parts.append($0.firstSeq...$0.lastSeq) }
        #expect(parts == [1...2, 3...3])
        #expect(try db.log.verify().events == 3)
    }

    /// The shipped ecosystem: every event valid and sourced, and the figures of the seeds.
    @Test func theShippedEventsImportAndEveryEventHasASource() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("events").path)
            .filter { $0.hasSuffix(".jsonl") }.sorted().map { root.appendingPathComponent("events/\($0)").path }
        #expect(files.count >= 2)
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.appending("db"), create: true)
        let receipt = try db.importEvents(from: files.map(ImportSource.file))
        #expect(receipt.events.allSatisfy { $0.source != nil })
        #expect(receipt.events.first?.type == .schemaDefined)
        let labs = receipt.events.filter {
            if case .entityCreated(_, "Lab", _, let labels) = $0.body { return labels.contains("HealthAILab") }
            return false
        }
        #expect(labs.count == 5)
        #expect(try db.log.reading { try $0.seqs(touching: "person:carl-moons").count } > 10)
    }
}
