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
        let at = expression.location
        if AggregateFunction.call(in: expression) != nil {
            let name = "\(Self.prefix)aggregate\(calls.count)"
            calls.append((name, expression))
            return Expression(.variable(name), at: at)
        }
        if let position = keyTexts.firstIndex(of: expression.text) {
            let name = "\(Self.prefix)key\(position)"
            if !keys.contains(where: { $0.position == position }) { keys.append((name, position)) }
            return Expression(.variable(name), at: at)
        }
        // Keys are looked for below aggregate-free parts too (`l.name + ': '` around `l.name`).
        guard !expression.freeVariables.isEmpty || AggregateFunction.occurs(in: expression) else { return expression }
        switch expression.kind {
        case .list(let items): return Expression(.list(items.map { rewrite($0) }), at: at)
        case .map(let entries):
            return Expression(.map(entries.map { MapEntry(key: $0.key, value: rewrite($0.value)) }), at: at)
        case .property(let base, let key): return Expression(.property(rewrite(base), key), at: at)
        case .unary(let op, let operand): return Expression(.unary(op, rewrite(operand)), at: at)
        case .isNull(let base, let negated): return Expression(.isNull(rewrite(base), negated: negated), at: at)
        case .hasLabels(let base, let labels): return Expression(.hasLabels(rewrite(base), labels), at: at)
        case .index(let base, let index): return Expression(.index(rewrite(base), rewrite(index)), at: at)
        case .binary(let op, let left, let right): return Expression(.binary(op, rewrite(left), rewrite(right)), at: at)
        case .slice(let base, let from, let to):
            return Expression(.slice(rewrite(base), from.map { rewrite($0) }, to.map { rewrite($0) }), at: at)
        case .function(let name, let distinct, let arguments):
            return Expression(.function(name: name, distinct: distinct, arguments: arguments.map { rewrite($0) }), at: at)
        case .caseWhen(let subject, let branches, let otherwise):
            let branches = branches.map { CaseBranch(condition: rewrite($0.condition), result: rewrite($0.result)) }
            return Expression(
                .caseWhen(subject: subject.map { rewrite($0) }, branches: branches, otherwise: otherwise.map { rewrite($0) }), at: at)
        case .listComprehension(let variable, let list, let predicate, let projection):
            return Expression(
                .listComprehension(variable: variable, list: rewrite(list), predicate: predicate, projection: projection), at: at)
        case .quantifier(let quantifier, let variable, let list, let predicate):
            return Expression(.quantifier(quantifier, variable: variable, list: rewrite(list), predicate: predicate), at: at)
        default: return expression
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
