// PackStream v1, the value model of the Bolt protocol: null, booleans, 64-bit integers, 64-bit floats,
// bytes, UTF-8 strings, lists, maps with string keys (in the order written), and structures — a tag
// byte and up to 15 fields — which Bolt uses for its messages and for nodes, relationships and paths.

/// One PackStream value.
public enum PackStreamValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case bytes([UInt8])
    case string(String)
    case list([PackStreamValue])
    /// Entries in the order they were written (a key may appear once).
    case map([(key: String, value: PackStreamValue)])
    case structure(tag: UInt8, fields: [PackStreamValue])

    public static func == (a: PackStreamValue, b: PackStreamValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.boolean(let x), .boolean(let y)): x == y
        case (.integer(let x), .integer(let y)): x == y
        case (.float(let x), .float(let y)): x.bitPattern == y.bitPattern
        case (.bytes(let x), .bytes(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.list(let x), .list(let y)): x == y
        case (.map(let x), .map(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.structure(let t, let f), .structure(let u, let g)): t == u && f == g
        default: false
        }
    }

    /// The value under `key` of a map (nil for other values or a missing key).
    public subscript(key: String) -> PackStreamValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let number) = self { return number }
        return nil
    }
}

/// Bytes that are not PackStream, or PackStream past the limits a server accepts.
public struct PackStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
