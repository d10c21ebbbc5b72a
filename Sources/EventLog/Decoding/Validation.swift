// The structural rules of docs/events.md on single values: ids, names of kinds, labels, relation
// types and properties. State rules (is this id live?) belong to the graph, not here.

/// Limits and shapes of the strings an event holds.
public enum Names {
    /// An id is a non-empty string of at most this many UTF-8 bytes.
    public static let maxIDBytes = 256

    /// Why `id` is not a valid entity or relation id, or nil if it is.
    public static func problem(withID id: String) -> String? {
        var utf8 = id
        return utf8.withUTF8 { bytes in
            if bytes.isEmpty { return "must not be empty" }
            if bytes.count > maxIDBytes { return "is \(bytes.count) bytes long; an id may have at most \(maxIDBytes)" }
            for byte in bytes where byte < 0x20 || byte == 0x7F { return "must not contain control characters" }
            return nil
        }
    }

    /// Whether `name` matches `[A-Za-z_][A-Za-z0-9_]*` (property names, kinds, labels, relation types),
    /// so that every name can be written in Cypher without quoting.
    public static func isIdentifier(_ name: String) -> Bool {
        var utf8 = name
        return utf8.withUTF8 { bytes in
            guard !bytes.isEmpty, bytes.count <= maxIDBytes else { return false }
            for (i, c) in bytes.enumerated() {
                let letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
                if !(letter || (i > 0 && c >= 48 && c <= 57)) { return false }
            }
            return true
        }
    }
}
