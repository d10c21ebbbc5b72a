// Builds one JSON object per event, by hand: the generator has no other dependency and must be fast
// enough to write millions of lines in seconds.

/// A JSON value the generator writes into props.
enum JSONValue {
    case string(String), integer(Int), float(Double), boolean(Bool), strings([String])
    /// A date, written as the event format types it: `{"date":"2020-01-31"}`.
    case date(String)
}

/// One event line under construction.
struct EventLine {
    private(set) var bytes: [UInt8] = []

    init(type: String) {
        bytes.reserveCapacity(200)
        bytes.append(contentsOf: #"{"type":"#.utf8)
        quote(type)
    }

    mutating func field(_ key: String, _ value: String) {
        bytes.append(UInt8(ascii: ","))
        quote(key)
        bytes.append(UInt8(ascii: ":"))
        quote(value)
    }

    mutating func labels(_ values: [String]) {
        bytes.append(contentsOf: #","labels":"#.utf8)
        write(.strings(values))
    }

    mutating func props(_ entries: [(String, JSONValue?)]) {
        bytes.append(contentsOf: #","props":{"#.utf8)
        for (i, (key, value)) in entries.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            quote(key)
            bytes.append(UInt8(ascii: ":"))
            if let value { write(value) } else { bytes.append(contentsOf: "null".utf8) }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// The finished line.
    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func write(_ value: JSONValue) {
        switch value {
        case .string(let s): quote(s)
        case .integer(let n): bytes.append(contentsOf: String(n).utf8)
        case .float(let x): bytes.append(contentsOf: String(x).utf8)
        case .boolean(let b): bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .strings(let list):
            bytes.append(UInt8(ascii: "["))
            for (i, s) in list.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                quote(s)
            }
            bytes.append(UInt8(ascii: "]"))
        case .date(let text):
            bytes.append(contentsOf: #"{"date":"#.utf8)
            quote(text)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    // Generated text is ASCII without quotes or backslashes except where names carry them; escape anyway.
    private mutating func quote(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(c)
            case 0..<0x20: bytes.append(contentsOf: "\\u00\(c < 16 ? "0" : "")\(String(c, radix: 16))".utf8)
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
