// Items whose values are fixed by one graph element: `l.name`, `id(c)`, `c`. Grouping (`RETURN l.name,
// count(*)`) and DISTINCT (`RETURN DISTINCT c.name`) see the same element on many rows, and need its
// items computed and hashed only the first time. Within one projection an element's properties cannot
// change; rand() can, so items that call it are never memoised.

extension Value {
    /// A node's or a relationship's identity as one number (relationships with the top bit set), for
    /// sets of elements that need no hashing of values; nil for any other value.
    var elementKey: UInt64? {
        switch self {
        case .node(let node): UInt64(node.handle)
        case .relationship(let relationship): UInt64(relationship.handle) | 1 << 63
        default: nil
        }
    }
}

extension Expression {
    /// The one variable `expressions` read, when their values depend on nothing else (no rand());
    /// nil when they read none or several.
    static func soleVariable(of expressions: [Expression]) -> String? {
        let read = Set(expressions.flatMap(\.freeVariables))
        guard read.count == 1, !expressions.contains(where: \.callsRand) else { return nil }
        return read.first
    }

    /// Whether rand() is called anywhere inside.
    var callsRand: Bool {
        if case .function(let name, _, _) = kind, name.lowercased() == "rand" { return true }
        return children.contains(where: \.callsRand)
    }

    /// The expressions directly inside this one (pattern predicates: their property maps).
    private var children: [Expression] {
        switch kind {
        case .null, .boolean, .integer, .float, .string, .parameter, .variable, .countStar: []
        case .function(_, _, let arguments): arguments
        case .list(let items): items
        case .map(let entries): entries.map(\.value)
        case .property(let base, _), .unary(_, let base), .isNull(let base, _), .hasLabels(let base, _): [base]
        case .index(let a, let b), .binary(_, let a, let b): [a, b]
        case .slice(let base, let from, let to): [base] + [from, to].compactMap { $0 }
        case .caseWhen(let subject, let branches, let otherwise):
            [subject, otherwise].compactMap { $0 } + branches.flatMap { [$0.condition, $0.result] }
        case .listComprehension(_, let list, let predicate, let projection): [list] + [predicate, projection].compactMap { $0 }
        case .quantifier(_, _, let list, let predicate): [list, predicate]
        case .subquery: []
        case .pattern(let element):
            ([element.start.properties] + element.chain.flatMap { [$0.relationship.properties, $0.node.properties] }).compactMap { $0 }
        }
    }
}
