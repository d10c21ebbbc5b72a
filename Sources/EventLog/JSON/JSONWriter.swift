// Writes compact JSON into a byte buffer. Floats always carry a fraction or an exponent (`1.0`) so
// that readers can tell them from integers, as docs/query.md asks of every Kennis output.

/// Builds one JSON text, value by value.
public struct JSONWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// The text written so far.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Ends a line of JSON Lines after a whole value: a newline, and the next value starts a new text.
    public mutating func endLine() {
        bytes.append(UInt8(ascii: "\n"))
        needsComma[0] = false
    }

    /// Empties the buffer between whole values, keeping its capacity (a writer of many lines reuses it).
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        needsComma[0] = false
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Opens an object (as a value, or after `key`).
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes a member name; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ s: String) {
        separate()
        appendQuoted(s)
    }

    public mutating func integer(_ n: Int64) {
        separate()
        bytes.append(contentsOf: String(n).utf8)
    }

    public mutating func unsigned(_ n: UInt64) {
        separate()
        bytes.append(contentsOf: String(n).utf8)
    }

    /// A float as JSON: always with a fraction or exponent; NaN and the infinities as the strings
    /// `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON has no literal for them).
    public mutating func float(_ x: Double) {
        guard x.isFinite else {
            string(x.isNaN ? "NaN" : x > 0 ? "Infinity" : "-Infinity")
            return
        }
        separate()
        let text = x.description
        bytes.append(contentsOf: text.utf8)
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) {
            bytes.append(contentsOf: ".0".utf8)
        }
    }

    public mutating func boolean(_ b: Bool) {
        separate()
        bytes.append(contentsOf: (b ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Appends bytes that already are one JSON value.
    public mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    /// `s` as a JSON string. Runs of bytes that need no escape go in whole: most text has none, and a
    /// byte at a time was the cost of every export and answer.
    private mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var plain = 0
            for index in utf8.indices {
                let c = utf8[index]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
                plain = index + 1
                switch c {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    let hex = Self.hexDigits
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

extension JSONWriter {
    /// Writes a property value.
    public mutating func value(_ value: PropertyValue?) {
        switch value {
        case nil: null()
        case .string(let s)?: string(s)
        case .integer(let n)?: integer(n)
        case .float(let x)?: float(x)
        case .boolean(let b)?: boolean(b)
        case .temporal(let value)?:
            // {"date": "2023-05-11"}: one member named for the kind (see PropertyDecoding).
            beginObject()
            key(value.kind.rawValue)
            string(value.iso8601)
            endObject()
        case .list(let items)?:
            beginArray()
            for item in items { self.value(item) }
            endArray()
        }
    }

    /// Writes a list of strings.
    public mutating func strings(_ list: [String]) {
        beginArray()
        for s in list { string(s) }
        endArray()
    }
}
