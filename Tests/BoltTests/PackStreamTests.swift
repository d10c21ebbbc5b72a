import Testing

@testable import Bolt

/// PackStream against byte sequences written out by hand from the format's description: each value in
/// its smallest encoding, and back; and bytes a hostile client may send, refused with what is wrong.
struct PackStreamTests {
    private static let examples: [(PackStreamValue, [UInt8])] = [
        (.null, [0xC0]), (.boolean(true), [0xC3]), (.boolean(false), [0xC2]),
        (.integer(1), [0x01]), (.integer(127), [0x7F]), (.integer(-16), [0xF0]), (.integer(-17), [0xC8, 0xEF]),
        (.integer(-128), [0xC8, 0x80]), (.integer(128), [0xC9, 0x00, 0x80]), (.integer(-129), [0xC9, 0xFF, 0x7F]),
        (.integer(32_768), [0xCA, 0x00, 0x00, 0x80, 0x00]),
        (.integer(2_147_483_648), [0xCB, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00]),
        (.integer(Int64.min), [0xCB, 0x80, 0, 0, 0, 0, 0, 0, 0]),
        (.float(1.1), [0xC1, 0x3F, 0xF1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A]), (.float(-0.0), [0xC1, 0x80, 0, 0, 0, 0, 0, 0, 0]),
        (.string(""), [0x80]), (.string("A"), [0x81, 0x41]),
        (
            .string("Größenmaßstäbe"),
            [0xD0, 0x12, 0x47, 0x72, 0xC3, 0xB6, 0xC3, 0x9F, 0x65, 0x6E, 0x6D, 0x61, 0xC3, 0x9F, 0x73, 0x74, 0xC3, 0xA4, 0x62, 0x65]
        ),
        (.list([]), [0x90]), (.list([.integer(1), .integer(2), .integer(3)]), [0x93, 0x01, 0x02, 0x03]),
        (.map([]), [0xA0]), (.map([("one", .string("eins"))]), [0xA1, 0x83, 0x6F, 0x6E, 0x65, 0x84, 0x65, 0x69, 0x6E, 0x73]),
        (.bytes([1, 2, 3]), [0xCC, 0x03, 0x01, 0x02, 0x03]),
        (.structure(tag: 0x70, fields: [.map([])]), [0xB1, 0x70, 0xA0]),
        (.structure(tag: 0x0F, fields: []), [0xB0, 0x0F]),
    ]

    @Test func valuesEncodeAsTheFormatWritesThem() throws {
        for (value, bytes) in Self.examples {
            var writer = PackStreamWriter()
            writer.write(value)
            #expect(writer.bytes == bytes, "\(value)")
            var reader = PackStreamReader(bytes)
            #expect(try reader.read() == value)
            #expect(reader.isAtEnd)
        }
    }

    @Test func sizesPastTheTinyFormsUseTheirMarkers() throws {
        let sizes: [(Int, [UInt8])] = [
            (15, [0x8F]), (16, [0xD0, 0x10]), (255, [0xD0, 0xFF]), (256, [0xD1, 0x01, 0x00]), (65_536, [0xD2, 0, 1, 0, 0]),
        ]
        for (count, marker) in sizes {
            var writer = PackStreamWriter()
            writer.write(.string(String(repeating: "x", count: count)))
            #expect(Array(writer.bytes.prefix(marker.count)) == marker, "a string of \(count)")
            var reader = PackStreamReader(writer.bytes)
            #expect(try reader.read() == .string(String(repeating: "x", count: count)))
        }
        let list = PackStreamValue.list(Array(repeating: .null, count: 300))
        var writer = PackStreamWriter()
        writer.write(list)
        #expect(Array(writer.bytes.prefix(3)) == [0xD5, 0x01, 0x2C])
        var reader = PackStreamReader(writer.bytes)
        #expect(try reader.read() == list)
        // Readers take the wider forms too, though a writer never makes them for small values.
        var wide = PackStreamReader([0xD4, 0x01, 0xCB, 0, 0, 0, 0, 0, 0, 0, 0x05])
        #expect(try wide.read() == .list([.integer(5)]))
    }

    @Test func hostileBytesAreRefusedWithWhatIsWrong() {
        let refused: [([UInt8], String)] = [
            ([], "ends"), ([0xC4], "unknown marker 0xC4"), ([0xD0, 0x05, 0x41], "ends"), ([0x82, 0xFF, 0xFE], "UTF-8"),
            ([0xD6, 0xFF, 0xFF, 0xFF, 0xFF], "a list of"), ([0xDA, 0x7F, 0xFF, 0xFF, 0xFF], "a map of"),
            ([0xA1, 0x01, 0x01], "key is not a string"), ([0xCB, 0x00], "ends"), ([0xB3, 0x4E, 0x01], "ends"),
            (Array(repeating: 0x91, count: 65) + [0xC0], "nest deeper"),
        ]
        for (bytes, message) in refused {
            var reader = PackStreamReader(bytes)
            do {
                _ = try reader.read()
                Issue.record("\(bytes.prefix(6)) was read")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
        var nested = PackStreamReader(Array(repeating: 0x91, count: 63) + [0xC0])
        #expect(throws: Never.self) { try nested.read() }
    }
}
