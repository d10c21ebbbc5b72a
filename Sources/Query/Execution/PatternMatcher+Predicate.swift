// Patterns as predicates: `WHERE (a)-[:KNOWS]->(b)` and `exists((a)-->())` are true when the pattern
// occurs at least once with the row's values for its variables. As openCypher requires, such a
// pattern may only name variables already bound; it introduces none.

extension PatternMatcher {
    /// Whether `element` occurs with the variables of `bindings`.
    func exists(_ element: PatternElement, _ bindings: some Bindings) throws(QueryError) -> Bool {
        // The binder refuses new variables before a query runs; this guard covers the evaluator used alone.
        var row = Row()
        for (name, location) in element.variables {
            guard let value = bindings.value(of: name) else {
                throw QueryError(.semanticError, "a pattern predicate cannot introduce the new variable `\(name)`", at: location)
            }
            row.bind(name, to: value)
        }
        let part = PatternPart(variable: nil, shortest: .none, element: element)
        let plan = try Planner(evaluator: evaluator).plan([part], where: nil, bound: Set(row.names))
        return try !matches(plan, extending: row).isEmpty
    }
}
