// Decodes one JSON object of docs/events.md into a typed `Event`, enforcing every structural rule:
// known type, required and forbidden fields, field types, ids, names and property values. It reads
// straight from the bytes (see JSONReader) and reports the first problem with its field and column.

/// Turns the JSON text of one event into an `Event`.
public struct EventDecoder: Sendable {
    public init() {}

    /// Decodes one event from the bytes of one JSON object.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(EventInputError) -> Event {
        var reader = JSONReader(bytes)
        do {
            var fields = RawFields()
            try reader.beginObject()
            var first = true
            while let key = try reader.nextRawKey(first: first) {
                first = false
                try fields.read(key, from: &reader)
            }
            try reader.expectEnd()
            return try fields.event(bytes: bytes)
        } catch let error as JSONSyntaxError {
            throw EventInputError(field: nil, message: "invalid JSON: " + error.message, column: error.offset + 1)
        } catch let error as EventInputError {
            throw error
        } catch {
            throw EventInputError(field: nil, message: "\(error)")
        }
    }

    /// Decodes one event from a JSON string.
    public func decode(_ text: String) throws(EventInputError) -> Event {
        let bytes = Array(text.utf8)
        let result: Result<Event, EventInputError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(EventInputError) in try decode(buffer) }
        }
        return try result.get()
    }
}

/// The envelope fields as read, before the type says what they mean.
private struct RawFields {
    var type: (String, Int)?
    var eventType: EventType?
    var id: (String, Int)?
    var kind: (String, Int)?
    /// `kind` was given as null (an update taking the primary label away), at this column.
    var nullKind: Int?
    var rel: (String, Int)?
    var from: (String, Int)?
    var to: (String, Int)?
    var labels: [String]?
    var actor: String?
    var source: String?
    var note: String?
    /// `props` as read, when the type was known by then (the usual case: `type` comes first): as
    /// properties for a create or add, as a patch for an update.
    var properties: [Property]?
    var patchEntries: [PatchEntry]?
    /// Where `props` starts when it must be decoded after the type is known (schema, or type given late).
    var propsOffset: Int?
    var seen: UInt16 = 0

    mutating func read(_ rawKey: RawString, from reader: inout JSONReader) throws {
        reader.skipSpace()
        let column = reader.offset + 1
        guard let field = EventField(rawKey) else {
            let key = rawKey.string
            if key == "seq" || key == "recorded_at" || key == "hash" {
                throw EventInputError(field: key, message: "is assigned by the log on append and must not be given", column: column)
            }
            throw EventInputError(field: key, message: "unknown field", column: column)
        }
        guard seen & field.bit == 0 else {
            throw EventInputError(field: field.name, message: "appears twice", column: column)
        }
        seen |= field.bit
        switch field {
        case .type:
            guard try reader.peekKind() == .string else {
                throw EventInputError(field: "type", message: "must be a string", column: column)
            }
            let name = try reader.readRawString()
            eventType = EventType(name)
            type = (eventType?.rawValue ?? name.string, column)
        case .id: id = (try string(field, &reader), column)
        case .kind:
            // Looked at once: a string (the common case), or null on an update taking the kind away.
            switch try reader.peekKind() {
            case .string: kind = (try reader.readString(), column)
            case .null:
                try reader.readNull()
                nullKind = column
            default: throw EventInputError(field: "kind", message: "must be a string", column: column)
            }
        case .rel: rel = (try string(field, &reader), column)
        case .from: from = (try string(field, &reader), column)
        case .to: to = (try string(field, &reader), column)
        case .actor: actor = try optionalString(field, &reader)
        case .source: source = try optionalString(field, &reader)
        case .note: note = try optionalString(field, &reader)
        case .labels: labels = try readNameList("labels", &reader)
        case .props:
            guard try reader.peekKind() == .object else {
                throw EventInputError(field: "props", message: "must be an object", column: column)
            }
            if let eventType, eventType != .schemaDefined {
                if eventType.takesPatch {
                    patchEntries = try PropertyDecoding.readPatch(&reader, field: "props")
                } else {
                    properties = try PropertyDecoding.readProperties(&reader, field: "props")
                }
            } else {
                propsOffset = reader.offset
                try reader.skipValue()
            }
        }
    }

    private func string(_ field: EventField, _ reader: inout JSONReader) throws -> String {
        let column = reader.offset + 1
        guard try reader.peekKind() == .string else {
            throw EventInputError(field: field.name, message: "must be a string", column: column)
        }
        return try reader.readString()
    }

    private func optionalString(_ field: EventField, _ reader: inout JSONReader) throws -> String? {
        if try reader.peekKind() == .null {
            try reader.readNull()
            return nil
        }
        return try string(field, &reader)
    }

    func event(bytes: UnsafeRawBufferPointer) throws -> Event {
        guard let (typeName, typeColumn) = type else { throw EventInputError(field: "type", message: "is required") }
        guard let type = eventType else {
            let names = EventType.allCases.map(\.rawValue).joined(separator: ", ")
            throw EventInputError(field: "type", message: "unknown event type '\(typeName)'; expected one of \(names)", column: typeColumn)
        }
        try checkFields(EventField.allowed(for: type), type: type)
        let body: EventBody
        switch type {
        case .entityCreated:
            if let column = nullKind { throw EventInputError(field: "kind", message: "must be a string, or absent", column: column) }
            body = .entityCreated(
                id: try requiredID("id"), kind: try kind.map { try requiredName("kind", of: $0) },
                properties: try properties(bytes), labels: try checkedLabels(labels ?? [], kind: kind?.0))
        case .entityUpdated:
            if let (_, column) = kind {
                throw EventInputError(
                    field: "kind", message: "can only be null here (taking the kind away): a kind is given at creation", column: column)
            }
            body = .entityUpdated(
                id: try requiredID("id"), patch: try patch(bytes) ?? PropertyPatch(),
                labels: try labels.map { try checkedLabels($0, kind: nil) }, removesKind: nullKind != nil)
        case .entityRetired:
            body = .entityRetired(id: try requiredID("id"))
        case .relationAdded:
            let relType = try requiredName("rel", of: rel)
            let fromID = try requiredID("from"), toID = try requiredID("to")
            let relationID = id == nil ? Event.defaultRelationID(type: relType, from: fromID, to: toID) : try requiredID("id")
            body = .relationAdded(id: relationID, type: relType, from: fromID, to: toID, properties: try properties(bytes))
        case .relationUpdated:
            guard let patch = try patch(bytes) else { throw EventInputError(field: "props", message: "is required") }
            body = .relationUpdated(id: try requiredID("id"), patch: patch)
        case .relationRemoved:
            body = .relationRemoved(id: try requiredID("id"))
        case .schemaDefined:
            guard let offset = propsOffset else { throw EventInputError(field: "props", message: "is required") }
            var reader = JSONReader(bytes, at: offset)
            body = .schemaDefined(id: id == nil ? "schema" : try requiredID("id"), schema: try SchemaDecoding.read(&reader))
        case .entityErased:
            // Only an erasure writes one, together with what it removes from the events before it.
            throw EventInputError(
                field: "type", message: "entity.erased is written by an erasure (kennis erase, POST /erasures), not appended",
                column: typeColumn)
        }
        return Event(body, actor: actor, source: source, note: note)
    }

    private func checkFields(_ allowed: UInt16, type: EventType) throws {
        for field in EventField.allCases where seen & field.bit != 0 && allowed & field.bit == 0 {
            throw EventInputError(field: field.name, message: "is not a field of \(type.rawValue)")
        }
    }

    private func requiredID(_ field: String) throws -> String {
        let value: (String, Int)? =
            switch field {
            case "from": from
            case "to": to
            default: id
            }
        guard let (text, column) = value else { throw EventInputError(field: field, message: "is required") }
        if let problem = Names.problem(withID: text) { throw EventInputError(field: field, message: problem, column: column) }
        return text
    }

    private func requiredName(_ field: String, of value: (String, Int)?) throws -> String {
        guard let value else { throw EventInputError(field: field, message: "is required") }
        return try requiredName(field, of: value)
    }

    private func requiredName(_ field: String, of value: (String, Int)) throws -> String {
        let (text, column) = value
        guard Names.isIdentifier(text) else {
            throw EventInputError(field: field, message: "'\(text)' is not a name of the form [A-Za-z_][A-Za-z0-9_]*", column: column)
        }
        return text
    }

    private func checkedLabels(_ labels: [String], kind: String?) throws -> [String] {
        var seenLabels = Set<String>()
        for (i, label) in labels.enumerated() {
            if label == kind { throw EventInputError(field: "labels[\(i)]", message: "'\(label)' repeats the kind") }
            if !seenLabels.insert(label).inserted { throw EventInputError(field: "labels[\(i)]", message: "'\(label)' appears twice") }
        }
        return labels
    }

    private func properties(_ bytes: UnsafeRawBufferPointer) throws -> Properties {
        if let properties { return Properties(sorted: properties) }
        guard let offset = propsOffset else { return Properties() }
        var reader = JSONReader(bytes, at: offset)
        return Properties(sorted: try PropertyDecoding.readProperties(&reader, field: "props"))
    }

    private func patch(_ bytes: UnsafeRawBufferPointer) throws -> PropertyPatch? {
        if let patchEntries { return PropertyPatch(sorted: patchEntries) }
        guard let offset = propsOffset else { return nil }
        var reader = JSONReader(bytes, at: offset)
        return PropertyPatch(sorted: try PropertyDecoding.readPatch(&reader, field: "props"))
    }
}
