// The TZif format of the tz database (RFC 8536): a header of counts, a first block with 32-bit
// times, and — from version 2 on — a second header and block with 64-bit times, then a footer
// holding a POSIX TZ rule for instants after the last transition. Only the 64-bit block and the
// footer are read (every file since 2005 has them); leap seconds are ignored, as in java.time.

/// Reads TZif bytes into a zone's rules.
enum TZifReader {
    struct Malformed: Error {}

    static func read(_ bytes: [UInt8], name: String) throws(Malformed) -> TimeZoneRules {
        var cursor = 0
        let first = try header(bytes, at: &cursor)
        guard first.version >= UInt8(ascii: "2") else { throw Malformed() }
        cursor += first.blockSize(timeBytes: 4)
        let second = try header(bytes, at: &cursor)
        guard cursor + second.blockSize(timeBytes: 8) <= bytes.count else { throw Malformed() }
        var transitions: [Int64] = []
        for i in 0..<second.timeCount { transitions.append(Int64(bitPattern: integer(bytes, at: cursor + 8 * i, size: 8))) }
        cursor += 8 * second.timeCount
        let typeIndices = Array(bytes[cursor..<cursor + second.timeCount])
        cursor += second.timeCount
        var typeOffsets: [Int32] = []
        for i in 0..<second.typeCount { typeOffsets.append(Int32(bitPattern: UInt32(integer(bytes, at: cursor + 6 * i, size: 4)))) }
        cursor += second.blockSize(timeBytes: 8) - 9 * second.timeCount
        guard !typeOffsets.isEmpty, typeIndices.allSatisfy({ Int($0) < typeOffsets.count }) else { throw Malformed() }
        return TimeZoneRules(
            name: name, transitions: transitions, offsets: typeIndices.map { typeOffsets[Int($0)] }, initialOffset: typeOffsets[0],
            rule: footer(bytes, from: cursor))
    }

    private struct Header {
        let version: UInt8
        let utcCount, standardCount, leapCount, timeCount, typeCount, characterCount: Int

        func blockSize(timeBytes: Int) -> Int {
            timeCount * (timeBytes + 1) + typeCount * 6 + characterCount + leapCount * (timeBytes + 4) + standardCount + utcCount
        }
    }

    private static func header(_ bytes: [UInt8], at cursor: inout Int) throws(Malformed) -> Header {
        guard cursor + 44 <= bytes.count, bytes[cursor..<cursor + 4].elementsEqual("TZif".utf8) else { throw Malformed() }
        let counts = (0..<6).map { Int(integer(bytes, at: cursor + 20 + 4 * $0, size: 4)) }
        let header = Header(
            version: bytes[cursor + 4], utcCount: counts[0], standardCount: counts[1], leapCount: counts[2], timeCount: counts[3],
            typeCount: counts[4], characterCount: counts[5])
        cursor += 44
        guard counts.allSatisfy({ $0 < 1 << 20 }) else { throw Malformed() }
        return header
    }

    /// A big-endian unsigned integer of `size` bytes.
    private static func integer(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
        bytes[offset..<offset + size].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The POSIX rule between the newlines that end the file, if it has one that parses.
    private static func footer(_ bytes: [UInt8], from cursor: Int) -> PosixTimeZoneRule? {
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\n") else { return nil }
        let rest = bytes[(cursor + 1)...]
        guard let end = rest.firstIndex(of: UInt8(ascii: "\n")), end > rest.startIndex else { return nil }
        return PosixTimeZoneRule(String(decoding: rest[rest.startIndex..<end], as: UTF8.self))
    }
}
