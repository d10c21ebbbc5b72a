// A pull reader over the bytes of one JSON text. The event decoder walks it key by key, so events are
// decoded straight from the bytes into typed values with no intermediate tree: that and UTF-8
// validation without copies is what keeps JSON Lines import fast. Every error carries the byte
// offset where it was found, which the decoder turns into a column.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JSON syntax error at a byte offset of the text.
struct JSONSyntaxError: Error, Equatable {
    let offset: Int
    let message: String
}

/// The kind of the next JSON value, judged from its first byte.
enum JSONValueKind {
    case object, array, string, number, boolean, null
}

/// Reads one JSON text (RFC 8259) from raw bytes, value by value.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    /// A reader at `offset` (by default the start) of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    private func fail(_ message: String, at position: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: position ?? offset, message: message)
    }

    private func describeByte(at position: Int) -> String {
        guard position < bytes.count else { return "the end of the line" }
        let c = bytes[position]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16, uppercase: true)
    }

    @inline(__always)
    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// The kind of the value that starts at the next non-space byte.
    mutating func peekKind() throws(JSONSyntaxError) -> JSONValueKind {
        skipSpace()
        guard offset < bytes.count else { throw fail("expected a value, found the end of the line") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw fail("expected a value, found \(describeByte(at: offset))")
        }
    }

    /// Checks that nothing but whitespace follows the top-level value.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipSpace()
        if offset < bytes.count { throw fail("unexpected \(describeByte(at: offset)) after the end of the JSON object") }
    }

    // MARK: Objects and arrays

    /// Consumes `{`.
    mutating func beginObject() throws(JSONSyntaxError) {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "{") else {
            throw fail("expected '{', found \(describeByte(at: offset))")
        }
        offset += 1
    }

    /// The next member's key (consuming it and its `:`), or nil after consuming the closing `}`.
    /// Call it again only after reading the member's value.
    mutating func nextKey(first: Bool) throws(JSONSyntaxError) -> String? {
        try nextRawKey(first: first)?.string
    }

    /// The next member's key, or nil after consuming `}`: as its raw bytes when it holds no escape (so
    /// known keys can be matched without making a String), else decoded.
    mutating func nextRawKey(first: Bool) throws(JSONSyntaxError) -> RawString? {
        skipSpace()
        guard offset < bytes.count else { throw fail("unterminated object: expected '}'") }
        if bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return nil
        }
        if !first {
            guard bytes[offset] == UInt8(ascii: ",") else {
                throw fail("expected ',' or '}' after an object member, found \(describeByte(at: offset))")
            }
            offset += 1
            skipSpace()
        }
        let key = try readRawString()
        skipSpace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
            throw fail("expected ':' after the member name, found \(describeByte(at: offset))")
        }
        offset += 1
        return key
    }

    /// Reads a string: its raw bytes when it is ASCII without escapes, else decoded and checked.
    mutating func readRawString() throws(JSONSyntaxError) -> RawString {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            throw fail("expected a quoted string, found \(describeByte(at: offset))")
        }
        let start = offset + 1
        var end = start
        var high: UInt8 = 0
        while end < bytes.count {
            let c = bytes[end]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
            high |= c
            end += 1
        }
        if end < bytes.count && bytes[end] == UInt8(ascii: "\"") && high < 0x80 {
            offset = end + 1
            return .raw(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        }
        return .decoded(try readString())
    }

    /// Consumes `[`.
    mutating func beginArray() throws(JSONSyntaxError) {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "[") else {
            throw fail("expected '[', found \(describeByte(at: offset))")
        }
        offset += 1
    }

    /// True if another element follows (consuming the `,` before it), false after consuming `]`.
    mutating func hasNextElement(first: Bool) throws(JSONSyntaxError) -> Bool {
        skipSpace()
        guard offset < bytes.count else { throw fail("unterminated array: expected ']'") }
        if bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return false
        }
        if !first {
            guard bytes[offset] == UInt8(ascii: ",") else {
                throw fail("expected ',' or ']' after an array element, found \(describeByte(at: offset))")
            }
            offset += 1
        }
        return true
    }

    // MARK: Scalars

    /// Reads `null`.
    mutating func readNull() throws(JSONSyntaxError) {
        skipSpace()
        try literal("null")
    }

    /// Reads `true` or `false`.
    mutating func readBoolean() throws(JSONSyntaxError) -> Bool {
        skipSpace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let start = offset
        let n = word.utf8CodeUnitCount
        guard offset + n <= bytes.count else { throw fail("expected '\(word)'", at: start) }
        for k in 0..<n where bytes[offset + k] != word.utf8Start[k] {
            throw fail("expected '\(word)'", at: start)
        }
        offset += n
    }

    /// A JSON number: an integer when it has no fraction or exponent, else a float.
    enum Number {
        case integer(Int64)
        case float(Double)
    }

    /// Reads a number; an integer must fit in 64 bits and a float must be finite.
    mutating func readNumber() throws(JSONSyntaxError) -> Number {
        skipSpace()
        let start = offset
        var negative = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") {
            negative = true
            offset += 1
        }
        let digitsStart = offset
        var magnitude: UInt64 = 0
        var overflow = false
        while offset < bytes.count, bytes[offset] >= 48 && bytes[offset] <= 57 {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(bytes[offset] - 48))
            overflow = overflow || o1 || o2
            magnitude = m2
            offset += 1
        }
        guard offset > digitsStart else { throw fail("expected a digit", at: offset) }
        if bytes[digitsStart] == UInt8(ascii: "0") && offset - digitsStart > 1 {
            throw fail("a number must not start with a leading zero", at: digitsStart)
        }
        var isFloat = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            isFloat = true
            offset += 1
            let fractionStart = offset
            while offset < bytes.count, bytes[offset] >= 48 && bytes[offset] <= 57 { offset += 1 }
            guard offset > fractionStart else { throw fail("expected a digit after '.'", at: offset) }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isFloat = true
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            let exponentStart = offset
            while offset < bytes.count, bytes[offset] >= 48 && bytes[offset] <= 57 { offset += 1 }
            guard offset > exponentStart else { throw fail("expected a digit in the exponent", at: offset) }
        }
        if isFloat {
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw fail("the number \(text) is out of the range of a 64-bit float", at: start)
            }
            return .float(value)
        }
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard !overflow, magnitude <= limit else {
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            throw fail("the integer \(text) does not fit in 64 bits", at: start)
        }
        return .integer(negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude))
    }

    /// Reads a string, decoding escapes and checking that it is valid UTF-8.
    mutating func readString() throws(JSONSyntaxError) -> String {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            throw fail("expected a string, found \(describeByte(at: offset))")
        }
        offset += 1
        let start = offset
        // Fast path: no escapes, so the string is the bytes between the quotes; all-ASCII text
        // (ids, keys, most values) needs no UTF-8 validation beyond that.
        var high: UInt8 = 0
        while offset < bytes.count {
            let c = bytes[offset]
            if c == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes.assumingMemoryBound(to: UInt8.self)[start..<offset])
                offset += 1
                if high < 0x80 { return String(decoding: raw, as: UTF8.self) }
                guard let string = decodeUTF8(raw) else {
                    throw fail("the string is not valid UTF-8", at: start)
                }
                return string
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("a control character (0x\(String(c, radix: 16))) must be escaped in a string") }
            high |= c
            offset += 1
        }
        guard offset < bytes.count else { throw fail("unterminated string", at: start - 1) }
        return try readEscapedString(from: start)
    }

    private mutating func readEscapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let c = bytes[offset]
            switch c {
            case UInt8(ascii: "\""):
                offset += 1
                guard let string = out.withUnsafeBufferPointer(decodeUTF8) else {
                    throw fail("the string is not valid UTF-8", at: start)
                }
                return string
            case UInt8(ascii: "\\"):
                offset += 1
                guard offset < bytes.count else { break }
                let e = bytes[offset]
                offset += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &out)
                default: throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: offset - 2)
                }
            default:
                if c < 0x20 { throw fail("a control character (0x\(String(c, radix: 16))) must be escaped in a string") }
                out.append(c)
                offset += 1
            }
        }
        throw fail("unterminated string", at: start - 1)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw fail("expected four hex digits after '\\u'") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[offset]
            let digit: UInt32
            switch c {
            case 48...57: digit = UInt32(c - 48)
            case 65...70: digit = UInt32(c - 55)
            case 97...102: digit = UInt32(c - 87)
            default: throw fail("expected four hex digits after '\\u'")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private mutating func appendUnicodeEscape(to out: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = offset - 2
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard offset + 2 <= bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw fail("a lone UTF-16 surrogate in a '\\u' escape", at: escapeStart)
            }
            offset += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("a lone UTF-16 surrogate in a '\\u' escape", at: escapeStart) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw fail("a lone UTF-16 surrogate in a '\\u' escape", at: escapeStart)
        }
        out.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
    }
}
