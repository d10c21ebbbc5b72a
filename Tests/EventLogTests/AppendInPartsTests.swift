import Dispatch
import LMDB
import TestSupport
import Testing

@testable import EventLog

/// Batches that arrive in parts: decoded in parts, handed over by another thread, validated part by part.
struct AppendInPartsTests {
    private func line(_ n: Int) -> String {
        #"{"type":"entity.created","id":"p:\#(n)","kind":"Person","props":{"n":\#(n)}}"#
    }

    @Test func decodingInPartsKeepsLineNumbersAndIndexes() throws {
        let text = Array(((1...3000).map(line).joined(separator: "\n// a comment\n") + "\n").utf8)
        var parts: [EventBatch] = []
        try text.withUnsafeBytes { bytes in
            try JSONLinesDecoder().decodeInParts(bytes, file: "f.jsonl", partBytes: 10_000) { (part, _) throws(EventInputError) in
                parts.append(part)
            }
        }
        #expect(parts.count > 10)
        var whole = EventBatch()
        for part in parts { whole.append(contentsOf: part) }
        let expected = try JSONLinesDecoder().decode(text, file: "f.jsonl")
        #expect(whole.events == expected.events)
        #expect((0..<3000).allSatisfy { whole.location(of: $0) == EventLocation(file: "f.jsonl", line: 2 * $0 + 1) })
    }

    @Test func aBadLineInALaterPartNamesItsTrueLineAndIndex() {
        var lines = (1...3000).map(line)
        lines[2500] = #"{"type":"entity.created","id":"p:x","kind":"Person","seq":1}"#
        let text = Array(lines.joined(separator: "\n").utf8)
        let error = text.withUnsafeBytes { bytes in
            #expect(throws: EventInputError.self) {
                try JSONLinesDecoder().decodeInParts(bytes, file: "f.jsonl", partBytes: 10_000) { (_, _) throws(EventInputError) in }
            }
        }
        #expect(error?.location == EventLocation(file: "f.jsonl", line: 2501))
        #expect(error?.index == 2500)
    }

    private func created(_ range: ClosedRange<Int>) -> EventBatch {
        EventBatch(
            range.map {
                Event(.entityCreated(id: "p:\($0)", kind: "Person", properties: Properties([("n", .integer(Int64($0)))]), labels: []))
            })
    }

    @Test func partsFromAnotherThreadAreOneBatch() throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(path: dir.appending("log"))
        let queue = EventPartQueue()
        let parts = [created(1...5000), created(5001...5003), created(5004...9000)]
        DispatchQueue.global().async {
            for part in parts { queue.push(part) }
            queue.finish()
        }
        var source = queue
        let receipt = try log.append(parts: &source)
        #expect(receipt.firstSeq == 1 && receipt.lastSeq == 9000)
        #expect(receipt.parts.count == 3)
        #expect(try log.verify().events == 9000)
        #expect(try log.reading { try $0.seqs(touching: "p:5002") } == [5002])
    }

    @Test func aProducerFailureAbortsTheWholeBatch() throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(path: dir.appending("log"))
        let queue = EventPartQueue()
        queue.push(created(1...5000))
        queue.fail(EventInputError(field: "id", message: "bad in the second part"))
        var source = queue
        #expect(throws: EventLogError.self) { try log.append(parts: &source) }
        #expect(try log.head().seq == 0)
        #expect(try log.reading { try $0.seqs(touching: "p:1") } == [])
    }

    final class CountingValidator: BatchValidator {
        var begins = 0
        var offsets: [Int] = []
        let rejectAt: Int?
        init(rejectAt: Int? = nil) { self.rejectAt = rejectAt }
        func begin(firstSeq: UInt64) {
            begins += 1
            offsets = []
        }
        func validate(_ part: EventBatch, offset: Int) throws(EventInputError) {
            offsets.append(offset)
            if let rejectAt, (offset..<offset + part.count).contains(rejectAt) {
                throw EventInputError(field: "id", message: "rejected", index: rejectAt - offset)
            }
        }
    }

    @Test func aValidatorSeesEveryPartAndItsErrorIsPlacedInTheWholeBatch() throws {
        let dir = TemporaryDirectory()
        let log = try EventLog(path: dir.appending("log"))
        var parts = [created(1...10), created(11...20)]
        parts[1] = EventBatch()
        for (i, event) in created(11...20).events.enumerated() {
            parts[1].append(event, from: EventLocation(file: "second.jsonl", line: i + 1))
        }
        let validator = CountingValidator(rejectAt: 14)
        var source = parts.makeIterator().asParts()
        let error = #expect(throws: EventLogError.self) { try log.append(parts: &source, validator: validator) }
        guard case .rejected(let input)? = error else {
            Issue.record("expected a rejection")
            return
        }
        #expect(input.index == 14)
        #expect(input.location == EventLocation(file: "second.jsonl", line: 5))
        #expect(validator.offsets == [0, 10])
        #expect(try log.head().seq == 0)
    }

    @Test func whenTheMapGrowsTheWholeBatchIsWrittenAgainFromTheStart() throws {
        let dir = TemporaryDirectory()
        var options = EventLogOptions()
        options.environment.mapSize = 1 << 20
        let log = try EventLog(path: dir.appending("log"), options: options)
        let validator = CountingValidator()
        var source = [created(1...6000), created(6001...12000)].makeIterator().asParts()
        let receipt = try log.append(parts: &source, validator: validator)
        #expect(receipt.count == 12000)
        #expect(validator.begins >= 2)
        #expect(validator.offsets == [0, 6000])
        #expect(log.environment.mapSize > 1 << 20)
        #expect(try log.verify().events == 12000)
    }
}

/// Parts from an array, for tests.
struct ArrayParts: EventParts {
    var iterator: IndexingIterator<[EventBatch]>
    mutating func next() throws -> EventBatch? { iterator.next() }
}

extension IndexingIterator where Elements == [EventBatch] {
    func asParts() -> ArrayParts { ArrayParts(iterator: self) }
}
