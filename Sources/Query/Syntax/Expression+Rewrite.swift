// Rewriting an expression tree: the projection rewrites replace aggregate calls, grouping keys and
// aliases by the names their values are read by.

extension Expression {
    /// This expression with `replacement` applied top-down: where it gives an expression, that stands
    /// in place of the node (and is not looked into); elsewhere the children are rewritten. A
    /// comprehension's body, a pattern and a subquery are left as they are (the names in them are their
    /// own); a comprehension's list is rewritten.
    func rewritten(_ replacement: (Expression) -> Expression?) -> Expression {
        if let replaced = replacement(self) { return replaced }
        func child(_ expression: Expression) -> Expression { expression.rewritten(replacement) }
        let at = location
        switch kind {
        case .null, .boolean, .integer, .float, .string, .parameter, .variable, .countStar, .pattern, .subquery: return self
        case .list(let items): return Expression(.list(items.map(child)), at: at)
        case .map(let entries): return Expression(.map(entries.map { MapEntry(key: $0.key, value: child($0.value)) }), at: at)
        case .property(let base, let key): return Expression(.property(child(base), key), at: at)
        case .unary(let op, let operand): return Expression(.unary(op, child(operand)), at: at)
        case .isNull(let base, let negated): return Expression(.isNull(child(base), negated: negated), at: at)
        case .hasLabels(let base, let labels): return Expression(.hasLabels(child(base), labels), at: at)
        case .index(let base, let index): return Expression(.index(child(base), child(index)), at: at)
        case .binary(let op, let left, let right): return Expression(.binary(op, child(left), child(right)), at: at)
        case .slice(let base, let from, let to): return Expression(.slice(child(base), from.map(child), to.map(child)), at: at)
        case .function(let name, let distinct, let arguments):
            return Expression(.function(name: name, distinct: distinct, arguments: arguments.map(child)), at: at)
        case .caseWhen(let subject, let branches, let otherwise):
            let branches = branches.map { CaseBranch(condition: child($0.condition), result: child($0.result)) }
            return Expression(.caseWhen(subject: subject.map(child), branches: branches, otherwise: otherwise.map(child)), at: at)
        case .listComprehension(let variable, let list, let predicate, let projection):
            return Expression(
                .listComprehension(variable: variable, list: child(list), predicate: predicate, projection: projection), at: at)
        case .quantifier(let quantifier, let variable, let list, let predicate):
            return Expression(.quantifier(quantifier, variable: variable, list: child(list), predicate: predicate), at: at)
        }
    }
}

extension Projection {
    /// `expression` (an ORDER BY key, or a WITH's WHERE) read after the projection: where a part of it
    /// is written like an item's expression, it reads that item's column (`ORDER BY a.name + 'C'` after
    /// `WITH a.name AS name, count(*) AS n`), so that it needs only what the projection keeps.
    /// In a key that aggregates, only aggregates and a variable's properties are read as items: openCypher
    /// refuses larger expressions there (`ORDER BY a.x + b.x + count(*)`; see `complexItem(in:)`).
    func readingItems(_ expression: Expression) -> Expression {
        let aggregating = AggregateFunction.occurs(in: expression)
        var columns: [String: String] = [:]
        for item in items where !item.expression.isLeaf && (!aggregating || item.expression.isSimpleForAggregation) {
            columns[item.expression.text] = columns[item.expression.text] ?? item.alias ?? item.text
        }
        guard !columns.isEmpty else { return expression }
        return expression.rewritten { part in
            guard !part.isLeaf, let name = columns[part.text] else { return nil }
            return Expression(.variable(name), at: part.location)
        }
    }
}

extension Projection {
    /// An item, other than an aggregate or a variable's property, written inside `expression` (which
    /// aggregates): openCypher refuses such an ORDER BY key as ambiguous.
    func complexItem(in expression: Expression) -> ProjectionItem? {
        let texts = Set(items.filter { !$0.expression.isLeaf && !$0.expression.isSimpleForAggregation }.map(\.expression.text))
        guard !texts.isEmpty else { return nil }
        var found: String?
        _ = expression.rewritten { part in
            if found == nil, texts.contains(part.text) { found = part.text }
            return nil
        }
        return found.flatMap { text in items.first { $0.expression.text == text } }
    }
}

extension Expression {
    /// An aggregate call, or a property of a variable.
    fileprivate var isSimpleForAggregation: Bool {
        if AggregateFunction.call(in: self) != nil { return true }
        if case .property(let base, _) = kind, case .variable = base.kind { return true }
        return false
    }

    /// A literal, parameter or variable: nothing to read an item for.
    fileprivate var isLeaf: Bool {
        switch kind {
        case .null, .boolean, .integer, .float, .string, .parameter, .variable: true
        default: false
        }
    }
}
