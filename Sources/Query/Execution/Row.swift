// A row of the executor's pipeline: the variables in scope and their values. A row holds a handful of
// variables, so it is a short list searched from the front: binding one copies one small array, and a
// lookup compares a few names (equal names made from the same text compare by their bits), where a
// dictionary would hash the name on every read and every write.

/// A row a projection reads: its bindings, and the names it binds (for `RETURN *`).
protocol SourceRow: Bindings {
    var names: [String] { get }
}

/// The variables bound at one point of a query, by name.
public struct Row: SourceRow, Sendable {
    private var entries: [(name: String, value: Value)] = []

    /// A row binding each of `values` (in the order of their names).
    public init(_ values: [String: Value] = [:]) {
        for name in values.keys.sorted() { entries.append((name, values[name]!)) }
    }

    public func value(of name: String) -> Value? {
        // From the newest binding back: what a clause reads is most often what the one before bound last.
        for entry in entries.reversed() where entry.name == name { return entry.value }
        return nil
    }

    /// How many variables are bound.
    var count: Int { entries.count }

    /// Makes room for `capacity` variables, so that binding up to that many allocates at most once.
    mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }

    /// The names bound, in the order they were first bound.
    var names: [String] { entries.map(\.name) }

    /// A row binding `names[i]` to `values[i]` (the names all different).
    init(names: [String], values: [Value]) {
        entries.reserveCapacity(names.count)
        for (name, value) in zip(names, values) { entries.append((name, value)) }
    }

    /// Binds `name` to `value`, replacing an earlier value.
    mutating func bind(_ name: String, to value: Value) {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            entries[index].value = value
        } else {
            entries.append((name, value))
        }
    }

    /// Forgets the variables bound after the first `count` (a matcher trying candidate after
    /// candidate binds them in one row and takes them back, rather than copy the row for each).
    mutating func truncate(to count: Int) {
        // One at a time: a row binds a handful, and removeSubrange's general path costs more than that.
        while entries.count > count { entries.removeLast() }
    }

    /// Binds `name`, not bound among the first `index` variables, at position `index`, forgetting any
    /// bound after it. A matcher trying candidate after candidate binds the same names at the same
    /// positions: the binding is then overwritten in place, with no search and no allocation.
    mutating func bind(_ name: String, to value: Value, at index: Int) {
        if index < entries.count {
            if entries[index].name == name {
                entries[index].value = value
                truncate(to: index + 1)
                return
            }
            truncate(to: index)
        }
        entries.append((name, value))
    }

    /// This row with `name` bound to `value`.
    func binding(_ name: String, to value: Value) -> Row {
        var row = self
        row.bind(name, to: value)
        return row
    }
}

/// A projected row seen as bindings: each column name bound to its value.
struct Columns: Bindings {
    let names: [String]
    let values: [Value]

    func value(of name: String) -> Value? {
        for (index, column) in names.enumerated() where column == name { return values[index] }
        return nil
    }
}

/// Bindings that look in `first`, then in `second` (ORDER BY after a projection sees the projected
/// names first and the variables before the projection after them).
struct Layered<First: Bindings, Second: Bindings>: Bindings {
    let first: First
    let second: Second

    func value(of name: String) -> Value? { first.value(of: name) ?? second.value(of: name) }
}

/// One row of a procedure's answer, read in place from its columns: a leading `CALL … YIELD …` whose
/// rows go straight into a RETURN is projected without making a `Row` of each.
struct YieldedRow: SourceRow {
    /// The yielded names, and for each the column it reads.
    let names: [String]
    let positions: [Int]
    let columns: [[Value]]
    let index: Int

    func value(of name: String) -> Value? {
        for (offset, candidate) in names.enumerated() where candidate == name { return columns[positions[offset]][index] }
        return nil
    }
}
