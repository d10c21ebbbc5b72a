// Starting a pattern from the id index: `WHERE id(n) = 'person:x'` and `WHERE id(n) IN [...]` name the
// only nodes `n` can be, so the matcher starts there instead of scanning. Only conjuncts of the WHERE
// (parts joined by AND) whose other side needs no variable are used; the WHERE is still evaluated on
// every match, so a hint can narrow the search but never change the answer.
import Graph

/// For some node variables of a MATCH, the only nodes they can be bound to.
struct IdHints {
    private(set) var candidates: [String: [Node]] = [:]

    /// No hints.
    init() {}

    /// The hints `predicate` gives, evaluated with `evaluator` (parameters only).
    init(_ predicate: Expression?, _ evaluator: Evaluator) {
        guard let predicate else { return }
        for conjunct in Self.conjuncts(predicate) {
            guard case .binary(let op, var left, var right) = conjunct.kind, op == .equal || op == .inList else { continue }
            if op == .equal && Self.idVariable(right) != nil { swap(&left, &right) }
            guard let variable = Self.idVariable(left) else { continue }
            // The other side is evaluated without variables; if it needs one, it gives no hint.
            guard let value = try? evaluator.evaluate(right, Row()) else { continue }
            let ids: [Value] = op == .equal ? [value] : (value.listItems ?? [])
            if op == .inList && value.listItems == nil { continue }
            var nodes: [Node] = []
            for id in ids {
                if case .string(let s) = id, let node = evaluator.view.node(id: s), !nodes.contains(node) { nodes.append(node) }
            }
            // Two hints for one variable: only nodes both allow.
            candidates[variable] = candidates[variable].map { previous in previous.filter(nodes.contains) } ?? nodes
        }
    }

    /// `v` when `expression` is `id(v)`.
    private static func idVariable(_ expression: Expression) -> String? {
        guard case .function(let name, _, let arguments) = expression.kind, name.lowercased() == "id", arguments.count == 1,
            case .variable(let variable) = arguments[0].kind
        else { return nil }
        return variable
    }

    /// Whether `variable` has a hint.
    func constrains(_ variable: String?) -> Bool { variable.map { candidates[$0] != nil } ?? false }

    private static func conjuncts(_ expression: Expression) -> [Expression] {
        if case .binary(.and, let left, let right) = expression.kind { return conjuncts(left) + conjuncts(right) }
        return [expression]
    }
}

extension Value {
    /// The items of a list value, nil for anything else.
    fileprivate var listItems: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
