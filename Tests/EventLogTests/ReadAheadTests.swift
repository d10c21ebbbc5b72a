import TestSupport
import Testing

@testable import EventLog

/// Reading ahead on another thread hands the consumer every event in order, as a reader's walk
/// does; an error the consumer throws stops the reading and comes back, and the log is usable after.
struct ReadAheadTests {
    /// A log of `count` people, appended in batches.
    private func log(_ dir: TemporaryDirectory, count: Int) throws -> EventLog {
        let log = try EventLog(path: dir.appending("log"))
        for start in stride(from: 0, to: count, by: 1_000) {
            let events = (start..<min(count, start + 1_000)).map { n in
                Event(.entityCreated(id: "p:\(n)", kind: "Person", properties: Properties([("n", .integer(Int64(n)))]), labels: []))
            }
            try log.append(EventBatch(events))
        }
        return log
    }

    @Test(arguments: [0, 1, 1_023, 1_024, 1_025, 20_000])
    func everyEventComesInOrder(count: Int) throws {
        let dir = TemporaryDirectory()
        let log = try log(dir, count: count)
        for after in [0, UInt64(count / 3)] {
            var read: [RecordedEvent] = []
            try log.forEachReadingAhead(after: after) { read.append($0) }
            let walked = try log.reading { reader in
                var events: [RecordedEvent] = []
                try reader.forEach(after: after) {
                    events.append($0)
                    return true
                }
                return events
            }
            #expect(read == walked)
            let expected: [UInt64] = UInt64(count) > after ? Array((after + 1)...UInt64(count)) : []
            #expect(read.map(\.seq) == expected)
        }
    }

    struct Stop: Error {}

    @Test func anErrorOfTheConsumerStopsTheReading() throws {
        let dir = TemporaryDirectory()
        let log = try log(dir, count: 30_000)
        var seen = 0
        #expect(throws: Stop.self) {
            try log.forEachReadingAhead(after: 0) { _ in
                seen += 1
                if seen == 2_500 { throw Stop() }
            }
        }
        #expect(seen == 2_500)
        // The reader's transaction is closed: the log writes and reads on.
        try log.append(EventBatch([Event(.entityCreated(id: "q", kind: nil, properties: Properties(), labels: []))]))
        var count = 0
        try log.forEachReadingAhead(after: 29_990) { _ in count += 1 }
        #expect(count == 11)
    }
}
