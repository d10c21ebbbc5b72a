import EventLog
import Foundation
import Graph
import LMDB
import TestSupport
import Testing

@testable import Kennis

/// Snapshots of the graph: written on demand and every N events, loaded with the tail, skipped when bad.
struct SnapshotTests {
    private func generatedBatch(_ count: Int, from start: Int = 0) -> EventBatch {
        var events: [Event] = []
        for i in start..<(start + count) {
            events.append(
                Event(.entityCreated(id: "p:\(i)", kind: "Person", properties: Properties([("n", .integer(Int64(i)))]), labels: [])))
            if i > start {
                events.append(
                    Event(
                        .relationAdded(
                            id: "KNOWS:p:\(i)->p:\(i - 1)", type: "KNOWS", from: "p:\(i)", to: "p:\(i - 1)", properties: Properties())))
            }
            if i % 7 == 0 {
                events.append(
                    Event(
                        .entityUpdated(id: "p:\(i)", patch: PropertyPatch([PatchEntry("n", nil), PatchEntry("m", "x")]), labels: ["Seven"]))
                )
            }
            if i % 11 == 0 && i > start { events.append(Event(.relationRemoved(id: "KNOWS:p:\(i)->p:\(i - 1)"))) }
        }
        return EventBatch(events)
    }

    private func options(every: Int? = nil) -> Kennis.Database.Options {
        var options = Kennis.Database.Options()
        options.snapshotEvery = every
        return options
    }

    @Test func openingFromASnapshotPlusTheTailGivesTheSameGraphAsAFullReplay() throws {
        let dir = TemporaryDirectory()
        let path = dir.appending("db")
        do {
            let db = try Kennis.Database(path: path, create: true, options: options())
            try db.append(generatedBatch(300))
            #expect(try db.snapshot() == db.graph.head)
            try db.append(generatedBatch(200, from: 300))
        }
        let fromSnapshot = try Kennis.Database(path: path, options: options())
        #expect(fromSnapshot.opening.snapshotSeq != nil)
        #expect(fromSnapshot.opening.replayed > 0)
        var noSnapshots = options()
        noSnapshots.useSnapshots = false
        let replayed = try Kennis.Database(path: path, options: noSnapshots)
        #expect(replayed.opening.snapshotSeq == nil)
        #expect(GraphSnapshot.digest(of: fromSnapshot.graph.latest) == GraphSnapshot.digest(of: replayed.graph.latest))
        #expect(GraphModelPicture(fromSnapshot.graph.view(at: 150)) == GraphModelPicture(replayed.graph.view(at: 150)))
        let verification = try fromSnapshot.verifyGraph()
        #expect(verification.matches)
        #expect(verification.snapshotSeq == fromSnapshot.opening.snapshotSeq)
    }

    @Test func aSnapshotIsWrittenEveryNEvents() throws {
        let dir = TemporaryDirectory()
        let db = try Kennis.Database(path: dir.appending("db"), create: true, options: options(every: 500))
        try db.append(generatedBatch(100))
        #expect(try db.log.snapshotSeqs().isEmpty)
        try db.append(generatedBatch(300, from: 100))
        let seqs = try db.log.snapshotSeqs()
        #expect(seqs == [db.graph.head])
    }

    @Test func closingWritesASnapshotOnlyWhenTheGraphMoved() throws {
        let dir = TemporaryDirectory()
        let db = try Kennis.Database(path: dir.appending("db"), create: true, options: options())
        try db.close()
        #expect(try db.log.snapshotSeqs().isEmpty)
        try db.append(generatedBatch(10))
        try db.close()
        #expect(try db.log.snapshotSeqs() == [db.graph.head])
        try db.close()
        #expect(try db.log.snapshotSeqs() == [db.graph.head])
    }

    @Test func aDamagedSnapshotIsSkippedAndTheGraphRebuiltFromTheLog() throws {
        let dir = TemporaryDirectory()
        let path = dir.appending("db")
        let head: UInt64
        do {
            let db = try Kennis.Database(path: path, create: true, options: options())
            try db.append(generatedBatch(200))
            head = try db.snapshot()
            // Flip one byte in the middle of the stored snapshot.
            let environment = db.log.environment
            let snapshots = try environment.database(named: "snapshots")
            let key: [UInt8] = withUnsafeBytes(of: head.bigEndian) { Array($0) }
            try environment.write { txn in
                var bytes = try #require(try txn.value(snapshots, key: key))
                bytes[bytes.count / 2] ^= 0xFF
                try txn.put(snapshots, key: key, value: bytes)
            }
        }
        let reopened = try Kennis.Database(path: path, options: options())
        #expect(reopened.opening.snapshotSeq == nil)
        #expect(reopened.opening.skippedSnapshots.count == 1)
        #expect(reopened.opening.skippedSnapshots.first?.contains("checksum mismatch") == true)
        #expect(reopened.graph.head == head)
        #expect(reopened.graph.view().node(id: "p:199") != nil)
        // Closing replaces the unusable snapshot at the head, so the next open loads one again.
        try reopened.close()
        let third = try Kennis.Database(path: path, options: options())
        #expect(third.opening.snapshotSeq == head && third.opening.skippedSnapshots.isEmpty)
    }

    @Test func aSnapshotOfAnotherFormatIsSkipped() throws {
        let state = GraphState()
        var bytes = GraphSnapshot.encode(state)
        bytes[7] = 99  // format version 99
        let error = bytes.withUnsafeBytes { raw in #expect(throws: SnapshotError.self) { _ = try GraphSnapshot.decode(raw) } }
        #expect(error == .unsupportedFormat(found: 99))
    }

    @Test func encodingRoundTripsEveryKindOfRecord() throws {
        var state = GraphState()
        let events =
            generatedBatch(60).events + [
                Event(
                    .schemaDefined(
                        id: "schema:s",
                        schema: Schema(kinds: ["Person"], relations: [.init(type: "KNOWS", from: ["Person"], to: ["Person"])]))),
                Event(.entityRetired(id: "p:3")),
                Event(
                    .relationUpdated(id: "KNOWS:p:40->p:39", patch: PropertyPatch([PatchEntry("w", 1.5), PatchEntry("tags", ["a", 1])]))),
            ]
        for (i, event) in events.enumerated() { try state.apply(event, at: UInt64(i + 1)) }
        let decoded = try GraphSnapshot.encode(state).withUnsafeBytes { try GraphSnapshot.decode($0) }
        #expect(GraphSnapshot.digest(of: decoded) == GraphSnapshot.digest(of: state))
        for seq in [UInt64(0), 10, 61, state.head] {
            #expect(GraphModelPicture(decoded.view(at: seq)) == GraphModelPicture(state.view(at: seq)))
        }
        // The decoded state goes on accepting (and refusing) events like the original.
        var a = state, b = decoded
        let next = Event(.entityCreated(id: "p:3", kind: "Person", properties: Properties(), labels: []))
        #expect(throws: RuleViolation.self) { try a.apply(next, at: state.head + 1) }
        #expect(throws: RuleViolation.self) { try b.apply(next, at: state.head + 1) }
    }
}
