// Property maps of spec/EVENTS.md: names `[A-Za-z_][A-Za-z0-9_]*`, values string, 64-bit integer,
// float, boolean or a flat list of these; `null` only in a merge patch, where it removes the key.

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
        case .object:
            throw EventInputError(field: field, message: "nested objects are not allowed as property values", column: column)
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

/// A property or a patch entry: something with a key.
protocol KeyedEntry {
    var key: String { get }
}

extension Property: KeyedEntry {}
extension PatchEntry: KeyedEntry {}
