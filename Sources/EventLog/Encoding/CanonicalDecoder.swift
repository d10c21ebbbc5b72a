// Reads the canonical format of CanonicalFormat.swift back into events, strictly: a record that is
// not exactly what CanonicalEncoder would write for the event it describes is rejected, so
// `kennis verify` catches damage even where the hash was recomputed over it.

/// A stored record that is not a canonical event encoding.
public struct CanonicalDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the record where decoding failed.
    public let offset: Int
    /// What is wrong.
    public let message: String

    public var description: String { "byte \(offset): \(message)" }
}

/// Decodes canonical event records.
public struct CanonicalDecoder: Sendable {
    public init() {}

    /// The event and its recording time from a record's bytes.
    public func decode(_ record: UnsafeRawBufferPointer) throws(CanonicalDecodingError) -> (Event, Timestamp) {
        var reader = ByteReader(record)
        let version = try reader.byte()
        guard version == CanonicalFormat.version else {
            throw CanonicalDecodingError(offset: 0, message: "unknown record format version \(version)")
        }
        let time = Timestamp(milliseconds: try reader.int64BigEndian())
        let code = try reader.byte()
        let envelope = try reader.byte()
        guard envelope & ~7 == 0 else { throw reader.fail("unknown envelope flags \(envelope)") }
        let actor = envelope & CanonicalFormat.Envelope.actor != 0 ? try reader.string() : nil
        let source = envelope & CanonicalFormat.Envelope.source != 0 ? try reader.string() : nil
        let note = envelope & CanonicalFormat.Envelope.note != 0 ? try reader.string() : nil
        let body: EventBody
        switch code {
        case 1:
            let id = try reader.string(), kind = try reader.string()
            let labels = try reader.strings()
            body = .entityCreated(id: id, kind: kind.isEmpty ? nil : kind, properties: try reader.properties(), labels: labels)
        case 2:
            let id = try reader.string()
            let fields = try reader.byte()
            guard fields & ~CanonicalFormat.UpdateFields.all == 0 else { throw reader.fail("unknown update flags \(fields)") }
            let labels = fields & CanonicalFormat.UpdateFields.labels != 0 ? try reader.strings() : nil
            let removesKind = fields & CanonicalFormat.UpdateFields.removesKind != 0
            body = .entityUpdated(id: id, patch: try reader.patch(), labels: labels, removesKind: removesKind)
        case 3: body = .entityRetired(id: try reader.string())
        case 4:
            body = .relationAdded(
                id: try reader.string(), type: try reader.string(), from: try reader.string(),
                to: try reader.string(), properties: try reader.properties())
        case 5: body = .relationUpdated(id: try reader.string(), patch: try reader.patch())
        case 6: body = .relationRemoved(id: try reader.string())
        case 7:
            body = .schemaDefined(id: try reader.string(), schema: try reader.schema())
        case 8:
            let id = try reader.string(), created = try reader.varint()
            let flags = try reader.byte()
            guard flags <= 1 else { throw reader.fail("unknown erasure flags \(flags)") }
            body = .entityErased(id: id, created: created, relations: flags == 1, reason: try reader.string())
        default:
            throw CanonicalDecodingError(offset: 9, message: "unknown event type code \(code)")
        }
        guard reader.isAtEnd else { throw reader.fail("\(record.count - reader.offset) trailing bytes") }
        return (Event(body, actor: actor, source: source, note: note), time)
    }
}

/// Reads the primitives of the canonical format, rejecting non-canonical forms (also used for graph
/// snapshots).
public struct ByteReader {
    /// The bytes being read.
    public let bytes: UnsafeRawBufferPointer
    /// Where the next read starts.
    public private(set) var offset = 0

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var isAtEnd: Bool { offset == bytes.count }

    public func fail(_ message: String) -> CanonicalDecodingError { CanonicalDecodingError(offset: offset, message: message) }

    @inline(__always) public mutating func byte() throws(CanonicalDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw fail("record ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func uint64BigEndian() throws(CanonicalDecodingError) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw fail("record ends early") }
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[offset + i]) }
        offset += 8
        return value
    }

    public mutating func int64BigEndian() throws(CanonicalDecodingError) -> Int64 { Int64(bitPattern: try uint64BigEndian()) }

    public mutating func varint() throws(CanonicalDecodingError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64, shift != 63 || b <= 1 else {
                throw CanonicalDecodingError(offset: start, message: "varint overflows 64 bits")
            }
            value |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 {
                // Minimal form only: a final zero byte after the first is a longer spelling of a shorter number.
                if b == 0 && offset - start > 1 { throw CanonicalDecodingError(offset: start, message: "varint is not minimal") }
                return value
            }
            shift += 7
        }
    }

    /// A count of following items, bounded by the bytes left (every item takes at least one byte).
    public mutating func count() throws(CanonicalDecodingError) -> Int {
        let n = try varint()
        guard n <= UInt64(bytes.count - offset) else { throw fail("count \(n) exceeds the record") }
        return Int(n)
    }

    public mutating func string() throws(CanonicalDecodingError) -> String {
        let n = try count()
        let raw = UnsafeBufferPointer(rebasing: bytes.assumingMemoryBound(to: UInt8.self)[offset..<offset + n])
        guard let s = decodeUTF8(raw) else { throw fail("string is not valid UTF-8") }
        offset += n
        return s
    }

    public mutating func strings() throws(CanonicalDecodingError) -> [String] {
        let n = try count()
        var list: [String] = []
        list.reserveCapacity(n)
        for _ in 0..<n { list.append(try string()) }
        return list
    }

    public mutating func value(allowNull: Bool, inList: Bool = false) throws(CanonicalDecodingError) -> PropertyValue? {
        typealias Tag = CanonicalFormat.ValueTag
        let tag = try byte()
        switch tag {
        case Tag.null where allowNull && !inList: return nil
        case Tag.string: return .string(try string())
        case Tag.integer:
            let z = try varint()
            return .integer(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
        case Tag.float: return .float(Double(bitPattern: try uint64BigEndian()))
        case Tag.falseValue: return .boolean(false)
        case Tag.trueValue: return .boolean(true)
        case Tag.temporal:
            let kinds = TemporalValue.Kind.allCases, kindByte = try byte()
            guard Int(kindByte) < kinds.count else {
                throw CanonicalDecodingError(offset: offset - 1, message: "unknown temporal kind \(kindByte)")
            }
            let text = try string()
            guard let value = TemporalValue(kinds[Int(kindByte)], storedText: text) else {
                throw CanonicalDecodingError(
                    offset: offset, message: "'\(text)' is not the canonical text of a \(kinds[Int(kindByte)].rawValue)")
            }
            return .temporal(value)
        case Tag.list where !inList:
            let n = try count()
            var items: [PropertyValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try value(allowNull: false, inList: true)!) }
            return .list(items)
        default: throw CanonicalDecodingError(offset: offset - 1, message: "unexpected value tag \(tag)")
        }
    }

    private mutating func sortedKeys<T>(_ make: (String, PropertyValue?) -> T, allowNull: Bool) throws(CanonicalDecodingError) -> [T] {
        let n = try count()
        var entries: [T] = []
        entries.reserveCapacity(n)
        var previous: String?
        for _ in 0..<n {
            let keyOffset = offset
            let key = try string()
            if let previous, !utf8Less(previous, key) {
                throw CanonicalDecodingError(offset: keyOffset, message: "property keys are not in strictly increasing order")
            }
            previous = key
            entries.append(make(key, try value(allowNull: allowNull)))
        }
        return entries
    }

    /// A schema as `ByteWriter.schema` writes it.
    public mutating func schema() throws(CanonicalDecodingError) -> Schema {
        let kinds = try strings()
        var rules: [Schema.RelationRule] = []
        for _ in 0..<(try count()) {
            rules.append(Schema.RelationRule(type: try string(), from: try strings(), to: try strings()))
        }
        return Schema(kinds: kinds, relations: rules)
    }

    public mutating func properties() throws(CanonicalDecodingError) -> Properties {
        Properties(sorted: try sortedKeys({ Property($0, $1!) }, allowNull: false))
    }

    public mutating func patch() throws(CanonicalDecodingError) -> PropertyPatch {
        PropertyPatch(sorted: try sortedKeys({ PatchEntry($0, $1) }, allowNull: true))
    }
}
