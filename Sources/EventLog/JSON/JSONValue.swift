// A parsed JSON value as a tree, for the small documents that are not events: query parameters on
// the command line and in request bodies. Events keep their own streaming decoder.

/// A JSON value (RFC 8259), integers kept apart from floats as Kennis's values are.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order written.
    case object([JSONMember])

    /// Deeper nesting than this is refused rather than risk the stack.
    public static let maximumDepth = 256

    /// The value `text` holds (one JSON value and nothing after it).
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        let parsed = text.withUTF8 { buffer -> Result<JSONValue, JSONSyntaxError> in
            var reader = JSONReader(UnsafeRawBufferPointer(buffer))
            do throws(JSONSyntaxError) {
                let value = try Self.read(&reader, depth: 0)
                try reader.expectEnd()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        switch parsed {
        case .success(let value): self = value
        case .failure(let error):
            // The column counts characters, as an editor shows them.
            throw JSONParseError(message: error.message, column: String(decoding: text.utf8.prefix(error.offset), as: UTF8.self).count + 1)
        }
    }

    private static func read(_ reader: inout JSONReader, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < maximumDepth else {
            throw JSONSyntaxError(offset: reader.offset, message: "nested deeper than \(maximumDepth) levels")
        }
        switch try reader.peekKind() {
        case .null:
            try reader.readNull()
            return .null
        case .boolean: return .boolean(try reader.readBoolean())
        case .string: return .string(try reader.readString())
        case .number:
            switch try reader.readNumber() {
            case .integer(let n): return .integer(n)
            case .float(let x): return .float(x)
            }
        case .array:
            try reader.beginArray()
            var items: [JSONValue] = []
            while try reader.hasNextElement(first: items.isEmpty) { items.append(try read(&reader, depth: depth + 1)) }
            return .array(items)
        case .object:
            try reader.beginObject()
            var members: [JSONMember] = []
            while let key = try reader.nextKey(first: members.isEmpty) {
                members.append(JSONMember(key: key, value: try read(&reader, depth: depth + 1)))
            }
            return .object(members)
        }
    }
}

/// One `"key": value` of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public let key: String
    public let value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// Why a text is not one JSON value, and the column (1-based, in characters) where that shows.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let column: Int

    public var description: String { "column \(column): \(message)" }
}

extension JSONWriter {
    /// Writes a parsed JSON value back as JSON (members in their order).
    public mutating func json(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .boolean(let b): boolean(b)
        case .integer(let n): integer(n)
        case .float(let x): float(x)
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { json(item) }
            endArray()
        case .object(let members):
            beginObject()
            for member in members {
                key(member.key)
                json(member.value)
            }
            endObject()
        }
    }
}
