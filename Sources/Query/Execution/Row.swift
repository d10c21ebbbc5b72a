// A row of the executor's pipeline: the variables in scope and their values.

/// The variables bound at one point of a query, by name.
public struct Row: Bindings, Sendable {
    var values: [String: Value]

    public init(_ values: [String: Value] = [:]) { self.values = values }

    public func value(of name: String) -> Value? { values[name] }

    /// This row with `name` bound to `value`.
    func binding(_ name: String, to value: Value) -> Row {
        var row = self
        row.values[name] = value
        return row
    }
}

/// Bindings that look in `first`, then in `second` (ORDER BY after a projection sees the projected
/// names first and the variables before the projection after them).
struct Layered: Bindings {
    let first: Row
    let second: Row

    func value(of name: String) -> Value? { first.value(of: name) ?? second.value(of: name) }
}
