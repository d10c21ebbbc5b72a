// Starting a pattern from the id index: `WHERE id(n) = 'person:x'`, `WHERE elementId(n) IN [...]` and
// ``(n {`@id`: 'person:x'})`` name the only nodes `n` can be, so the matcher starts there instead of scanning. Only conjuncts of the WHERE
// (parts joined by AND) whose other side needs no variable are used. A part that starts from a hint's
// nodes has exactly the nodes those conjuncts allow, so the planner drops them there; anywhere else
// (the variable reached by an expansion) they are tested like any other condition.
import Graph

/// For some node variables of a MATCH, the only nodes they can be bound to.
struct IdHints {
    private(set) var candidates: [String: [Node]] = [:]
    /// The conjuncts each variable's candidates come from: a part that starts from the candidates
    /// need not test them again.
    private(set) var conjuncts: [String: [Expression]] = [:]

    /// The hints `predicate` and the `` {`@id`: …} `` entries of the patterns' node maps give, evaluated
    /// with `evaluator` (parameters only).
    init(_ predicate: Expression?, patterns: [PatternPart], _ evaluator: Evaluator) {
        for part in patterns {
            for node in [part.element.start] + part.element.chain.map(\.node) {
                guard let variable = node.variable, case .map(let entries)? = node.properties?.kind,
                    let entry = entries.first(where: { $0.key == ElementIdentity.key }), entry.value.freeVariables.isEmpty,
                    case .string(let id)? = try? evaluator.evaluate(entry.value, Row())
                else { continue }
                let nodes = evaluator.view.node(id: id).map { [$0] } ?? []
                candidates[variable] = candidates[variable].map { previous in previous.filter(nodes.contains) } ?? nodes
            }
        }
        guard let predicate else { return }
        for conjunct in predicate.conjuncts {
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
            conjuncts[variable, default: []].append(conjunct)
        }
    }

    /// `v` when `expression` is `id(v)` or `elementId(v)`.
    private static func idVariable(_ expression: Expression) -> String? {
        guard case .function(let name, _, let arguments) = expression.kind, ElementIdentity.isIdFunction(name), arguments.count == 1,
            case .variable(let variable) = arguments[0].kind
        else { return nil }
        return variable
    }

}

extension Value {
    /// The items of a list value, nil for anything else.
    fileprivate var listItems: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
