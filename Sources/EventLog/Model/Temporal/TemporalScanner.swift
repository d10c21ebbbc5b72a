// Reads the ISO 8601 text of dates, times, offsets and durations from the front, a byte at a time:
// the forms are short and fixed, so a hand scanner is both the simplest and the fastest reader.

/// A cursor over the bytes of a temporal value's text.
struct TemporalScanner {
    private let bytes: [UInt8]
    private(set) var position = 0

    init(_ text: some StringProtocol) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { position == bytes.count }
    var remaining: Int { bytes.count - position }
    /// The next byte, if any.
    var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Takes `byte` if it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard next == byte else { return false }
        position += 1
        return true
    }

    /// Takes `character` (ASCII) if it comes next, in either case.
    mutating func takeLetter(_ character: Character) -> Bool {
        guard nextIs(character) else { return false }
        position += 1
        return true
    }

    /// Whether `character` (ASCII, either case) comes next.
    func nextIs(_ character: Character) -> Bool {
        guard let byte = next, let ascii = character.asciiValue else { return false }
        return byte | 0x20 == ascii | 0x20
    }

    /// How many digits follow.
    var digitCount: Int {
        var count = 0
        while position + count < bytes.count, Self.isDigit(bytes[position + count]) { count += 1 }
        return count
    }

    /// Exactly `count` digits, as a number.
    mutating func digits(_ count: Int) -> Int64? {
        guard count > 0, count <= 18, remaining >= count else { return nil }
        var value: Int64 = 0
        for byte in bytes[position..<position + count] {
            guard Self.isDigit(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        position += count
        return value
    }

    /// A fraction's digits after its `.` or `,` (one to nine), as nanoseconds; nil without a fraction.
    /// `valid` turns false when a separator is followed by no digits or by more than nine.
    mutating func fractionNanoseconds(valid: inout Bool) -> Int64? {
        guard take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) else { return nil }
        let count = digitCount
        guard (1...9).contains(count), let digits = digits(count) else {
            valid = false
            return nil
        }
        var nanoseconds = digits
        for _ in count..<9 { nanoseconds *= 10 }
        return nanoseconds
    }

    /// The rest of the text from the current position.
    var rest: String { String(decoding: bytes[position...], as: UTF8.self) }

    /// Moves to the end.
    mutating func skipToEnd() { position = bytes.count }

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
