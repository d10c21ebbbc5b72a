// Writes events in the canonical format of CanonicalFormat.swift.

/// Encodes events to their canonical bytes.
public struct CanonicalEncoder: Sendable {
    public init() {}

    /// The canonical bytes of `event` recorded at `time`.
    public func encode(_ event: Event, recordedAt time: Timestamp) -> [UInt8] {
        var out = ByteWriter()
        encode(event, recordedAt: time, into: &out)
        return out.bytes
    }

    func encode(_ event: Event, recordedAt time: Timestamp, into out: inout ByteWriter) {
        out.byte(CanonicalFormat.version)
        out.int64BigEndian(time.milliseconds)
        out.byte(CanonicalFormat.code(of: event.type))
        var envelope: UInt8 = 0
        if event.actor != nil { envelope |= CanonicalFormat.Envelope.actor }
        if event.source != nil { envelope |= CanonicalFormat.Envelope.source }
        if event.note != nil { envelope |= CanonicalFormat.Envelope.note }
        out.byte(envelope)
        if let actor = event.actor { out.string(actor) }
        if let source = event.source { out.string(source) }
        if let note = event.note { out.string(note) }
        encodeBody(event.body, into: &out)
    }

    private func encodeBody(_ body: EventBody, into out: inout ByteWriter) {
        switch body {
        case .entityCreated(let id, let kind, let properties, let labels):
            out.string(id)
            // No kind is the empty string, which no kind can be (a kind is a name).
            out.string(kind ?? "")
            out.strings(labels)
            out.properties(properties)
        case .entityUpdated(let id, let patch, let labels, let removesKind):
            out.string(id)
            out.byte(
                (labels == nil ? 0 : CanonicalFormat.UpdateFields.labels) | (removesKind ? CanonicalFormat.UpdateFields.removesKind : 0))
            if let labels { out.strings(labels) }
            out.patch(patch)
        case .entityRetired(let id), .relationRemoved(let id):
            out.string(id)
        case .relationAdded(let id, let type, let from, let to, let properties):
            out.string(id)
            out.string(type)
            out.string(from)
            out.string(to)
            out.properties(properties)
        case .relationUpdated(let id, let patch):
            out.string(id)
            out.patch(patch)
        case .schemaDefined(let id, let schema):
            out.string(id)
            out.schema(schema)
        case .entityErased(let id, let created, let relations, let reason):
            out.string(id)
            out.varint(created)
            out.byte(relations ? 1 : 0)
            out.string(reason)
        }
    }
}

/// A growable byte buffer with the primitives of the canonical format (also used for graph snapshots).
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    public init(capacity: Int = 192) { bytes.reserveCapacity(capacity) }

    @inline(__always) public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func int64BigEndian(_ value: Int64) { uint64BigEndian(UInt64(bitPattern: value)) }

    public mutating func uint64BigEndian(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always) public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func string(_ s: String) {
        var copy = s
        copy.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func strings(_ list: [String]) {
        varint(UInt64(list.count))
        for s in list { string(s) }
    }

    public mutating func value(_ propertyValue: PropertyValue?) {
        typealias Tag = CanonicalFormat.ValueTag
        switch propertyValue {
        case nil: byte(Tag.null)
        case .string(let s)?:
            byte(Tag.string)
            string(s)
        case .integer(let n)?:
            byte(Tag.integer)
            varint(UInt64(bitPattern: (n << 1) ^ (n >> 63)))  // zigzag: small magnitudes stay short
        case .float(let x)?:
            byte(Tag.float)
            uint64BigEndian(x.bitPattern)
        case .boolean(let b)?: byte(b ? Tag.trueValue : Tag.falseValue)
        case .temporal(let value)?:
            byte(Tag.temporal)
            byte(UInt8(TemporalValue.Kind.allCases.firstIndex(of: value.kind)!))
            string(value.iso8601)
        case .list(let items)?:
            byte(Tag.list)
            varint(UInt64(items.count))
            for item in items { value(item) }
        }
    }

    /// A schema: kinds, then each relation rule (type, from kinds, to kinds).
    public mutating func schema(_ schema: Schema) {
        strings(schema.kinds)
        varint(UInt64(schema.relations.count))
        for rule in schema.relations {
            string(rule.type)
            strings(rule.from)
            strings(rule.to)
        }
    }

    public mutating func properties(_ properties: Properties) {
        varint(UInt64(properties.count))
        for property in properties {
            string(property.key)
            value(property.value)
        }
    }

    public mutating func patch(_ patch: PropertyPatch) {
        varint(UInt64(patch.count))
        for entry in patch {
            string(entry.key)
            value(entry.value)
        }
    }
}
