// Reads PackStream values from bytes a client sent, which may be anything: every size is checked
// against the bytes that remain before anything is allocated, nesting is bounded, strings must be
// UTF-8, map keys strings. A value never reads past its message.

/// Reads PackStream values from a byte slice.
public struct PackStreamReader {
    /// How deep lists, maps and structures may nest.
    public static let maximumNesting = 64

    private let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset == bytes.count }

    /// The next value.
    public mutating func read() throws(PackStreamError) -> PackStreamValue {
        try value(depth: 0)
    }

    private mutating func value(depth: Int) throws(PackStreamError) -> PackStreamValue {
        guard depth < Self.maximumNesting else { throw PackStreamError("values nest deeper than \(Self.maximumNesting) levels") }
        let marker = try byte()
        switch marker {
        case 0x00...0x7F: return .integer(Int64(marker))
        case 0xF0...0xFF: return .integer(Int64(Int8(bitPattern: marker)))
        case 0x80...0x8F: return .string(try text(Int(marker & 0x0F)))
        case 0x90...0x9F: return .list(try list(Int(marker & 0x0F), depth))
        case 0xA0...0xAF: return .map(try map(Int(marker & 0x0F), depth))
        case 0xB0...0xBF: return try structure(Int(marker & 0x0F), depth)
        case 0xC0: return .null
        case 0xC1: return .float(Double(bitPattern: try unsigned(8)))
        case 0xC2: return .boolean(false)
        case 0xC3: return .boolean(true)
        case 0xC8: return .integer(Int64(Int8(truncatingIfNeeded: try unsigned(1))))
        case 0xC9: return .integer(Int64(Int16(truncatingIfNeeded: try unsigned(2))))
        case 0xCA: return .integer(Int64(Int32(truncatingIfNeeded: try unsigned(4))))
        case 0xCB: return .integer(Int64(bitPattern: try unsigned(8)))
        case 0xCC, 0xCD, 0xCE: return .bytes(try take(try size(marker - 0xCC)))
        case 0xD0, 0xD1, 0xD2: return .string(try text(try size(marker - 0xD0)))
        case 0xD4, 0xD5, 0xD6: return .list(try list(try size(marker - 0xD4), depth))
        case 0xD8, 0xD9, 0xDA: return .map(try map(try size(marker - 0xD8), depth))
        default: throw PackStreamError("unknown marker 0x\(String(marker, radix: 16, uppercase: true)) at byte \(offset - 1)")
        }
    }

    /// A size after an 8-, 16- or 32-bit marker (`width` 0, 1, 2).
    private mutating func size(_ width: UInt8) throws(PackStreamError) -> Int {
        Int(try unsigned(1 << Int(width)))
    }

    private mutating func list(_ count: Int, _ depth: Int) throws(PackStreamError) -> [PackStreamValue] {
        // Every item takes at least a byte: a count past the bytes left is a lie, refused before allocating.
        guard count <= bytes.count - offset else { throw truncated("a list of \(count) items") }
        var items: [PackStreamValue] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try value(depth: depth + 1)) }
        return items
    }

    private mutating func map(_ count: Int, _ depth: Int) throws(PackStreamError) -> [(key: String, value: PackStreamValue)] {
        guard count <= (bytes.count - offset) / 2 else { throw truncated("a map of \(count) entries") }
        var entries: [(key: String, value: PackStreamValue)] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            guard case .string(let key) = try value(depth: depth + 1) else { throw PackStreamError("a map key is not a string") }
            entries.append((key, try value(depth: depth + 1)))
        }
        return entries
    }

    private mutating func structure(_ count: Int, _ depth: Int) throws(PackStreamError) -> PackStreamValue {
        let tag = try byte()
        guard count <= bytes.count - offset else { throw truncated("a structure of \(count) fields") }
        var fields: [PackStreamValue] = []
        for _ in 0..<count { fields.append(try value(depth: depth + 1)) }
        return .structure(tag: tag, fields: fields)
    }

    private mutating func text(_ count: Int) throws(PackStreamError) -> String {
        let utf8 = try take(count)
        guard let text = String(validating: utf8, as: UTF8.self) else { throw PackStreamError("a string is not valid UTF-8") }
        return text
    }

    private mutating func take(_ count: Int) throws(PackStreamError) -> [UInt8] {
        guard count <= bytes.count - offset else { throw truncated("\(count) bytes") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    private mutating func byte() throws(PackStreamError) -> UInt8 {
        guard offset < bytes.count else { throw truncated("a marker") }
        defer { offset += 1 }
        return bytes[offset]
    }

    private mutating func unsigned(_ width: Int) throws(PackStreamError) -> UInt64 {
        guard width <= bytes.count - offset else { throw truncated("\(width) bytes") }
        var value: UInt64 = 0
        for _ in 0..<width {
            value = value << 8 | UInt64(bytes[offset])
            offset += 1
        }
        return value
    }

    private func truncated(_ what: String) -> PackStreamError {
        PackStreamError("the message ends where \(what) should be (at byte \(offset))")
    }
}
