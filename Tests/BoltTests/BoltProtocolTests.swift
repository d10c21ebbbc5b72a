import NIOCore
import NIOEmbedded
import Testing

@testable import Bolt

/// The handshake, the messages and their framing, from bytes.
struct BoltProtocolTests {
    private static func handshake(_ proposals: [[UInt8]]) -> [UInt8] {
        BoltHandshake.preamble + proposals.flatMap { $0 } + Array(repeating: 0, count: 4 * (4 - proposals.count))
    }

    @Test func theHighestVersionBothSpeakIsChosen() {
        // What the Python driver 6 offers: the 5.7 manifest, 6.0, 5.8 down to 5.0, 4.4 down to 4.2.
        #expect(
            BoltHandshake.negotiate(Self.handshake([[0, 0, 1, 0xFF], [0, 0, 0, 6], [0, 8, 8, 5], [0, 2, 4, 4]])) == BoltVersion(5, 4))
        #expect(BoltHandshake.negotiate(Self.handshake([[0, 0, 2, 5]])) == BoltVersion(5, 2))
        #expect(BoltHandshake.negotiate(Self.handshake([[0, 3, 4, 4]])) == BoltVersion(4, 4))
        #expect(BoltHandshake.negotiate(Self.handshake([[0, 0, 3, 4], [0, 0, 0, 3]])) == nil, "4.3 and 3.0 are not spoken")
        #expect(BoltHandshake.negotiate(Self.handshake([])) == nil)
        #expect(BoltHandshake.negotiate(Array("GET / HTTP/1.1\r\nHost".utf8)) == nil, "not Bolt")
        #expect(BoltVersion(5, 4).bytes == [0, 0, 4, 5])
    }

    /// A Date parameter is taken as the day it names, and one out of the years allowed (any integer a
    /// client may send) or of the wrong shape is a TypeError, never a trap.
    @Test func dateParametersAreCheckedBeforeUse() throws {
        let date = try BoltValues.unpack(.structure(tag: 0x44, fields: [.integer(16_637)]))
        guard case .temporal(.date(let day)) = date else { return #expect(Bool(false), "\(date)") }
        #expect(day.iso8601 == "2015-07-21")
        for fields: [PackStreamValue] in [[.integer(.max)], [.integer(.min)], [.string("2015-07-21")], [], [.integer(1), .integer(2)]] {
            #expect(throws: BoltFailure.self) { try BoltValues.unpack(.structure(tag: 0x44, fields: fields)) }
        }
    }

    /// A DateTime in a named zone both ways: 5.x's instant form (0x69) and 4.4's local form (0x66),
    /// and values no clock has refused.
    @Test func zonedDateTimesTravelAsTheirStructures() throws {
        // 2017-10-29T01:30+02:00[Europe/Stockholm] is 1509233400 seconds since the epoch.
        let utc = try BoltValues.unpack(.structure(tag: 0x69, fields: [.integer(1_509_233_400), .integer(5), .string("Europe/Stockholm")]))
        guard case .temporal(let value) = utc else { return #expect(Bool(false), "\(utc)") }
        #expect(value.iso8601 == "2017-10-29T01:30:00.000000005+02:00[Europe/Stockholm]")
        let local = try BoltValues.unpack(
            .structure(tag: 0x66, fields: [.integer(1_509_240_600), .integer(5), .string("Europe/Stockholm")]))
        #expect("\(local)" == "\(utc)")
        #expect(
            BoltTemporal.pack(value, version: BoltVersion(5, 0))
                == .structure(tag: 0x69, fields: [.integer(1_509_233_400), .integer(5), .string("Europe/Stockholm")]))
        #expect(
            BoltTemporal.pack(value, version: BoltVersion(4, 4))
                == .structure(tag: 0x66, fields: [.integer(1_509_240_600), .integer(5), .string("Europe/Stockholm")]))
        for (tag, fields) in [
            (UInt8(0x69), [PackStreamValue.integer(0), .integer(0), .string("Nowhere/Place")]),
            (0x49, [.integer(0), .integer(0), .integer(90_000)]),
            (0x49, [.integer(.max), .integer(0), .integer(0)]), (0x74, [.integer(-1)]),
            (0x45, [.integer(1), .integer(2), .integer(.max), .integer(.max)]),
        ] {
            #expect(throws: BoltFailure.self) { try BoltValues.unpack(.structure(tag: tag, fields: fields)) }
        }
    }

    @Test func messagesAreReadWithTheirFieldsChecked() throws {
        #expect(try BoltRequest(message: [0xB1, 0x01, 0xA0]) == .hello(extra: .map([])))
        #expect(try BoltRequest(message: [0xB0, 0x0F]) == .reset)
        #expect(try BoltRequest(message: [0xB3, 0x10, 0x81, 0x78, 0xA0, 0xA0]) == .run(query: "x", parameters: .map([]), extra: .map([])))
        #expect(try BoltRequest(message: [0xB1, 0x3F, 0xA1, 0x81, 0x6E, 0x05]) == .pull(extra: .map([("n", .integer(5))])))
        let refused: [([UInt8], String)] = [
            ([0xB0, 0x55], "unknown message tag 0x55"), ([0xB2, 0x01, 0xA0, 0xA0], "HELLO has 2 fields"),
            ([0xB3, 0x10, 0x01, 0xA0, 0xA0], "RUN's query is not a string"), ([0xB1, 0x3F, 0x90], "not a map"),
            ([0x93, 0x01, 0x02, 0x03], "not a structure"), ([0xB0, 0x0F, 0xC0], "bytes follow"), ([0xB1, 0x01], "ends"),
        ]
        for (bytes, message) in refused {
            #expect(throws: PackStreamError.self) { try BoltRequest(message: bytes) }
            do { _ = try BoltRequest(message: bytes) } catch { #expect(error.description.contains(message), "\(error.description)") }
        }
    }

    @Test func responsesAreTheProtocolsStructures() {
        #expect(BoltResponse.success(.map([])).bytes == [0xB1, 0x70, 0xA0])
        #expect(BoltResponse.ignored.bytes == [0xB0, 0x7E])
        #expect(BoltResponse.record([.integer(1)]).bytes == [0xB1, 0x71, 0x91, 0x01])
        #expect(Array(BoltResponse.failure(code: "C", message: "m").bytes.prefix(4)) == [0xB1, 0x7F, 0xA2, 0x84])
    }

    @Test func framesAreAssembledFromChunksAndLimited() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(BoltFrameDecoder(maximumMessageBytes: 10)))
        var input = ByteBuffer(bytes: Self.handshake([[0, 0, 4, 5]]))
        // A message in two chunks, a keep-alive, another message.
        input.writeBytes([0x00, 0x02, 0xB0, 0x0F, 0x00, 0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xB0, 0x02, 0x00, 0x00])
        try channel.writeInbound(input)
        #expect(try channel.readInbound(as: BoltFrame.self) == .handshake(Self.handshake([[0, 0, 4, 5]])))
        #expect(try channel.readInbound(as: BoltFrame.self) == .messages([[0xB0, 0x0F, 0xC0], [0xB0, 0x02]]), "arrived together")
        // Bytes split anywhere make the same frames.
        try channel.writeInbound(ByteBuffer(bytes: [0x00]))
        try channel.writeInbound(ByteBuffer(bytes: [0x01, 0xC3, 0x00]))
        #expect(try channel.readInbound(as: BoltFrame.self) == nil)
        try channel.writeInbound(ByteBuffer(bytes: [0x00]))
        #expect(try channel.readInbound(as: BoltFrame.self) == .messages([[0xC3]]))
        // A message past the limit is refused as its size passes it.
        #expect(throws: BoltFramingError.self) {
            try channel.writeInbound(
                ByteBuffer(bytes: [0x00, 0x08] + Array(repeating: 0xC0, count: 8) + [0x00, 0x08] + Array(repeating: 0xC0, count: 8)))
        }
        var out = ByteBuffer()
        BoltChunks.write(Array(repeating: 7, count: 70_000), into: &out)
        #expect(out.readableBytes == 70_000 + 2 + 2 + 2)
        #expect(out.getInteger(at: 0, as: UInt16.self) == 0xFFFF)
    }
}
