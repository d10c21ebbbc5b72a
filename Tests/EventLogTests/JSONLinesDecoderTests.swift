import Testing

@testable import EventLog

struct JSONLinesDecoderTests {
    private func decode(_ text: String, parallelThreshold: Int = 4 << 20) throws(EventInputError) -> EventBatch {
        var decoder = JSONLinesDecoder()
        decoder.parallelThreshold = parallelThreshold
        return try decoder.decode(Array(text.utf8), file: "events.jsonl")
    }

    private func line(_ n: Int) -> String {
        #"{"type":"entity.created","id":"p:\#(n)","kind":"Person","props":{"n":\#(n)}}"#
    }

    @Test func skipsBlankLinesCommentsAndCarriageReturnsAndKeepsLineNumbers() throws {
        let text = "\u{FEFF}// header\n\n\(line(1))\r\n   \n  // indented comment\n\(line(2))"
        let batch = try decode(text)
        #expect(batch.events.map(\.id) == ["p:1", "p:2"])
        #expect(batch.location(of: 0) == EventLocation(file: "events.jsonl", line: 3))
        #expect(batch.location(of: 1) == EventLocation(file: "events.jsonl", line: 6))
    }

    @Test func theErrorNamesFileLineAndField() {
        let text = [line(1), line(2), #"{"type":"entity.created","id":"p:3","kind":"Person","seq":9}"#].joined(separator: "\n")
        let error = #expect(throws: EventInputError.self) { _ = try decode(text) }
        #expect(error?.description == "events.jsonl:3: seq: is assigned by the log on append and must not be given")
        #expect(error?.index == 2)
    }

    @Test func aSyntaxErrorNamesTheColumn() {
        let error = #expect(throws: EventInputError.self) { _ = try decode(line(1) + "\n{\"type\" \"x\"}") }
        #expect(error?.description == "events.jsonl:2:9: invalid JSON: expected ':' after the member name, found '\"'")
    }

    @Test func aLineOverTheLimitIsRejectedBeforeParsing() {
        let huge = #"{"type":"entity.created","id":"p:1","kind":"A","props":{"blob":""# + String(repeating: "x", count: 10 << 20) + #""}}"#
        let error = #expect(throws: EventInputError.self) { _ = try decode(line(1) + "\n" + huge) }
        #expect(error?.location?.line == 2)
        #expect(error?.message.contains("an event may have at most 1048576") == true)
    }

    @Test func binaryGarbageIsAnErrorNotACrash() {
        var garbage: [UInt8] = []
        var state: UInt32 = 12345
        for _ in 0..<4096 {
            state = state &* 1_103_515_245 &+ 12345
            garbage.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let error = #expect(throws: EventInputError.self) { _ = try JSONLinesDecoder().decode(garbage, file: "garbage.bin") }
        #expect(error?.location?.file == "garbage.bin")
    }

    @Test func anEmptyTextHoldsNoEvents() throws {
        #expect(try decode("").isEmpty)
        #expect(try decode("\n\n// nothing\n").isEmpty)
    }

    @Test func parallelDecodingMatchesSequentialDecoding() throws {
        let text = (1...5000).map(line).joined(separator: "\n") + "\n"
        let sequential = try decode(text)
        let parallel = try decode(text, parallelThreshold: 1)
        #expect(parallel.events == sequential.events)
        #expect((0..<5000).allSatisfy { parallel.location(of: $0) == sequential.location(of: $0) })
    }

    @Test func parallelDecodingReportsTheFirstBadLineWithItsTrueNumber() {
        var lines = (1...5000).map(line)
        lines[4321] = #"{"type":"entity.created","id":"","kind":"A"}"#
        lines[4999] = "not json"
        let error = #expect(throws: EventInputError.self) { _ = try decode(lines.joined(separator: "\n"), parallelThreshold: 1) }
        #expect(error?.location?.line == 4322)
        #expect(error?.index == 4321)
        #expect(error?.field == "id")
    }
}
