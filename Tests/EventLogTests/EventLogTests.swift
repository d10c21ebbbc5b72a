import LMDB
import TestSupport
import Testing

@testable import EventLog

struct EventLogTests {
    private func created(_ id: String, kind: String = "Person") -> Event {
        Event(.entityCreated(id: id, kind: kind, properties: Properties([("name", .string(id))]), labels: []))
    }

    private func related(_ from: String, _ to: String, type: String = "MEMBER_OF") -> Event {
        Event(
            .relationAdded(
                id: Event.defaultRelationID(type: type, from: from, to: to), type: type, from: from, to: to, properties: Properties()))
    }

    private func openLog(_ dir: TemporaryDirectory) throws -> EventLog { try EventLog(path: dir.appending("log")) }

    @Test func appendAssignsDenseSeqsOneTimeAndAChainedHash() throws {
        let dir = TemporaryDirectory()
        let log = try openLog(dir)
        let first = try log.append(EventBatch([created("p:1"), created("p:2")]), now: Timestamp(milliseconds: 5_000))
        let second = try log.append(EventBatch([created("p:3")]), now: Timestamp(milliseconds: 4_000))
        #expect(first.firstSeq == 1 && first.lastSeq == 2)
        #expect(second.firstSeq == 3)
        // The clock went back, recorded_at does not.
        #expect(second.recordedAt == Timestamp(milliseconds: 5_000))
        let events = try log.reading { try $0.events(matching: EventFilter()) }
        #expect(events.map(\.seq) == [1, 2, 3])
        #expect(events.map(\.event.id) == ["p:1", "p:2", "p:3"])
        var previous = Digest.genesis
        for recorded in events {
            let bytes = CanonicalEncoder().encode(recorded.event, recordedAt: recorded.recordedAt)
            previous = HashChain.link(previous: previous, seq: recorded.seq, record: bytes)
            #expect(recorded.hash == previous)
        }
        #expect(try log.head() == LogHead(seq: 3, hash: previous, recordedAt: Timestamp(milliseconds: 5_000)))
        #expect(first.recordedEvents.map(\.hash) == Array(events.prefix(2).map(\.hash)))
    }

    @Test func theLogSurvivesReopening() throws {
        let dir = TemporaryDirectory()
        let head: LogHead
        do {
            let log = try openLog(dir)
            try log.append(EventBatch([created("p:1"), related("p:1", "p:1")]))
            head = try log.head()
        }
        let reopened = try openLog(dir)
        #expect(try reopened.head() == head)
        #expect(try reopened.verify().events == 2)
    }

    final class RejectThird: BatchValidator {
        private(set) var begun = 0
        func begin(firstSeq: UInt64) { begun += 1 }
        func validate(_ part: EventBatch, offset: Int) throws(EventInputError) {
            if part.count >= 3 { throw EventInputError(field: "id", message: "rejected for the test", index: 2) }
        }
    }

    @Test func aRejectedBatchWritesNothing() throws {
        let dir = TemporaryDirectory()
        let log = try openLog(dir)
        try log.append(EventBatch([created("p:0")]))
        let before = try log.head()
        var batch = EventBatch()
        for i in 1...3 { batch.append(created("p:\(i)"), from: EventLocation(file: "f.jsonl", line: i * 10)) }
        let error = #expect(throws: EventLogError.self) { try log.append(batch, validator: RejectThird()) }
        guard case .rejected(let input)? = error else {
            Issue.record("expected a rejection, got \(String(describing: error))")
            return
        }
        #expect(input.description == "f.jsonl:30: id: rejected for the test")
        #expect(try log.head() == before)
        #expect(try log.reading { try $0.seqs(touching: "p:1") } == [])
        #expect(try log.verify().events == 1)
    }

    @Test func anEmptyBatchIsRejected() throws {
        let dir = TemporaryDirectory()
        let log = try openLog(dir)
        #expect(throws: EventLogError.self) { try log.append(EventBatch()) }
    }

    @Test(arguments: [1, 5000])
    func historyHoldsEveryEventTouchingAnID(batchSize: Int) throws {
        let dir = TemporaryDirectory()
        let log = try openLog(dir)
        var events = [created("p:a"), created("lab:x"), related("p:a", "lab:x"), created("p:b")]
        events.append(Event(.relationUpdated(id: "MEMBER_OF:p:a->lab:x", patch: PropertyPatch([PatchEntry("role", "PI")]))))
        events.append(related("p:b", "p:b", type: "KNOWS"))
        // Padding so that a batch of 5000 takes the parallel path of the index builder.
        events += (0..<4990).map { created("pad:\($0)", kind: "Pad") }
        events.append(Event(.relationRemoved(id: "MEMBER_OF:p:a->lab:x")))
        events.append(Event(.entityUpdated(id: "p:a", patch: PropertyPatch([PatchEntry("x", 1)]), labels: nil)))
        var start = 0
        while start < events.count {
            try log.append(EventBatch(Array(events[start..<min(start + batchSize, events.count)])))
            start += batchSize
        }
        let last = UInt64(events.count)
        try log.reading { (reader) throws in
            #expect(try reader.seqs(touching: "p:a") == [1, 3, 5, last - 1, last])
            #expect(try reader.seqs(touching: "lab:x") == [2, 3, 5, last - 1])
            #expect(try reader.seqs(touching: "MEMBER_OF:p:a->lab:x") == [3, 5, last - 1])
            #expect(try reader.seqs(touching: "p:b") == [4, 6])
            #expect(try reader.seqs(touching: "p:") == [])
            #expect(try reader.seqs(touching: "pad:1") == [8])
        }
    }

    @Test func veryLongIDsAreIndexedByTheirHash() throws {
        let dir = TemporaryDirectory()
        let log = try openLog(dir)
        let a = "a:" + String(repeating: "x", count: 250), b = "b:" + String(repeating: "y", count: 250)
        let relation = related(a, b)
        #expect(relation.id.utf8.count > 500)
        try log.append(EventBatch([created(a), created(b), relation]))
        try log.append(EventBatch([Event(.relationRemoved(id: relation.id))]))
        #expect(try log.reading { try $0.seqs(touching: relation.id) } == [3, 4])
        #expect(try log.reading { try $0.seqs(touching: a) } == [1, 3, 4])
    }

    @Test func filtersSelectBySeqTimeEntityTypeAndLimit() throws {
        let dir = TemporaryDirectory()
        let log = try openLog(dir)
        try log.append(EventBatch([created("p:1"), created("p:2")]), now: Timestamp(milliseconds: 1_000))
        try log.append(EventBatch([related("p:1", "p:2")]), now: Timestamp(milliseconds: 2_000))
        try log.append(EventBatch([Event(.entityRetired(id: "p:2"))]), now: Timestamp(milliseconds: 3_000))
        func seqs(_ filter: EventFilter) throws -> [UInt64] { try log.reading { try $0.events(matching: filter).map(\.seq) } }
        #expect(try seqs(EventFilter(after: 2)) == [3, 4])
        #expect(try seqs(EventFilter(limit: 2)) == [1, 2])
        #expect(try seqs(EventFilter(entity: "p:2")) == [2, 3, 4])
        #expect(try seqs(EventFilter(entity: "p:2", types: [.entityRetired])) == [4])
        #expect(try seqs(EventFilter(types: [.relationAdded, .entityRetired])) == [3, 4])
        #expect(try seqs(EventFilter(since: Timestamp(milliseconds: 2_000))) == [3, 4])
        #expect(try seqs(EventFilter(since: Timestamp(milliseconds: 1_001), until: Timestamp(milliseconds: 2_999))) == [3])
        #expect(try seqs(EventFilter(until: Timestamp(milliseconds: 999))) == [])
        #expect(try seqs(EventFilter(limit: 0)) == [])
        try log.reading { (reader) throws in
            #expect(try reader.seq(atOrBefore: Timestamp(milliseconds: 0)) == 0)
            #expect(try reader.seq(atOrBefore: Timestamp(milliseconds: 1_000)) == 2)
            #expect(try reader.seq(atOrBefore: Timestamp(milliseconds: 2_500)) == 3)
            #expect(try reader.seq(atOrBefore: Timestamp(milliseconds: 9_999)) == 4)
        }
    }

    @Test func statisticsCountByType() throws {
        let dir = TemporaryDirectory()
        let log = try openLog(dir)
        try log.append(EventBatch([created("p:1"), created("p:2"), related("p:1", "p:2")]))
        let stats = try log.statistics()
        #expect(stats.events == 3)
        #expect(stats.countsByType[.entityCreated] == 2)
        #expect(stats.countsByType[.relationAdded] == 1)
        #expect(stats.ids == 3)
        #expect(stats.head.seq == 3)
    }
}
