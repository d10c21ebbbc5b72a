// The names an event object may hold, matched on the bytes of the JSON text: the envelope fields
// and the event types. No String is made for a name the decoder knows.

/// The envelope fields of docs/events.md, as bits of a set.
enum EventField: Int, CaseIterable {
    case type, id, kind, rel, from, to, props, labels, actor, source, note

    var bit: UInt16 { 1 << UInt16(rawValue) }
    var name: String { literal.description }

    /// The field a key names; matched on the key's bytes (no String is made for a known key).
    init?(_ key: RawString) {
        guard case .raw(let bytes) = key else {
            guard case .decoded(let string) = key, let field = EventField.allCases.first(where: { $0.name == string }) else { return nil }
            self = field
            return
        }
        // Dispatch on length and first byte, then confirm the whole key.
        let field: EventField
        switch (bytes.count, bytes.first ?? 0) {
        case (2, UInt8(ascii: "i")): field = .id
        case (2, UInt8(ascii: "t")): field = .to
        case (3, UInt8(ascii: "r")): field = .rel
        case (4, UInt8(ascii: "t")): field = .type
        case (4, UInt8(ascii: "k")): field = .kind
        case (4, UInt8(ascii: "f")): field = .from
        case (4, UInt8(ascii: "n")): field = .note
        case (5, UInt8(ascii: "p")): field = .props
        case (5, UInt8(ascii: "a")): field = .actor
        case (6, UInt8(ascii: "l")): field = .labels
        case (6, UInt8(ascii: "s")): field = .source
        default: return nil
        }
        guard key.equals(field.literal) else { return nil }
        self = field
    }

    /// The key as it is spelled in JSON.
    var literal: StaticString {
        switch self {
        case .type: "type"
        case .id: "id"
        case .kind: "kind"
        case .rel: "rel"
        case .from: "from"
        case .to: "to"
        case .props: "props"
        case .labels: "labels"
        case .actor: "actor"
        case .source: "source"
        case .note: "note"
        }
    }

    static func mask(_ fields: [EventField]) -> UInt16 { fields.reduce(0) { $0 | $1.bit } }

    static let envelope: [EventField] = [.type, .actor, .source, .note]

    /// The fields each event type may have.
    static func allowed(for type: EventType) -> UInt16 {
        switch type {
        case .entityCreated: allowedCreated
        case .entityUpdated: allowedUpdated
        case .entityRetired, .relationRemoved, .entityErased: allowedIDOnly
        case .relationAdded: allowedRelationAdded
        case .relationUpdated, .schemaDefined: allowedPatch
        }
    }

    private static let allowedCreated = mask(envelope + [.id, .kind, .props, .labels])
    private static let allowedUpdated = mask(envelope + [.id, .kind, .props, .labels])
    private static let allowedIDOnly = mask(envelope + [.id])
    private static let allowedRelationAdded = mask(envelope + [.id, .rel, .from, .to, .props])
    private static let allowedPatch = mask(envelope + [.id, .props])
}

extension EventType {
    /// The type a JSON string names, matched on its bytes (no String is made for a known type).
    init?(_ name: RawString) {
        guard case .raw(let bytes) = name else {
            self.init(rawValue: name.string)
            return
        }
        // "entity.c|u|r…" differ at byte 7, "relation.a|u|r…" at byte 9; then confirm the whole name.
        let candidate: EventType
        switch (bytes.first ?? 0, bytes.count > 9 ? bytes[7] : 0, bytes.count > 9 ? bytes[9] : 0) {
        case (UInt8(ascii: "e"), UInt8(ascii: "c"), _): candidate = .entityCreated
        case (UInt8(ascii: "e"), UInt8(ascii: "u"), _): candidate = .entityUpdated
        case (UInt8(ascii: "e"), UInt8(ascii: "r"), _): candidate = .entityRetired
        case (UInt8(ascii: "e"), UInt8(ascii: "e"), _): candidate = .entityErased
        case (UInt8(ascii: "r"), _, UInt8(ascii: "a")): candidate = .relationAdded
        case (UInt8(ascii: "r"), _, UInt8(ascii: "u")): candidate = .relationUpdated
        case (UInt8(ascii: "r"), _, UInt8(ascii: "r")): candidate = .relationRemoved
        case (UInt8(ascii: "s"), _, _): candidate = .schemaDefined
        default: return nil
        }
        guard name.equals(candidate.wireName) else { return nil }
        self = candidate
    }

    /// The wire name as a static string (the same text as `rawValue`).
    var wireName: StaticString {
        switch self {
        case .entityCreated: "entity.created"
        case .entityUpdated: "entity.updated"
        case .entityRetired: "entity.retired"
        case .relationAdded: "relation.added"
        case .relationUpdated: "relation.updated"
        case .relationRemoved: "relation.removed"
        case .schemaDefined: "schema.defined"
        case .entityErased: "entity.erased"
        }
    }

    /// Whether the event's `props` is a merge patch (where `null` removes a key).
    var takesPatch: Bool { self == .entityUpdated || self == .relationUpdated }
}

/// Reads a JSON list of names (labels, kinds) checking each is an identifier.
func readNameList(_ field: String, _ reader: inout JSONReader) throws -> [String] {
    reader.skipSpace()
    guard try reader.peekKind() == .array else {
        throw EventInputError(field: field, message: "must be a list of names", column: reader.offset + 1)
    }
    try reader.beginArray()
    var names: [String] = []
    while try reader.hasNextElement(first: names.isEmpty) {
        reader.skipSpace()
        let column = reader.offset + 1
        let element = "\(field)[\(names.count)]"
        guard try reader.peekKind() == .string else { throw EventInputError(field: element, message: "must be a string", column: column) }
        let name = try reader.readString()
        guard Names.isIdentifier(name) else {
            throw EventInputError(field: element, message: "'\(name)' is not a name of the form [A-Za-z_][A-Za-z0-9_]*", column: column)
        }
        names.append(name)
    }
    return names
}
