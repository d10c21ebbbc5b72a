import LMDB
import TestSupport
import Testing

@testable import EventLog

/// `verify` against a log changed behind its back, straight in LMDB.
struct TamperingTests {
    private func logWithTenEvents(_ dir: TemporaryDirectory) throws -> EventLog {
        let log = try EventLog(path: dir.appending("log"))
        let events = (1...10).map {
            Event(.entityCreated(id: "p:\($0)", kind: "Person", properties: Properties([("n", .integer(Int64($0)))]), labels: []))
        }
        try log.append(EventBatch(Array(events[0..<5])))
        try log.append(EventBatch(Array(events[5...])))
        #expect(try log.verify().events == 10)
        return log
    }

    private func stored(_ log: EventLog, _ seq: UInt64) throws -> [UInt8] {
        try log.environment.read { try $0.value(log.databases.events, key: LogLayout.seqKey(seq))! }
    }

    private func failure(_ log: EventLog) -> (seq: UInt64, reason: String)? {
        do {
            _ = try log.verify()
            return nil
        } catch .corrupt(let seq, let reason) {
            return (seq, reason)
        } catch {
            return (0, "\(error)")
        }
    }

    @Test func aByteAlteredInARecordIsCaughtAtItsSeq() throws {
        let dir = TemporaryDirectory()
        let log = try logWithTenEvents(dir)
        var value = try stored(log, 7)
        value[value.count - 1] ^= 0x01  // the last byte: the property value n
        try log.environment.write { try $0.put(log.databases.events, key: LogLayout.seqKey(7), value: value) }
        let found = failure(log)
        #expect(found?.seq == 7)
        #expect(found?.reason.contains("hash mismatch") == true)
    }

    @Test func anAlteredStoredHashIsCaught() throws {
        let dir = TemporaryDirectory()
        let log = try logWithTenEvents(dir)
        var value = try stored(log, 3)
        value[0] ^= 0xFF
        try log.environment.write { try $0.put(log.databases.events, key: LogLayout.seqKey(3), value: value) }
        #expect(failure(log)?.seq == 3)
    }

    @Test func aDroppedEventIsCaught() throws {
        let dir = TemporaryDirectory()
        let log = try logWithTenEvents(dir)
        try log.environment.write { _ = try $0.delete(log.databases.events, key: LogLayout.seqKey(4)) }
        let found = failure(log)
        #expect(found?.seq == 4)
        #expect(found?.reason.contains("missing") == true)
    }

    @Test func aDroppedLastEventIsCaught() throws {
        let dir = TemporaryDirectory()
        let log = try logWithTenEvents(dir)
        try log.environment.write { _ = try $0.delete(log.databases.events, key: LogLayout.seqKey(10)) }
        let found = failure(log)
        #expect(found?.seq == 10)
        #expect(found?.reason.contains("head says 10") == true)
    }

    @Test func twoSwappedEventsAreCaught() throws {
        let dir = TemporaryDirectory()
        let log = try logWithTenEvents(dir)
        let a = try stored(log, 2), b = try stored(log, 8)
        try log.environment.write { txn in
            try txn.put(log.databases.events, key: LogLayout.seqKey(2), value: b)
            try txn.put(log.databases.events, key: LogLayout.seqKey(8), value: a)
        }
        #expect(failure(log)?.seq == 2)
    }

    @Test func aRecordThatDoesNotDecodeIsCaught() throws {
        let dir = TemporaryDirectory()
        let log = try logWithTenEvents(dir)
        let value = try stored(log, 5)
        try log.environment.write { try $0.put(log.databases.events, key: LogLayout.seqKey(5), value: Array(value.prefix(40))) }
        let found = failure(log)
        #expect(found?.seq == 5)
        #expect(found?.reason.contains("undecodable") == true)
    }
}
