// Property maps of the event format: names `[A-Za-z_][A-Za-z0-9_]*`, values string, 64-bit integer,
// float, boolean, a temporal value or a flat list of these; `null` only in a merge patch, where it
// removes the key. A temporal value is an object of one member named for its kind, holding its ISO
// 8601 text — `{"date": "2023-05-11"}` — so that a plain string stays a string, as in every log
// written before temporal values existed.

enum PropertyDecoding {
    /// Reads a JSON object of property values (no nulls), sorted by key.
    static func readProperties(_ reader: inout JSONReader, field: String) throws -> [Property] {
        try readEntries(&reader, field: field, allowNull: false) { Property($0, $1!) }
    }

    /// Reads a JSON merge patch (null removes a key), sorted by key.
    static func readPatch(_ reader: inout JSONReader, field: String) throws -> [PatchEntry] {
        try readEntries(&reader, field: field, allowNull: true) { PatchEntry($0, $1) }
    }

    private static func readEntries<Entry: KeyedEntry>(
        _ reader: inout JSONReader, field: String, allowNull: Bool, make: (String, PropertyValue?) -> Entry
    ) throws -> [Entry] {
        var entries: [Entry] = []
        try reader.forEachMember { reader, key, keyColumn in
            let path = "\(field).\(key)"
            guard Names.isIdentifier(key) else {
                throw EventInputError(
                    field: path, message: "'\(key)' is not a property name of the form [A-Za-z_][A-Za-z0-9_]*", column: keyColumn)
            }
            entries.append(make(key, try readValue(&reader, field: path, allowNull: allowNull)))
        }
        if entries.count > 1 {
            entries.sort { utf8Less($0.key, $1.key) }
            for i in entries.indices.dropFirst() where entries[i].key == entries[i - 1].key {
                throw EventInputError(field: "\(field).\(entries[i].key)", message: "appears twice")
            }
        }
        return entries
    }

    /// Reads one property value (nil for `null`, where allowed).
    static func readValue(_ reader: inout JSONReader, field: String, allowNull: Bool, inList: Bool = false) throws -> PropertyValue? {
        reader.skipSpace()
        let column = reader.offset + 1
        switch try reader.peekKind() {
        case .string: return .string(try reader.readString())
        case .boolean: return .boolean(try reader.readBoolean())
        case .number:
            switch try reader.readNumber() {
            case .integer(let n): return .integer(n)
            case .float(let x): return .float(x)
            }
        case .null:
            guard allowNull && !inList else {
                let why = inList ? "a list may not hold null" : "null is only allowed in an update, where it removes the property"
                throw EventInputError(field: field, message: why, column: column)
            }
            try reader.readNull()
            return nil
        case .object: return .temporal(try readTemporal(&reader, field: field, column: column))
        case .array:
            guard !inList else { throw EventInputError(field: field, message: "lists may not nest", column: column) }
            try reader.beginArray()
            var items: [PropertyValue] = []
            while try reader.hasNextElement(first: items.isEmpty) {
                items.append(try readValue(&reader, field: "\(field)[\(items.count)]", allowNull: false, inList: true)!)
            }
            return .list(items)
        }
    }
}

extension PropertyDecoding {
    /// Reads `{"<kind>": "<ISO 8601 text>"}`: one member, a kind of `TemporalValue.Kind`, a text of it.
    static func readTemporal(_ reader: inout JSONReader, field: String, column: Int) throws -> TemporalValue {
        let kinds = TemporalValue.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        let shape =
            "nested objects are not allowed as property values, but for a temporal value: one member naming its kind (\(kinds)) and holding its ISO 8601 text"
        try reader.beginObject()
        guard let name = try reader.nextKey(first: true), let kind = TemporalValue.Kind(rawValue: name) else {
            throw EventInputError(field: field, message: shape, column: column)
        }
        reader.skipSpace()
        guard try reader.peekKind() == .string else { throw EventInputError(field: "\(field).\(name)", message: shape, column: column) }
        let text = try reader.readString()
        guard try reader.nextKey(first: false) == nil else { throw EventInputError(field: field, message: shape, column: column) }
        guard let value = TemporalValue(kind, iso8601: text) else {
            throw EventInputError(field: "\(field).\(name)", message: "'\(text)' is not a valid \(name)", column: column)
        }
        return value
    }
}

/// A property or a patch entry: something with a key.
protocol KeyedEntry {
    var key: String { get }
}

extension Property: KeyedEntry {}
extension PatchEntry: KeyedEntry {}
