// The structural rules of spec/EVENTS.md on single values: ids, names of kinds, labels, relation
// types and properties. State rules (is this id live?) belong to the graph, not here.

/// Limits and shapes of the strings an event holds.
public enum Names {
    /// An id is a non-empty string of at most this many UTF-8 bytes.
    public static let maxIDBytes = 256

    /// Why `id` is not a valid entity or relation id, or nil if it is.
    public static func problem(withID id: String) -> String? {
        let count = id.utf8.count
        if count == 0 { return "must not be empty" }
        if count > maxIDBytes { return "is \(count) bytes long; an id may have at most \(maxIDBytes)" }
        if id.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "must not contain control characters" }
        return nil
    }

    /// Whether `name` matches `[A-Za-z_][A-Za-z0-9_]*` (property names, kinds, labels, relation types),
    /// so that every name can be written in Cypher without quoting.
    public static func isIdentifier(_ name: String) -> Bool {
        var first = true
        for c in name.utf8 {
            let letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
            let digit = c >= 48 && c <= 57
            if !(letter || (!first && digit)) { return false }
            first = false
        }
        return !first && name.utf8.count <= maxIDBytes
    }
}
