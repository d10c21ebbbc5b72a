// An item that computes with aggregates (`count(*) + 1`, `collect(x)[..3]`, `size(collect(x))`,
// `n.name + ': ' + count(*)`): each aggregate call inside it is folded like a whole-item aggregate,
// and the item is evaluated once per group over those results and the group's key. What the item
// reads outside its aggregates must be the group's key (a key item itself, or a variable a key item
// is): anything else would differ between the rows of a group, which openCypher refuses as an
// ambiguous aggregation expression.

/// An aggregating item rewritten to read its aggregates and keys by name.
struct AggregateExpression {
    /// The item with each aggregate call and each key expression replaced by a variable of its own.
    let expression: Expression
    /// The aggregate calls, each with the name it is read by.
    let calls: [(name: String, call: Expression)]
    /// The keys it reads: the name it reads each by, and the key's position among the group's key.
    let keys: [(name: String, position: Int)]

    /// `item` rewritten over `keyExpressions` (the group's key, in order); throws when the item reads a
    /// variable outside its aggregates that no key fixes.
    init(_ item: Expression, keyExpressions: [Expression]) throws(QueryError) {
        // Only simple keys stand for themselves inside such an item (`n`, `n.age`): openCypher refuses
        // to match larger expressions (`a.x + b.x`) inside one.
        var rewriter = Rewriter(keyTexts: keyExpressions.map { $0.isSimpleKey ? $0.text : "" })
        expression = rewriter.rewrite(item)
        calls = rewriter.calls
        keys = rewriter.keys
        for name in expression.freeVariables where !name.hasPrefix(Rewriter.prefix) {
            throw QueryError(
                .syntaxError,
                "`\(name)` is read outside the aggregate in `\(item.text)` but is not a grouping key: return it as an item of its own",
                at: item.location, detail: .ambiguousAggregationExpression)
        }
    }

    /// The item's value for one group, given the group's key and its aggregates' results (in the order of `calls`).
    func value(key: [Value], aggregates: [Value], _ evaluator: Evaluator) throws(QueryError) -> Value {
        let names = calls.map(\.name) + keys.map(\.name)
        let values = aggregates + keys.map { key[$0.position] }
        return try evaluator.evaluate(expression, Columns(names: names, values: values))
    }
}

/// Replaces aggregate calls and key expressions by names no query can write (they start with a space).
private struct Rewriter {
    static let prefix = " "
    let keyTexts: [String]
    var calls: [(name: String, call: Expression)] = []
    var keys: [(name: String, position: Int)] = []

    init(keyTexts: [String]) { self.keyTexts = keyTexts }

    mutating func rewrite(_ expression: Expression) -> Expression {
        expression.rewritten { part in
            if AggregateFunction.call(in: part) != nil {
                let name = "\(Self.prefix)aggregate\(calls.count)"
                calls.append((name, part))
                return Expression(.variable(name), at: part.location)
            }
            guard let position = keyTexts.firstIndex(of: part.text) else { return nil }
            let name = "\(Self.prefix)key\(position)"
            if !keys.contains(where: { $0.position == position }) { keys.append((name, position)) }
            return Expression(.variable(name), at: part.location)
        }
    }
}

extension Expression {
    /// A variable, or a property of one.
    fileprivate var isSimpleKey: Bool {
        switch kind {
        case .variable: true
        case .property(let base, _): if case .variable = base.kind { true } else { false }
        default: false
        }
    }
}
