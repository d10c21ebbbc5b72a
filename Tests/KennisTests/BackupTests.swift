import Foundation
import Synchronization
import TestSupport
import Testing

@testable import EventLog
@testable import Kennis

/// Backups while a writer appends, restores, and the comparison of two logs by their hash chains.
struct BackupTests {
    private func event(_ index: Int) -> Event {
        Event(.entityCreated(id: "n:\(index)", kind: "N", properties: Properties([("i", .integer(Int64(index)))]), labels: []))
    }

    /// The graph at a position as the sorted lines of its events export.
    private func state(_ view: GraphView) throws -> [String] {
        guard case .document(let export) = GraphExportFormat.jsonl.export(view) else { return [] }
        var bytes: [UInt8] = []
        try export.write { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).sorted()
    }

    /// Backups taken while a writer appends all verify, each is the live log up to its head, and each
    /// restores into a database that holds the live graph as of that head.
    @Test func backupsWhileAWriterAppends() throws {
        let directory = TemporaryDirectory()
        let live = try Database(path: directory.appending("live"), create: true)
        _ = try live.append(EventBatch((0..<2_000).map(event)))
        let stop = Atomic<Bool>(false)
        let written = Atomic<Int>(0)
        let writer = Thread {
            var next = 2_000
            while !stop.load(ordering: .relaxed) {
                _ = try? live.append(EventBatch((next..<next + 50).map(self.event)))
                next += 50
                written.store(next, ordering: .relaxed)
            }
        }
        writer.start()
        defer { stop.store(true, ordering: .relaxed) }
        var heads: [UInt64] = []
        for round in 0..<3 {
            let report = try live.backup(to: directory.appending("backup-\(round)"))
            heads.append(report.head.seq)
            let backup = try Database(path: report.path)
            let comparison = try backup.compareLog(with: live)
            #expect(
                comparison == .prefix(sharedHead: report.head.seq, thisIsLonger: false) || comparison == .identical(head: report.head.seq))
            let restored = try Database.restore(from: report.path, to: directory.appending("restored-\(round)"))
            let copy = try Database(path: restored.path)
            #expect(restored.head == report.head)
            #expect(try state(copy.view()) == state(live.view(at: .seq(report.head.seq))))
        }
        stop.store(true, ordering: .relaxed)
        while !writer.isFinished { usleep(1_000) }
        #expect(written.load(ordering: .relaxed) > 2_000, "the writer wrote while the backups ran")
        #expect(heads == heads.sorted() && heads[0] >= 2_000)
    }

    /// Proving the chain alone (a backup's copy) still catches a changed byte, and a time that goes back.
    @Test func theChainAloneCatchesAChangedRecord() throws {
        let directory = TemporaryDirectory()
        let db = try Database(path: directory.appending("db"), create: true)
        _ = try db.append(EventBatch((0..<20).map(event)))
        _ = try db.append(EventBatch((20..<40).map(event)))
        #expect(try db.log.verify(decoding: false).events == 40)
        try db.log.environment.write { txn in
            var value = try #require(try txn.value(db.log.databases.events, key: LogLayout.seqKey(30)))
            value[value.count - 1] ^= 0x20
            try txn.put(db.log.databases.events, key: LogLayout.seqKey(30), value: value)
        }
        for decoding in [false, true] {
            #expect {
                try db.log.verify(decoding: decoding)
            } throws: { "\($0)".contains("seq 30: hash mismatch") }
        }
    }

    /// A backup never goes into a directory that holds something, and a failure leaves no `.partial`.
    @Test func aBackupNeedsANewOrEmptyDirectory() throws {
        let directory = TemporaryDirectory()
        let live = try Database(path: directory.appending("live"), create: true)
        _ = try live.append(EventBatch([event(1)]))
        let full = directory.appending("full")
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: full + "/keep"))
        #expect(throws: DatabaseError.self) { try live.backup(to: full) }
        #expect(!FileManager.default.fileExists(atPath: full + ".partial"))
        // What a killed backup leaves is never written into, and the refusal says what it is.
        let interrupted = directory.appending("interrupted")
        try FileManager.default.createDirectory(atPath: interrupted + ".partial", withIntermediateDirectories: true)
        #expect(
            throws: DatabaseError.cannotWrite(
                path: interrupted + ".partial", reason: "it is left from an attempt that did not finish: remove it, or name another")
        ) {
            try live.backup(to: interrupted)
        }
        let empty = directory.appending("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try live.backup(to: empty).head.seq == 1)
        // The CLI's way: the log alone, by path.
        #expect(try Database.backup(directory.appending("live"), to: directory.appending("by-path")).head.seq == 1)
        #expect(throws: DatabaseError.self) { try Database.backup(directory.appending("none"), to: directory.appending("x")) }
        #expect(throws: DatabaseError.self) { try Database.restore(from: empty, to: full) }
        #expect(throws: DatabaseError.self) { try Database.restore(from: directory.appending("none"), to: directory.appending("new")) }
    }

    /// Two logs with a common beginning part where their hash chains first differ. (The same events
    /// appended to two databases are two logs: each event's chain link covers when it was recorded.)
    @Test func twoLogsPartWhereTheirChainsDo() throws {
        let directory = TemporaryDirectory()
        let a = try Database(path: directory.appending("a"), create: true)
        let empty = try Database(path: directory.appending("empty"), create: true)
        #expect(try a.compareLog(with: empty) == .identical(head: 0))
        _ = try a.append(EventBatch((0..<37).map(event)))
        let separately = try Database(path: directory.appending("separately"), create: true)
        _ = try separately.append(EventBatch((0..<37).map(event)))
        #expect(try a.compareLog(with: separately) == .diverge(lastShared: 0))
        _ = try Database.restore(from: try a.backup(to: directory.appending("backup")).path, to: directory.appending("b"))
        let b = try Database(path: directory.appending("b"))
        #expect(try a.compareLog(with: b) == .identical(head: 37))
        _ = try a.append(EventBatch((37..<40).map(event)))
        #expect(try a.compareLog(with: b) == .prefix(sharedHead: 37, thisIsLonger: true))
        #expect(try b.compareLog(with: a) == .prefix(sharedHead: 37, thisIsLonger: false))
        _ = try b.append(EventBatch([event(999), event(1_000)]))
        #expect(try a.compareLog(with: b) == .diverge(lastShared: 37))
    }
}
