// RETURN and WITH: computing the items of a projection over the rows before it, grouping when items
// aggregate, then DISTINCT, ORDER BY, SKIP and LIMIT in that order.

/// Applies one projection to rows.
struct Projector {
    let evaluator: Evaluator

    /// The projected rows with their column names: each row the values of the columns, in order.
    /// (Rows of values, not `Row`s: a RETURN's answer is exactly this, and a WITH binds them again.)
    func project<Source: SourceRow>(_ projection: Projection, _ rows: [Source]) throws(QueryError) -> (columns: [String], rows: [[Value]]) {
        var items: [(name: String, expression: Expression, text: String)] = []
        if projection.star {
            let names = Set(rows.flatMap(\.names)).sorted()
            if names.isEmpty && projection.items.isEmpty {
                throw QueryError(.semanticError, "RETURN * or WITH * with no variables in scope", at: projection.location)
            }
            for name in names { items.append((name, Expression(.variable(name), at: projection.location), name)) }
        }
        for item in projection.items { items.append((item.alias ?? item.text, item.expression, item.text)) }
        var seen = Set<String>()
        for item in items where !seen.insert(item.name).inserted {
            throw QueryError(.semanticError, "the column name '\(item.name)' is used twice", at: item.expression.location)
        }
        let columns = items.map(\.name)
        let aggregating = items.contains { AggregateFunction.occurs(in: $0.expression) }
        // ORDER BY may read the variables before the projection, unless it aggregates or is DISTINCT,
        // where only the projected names remain: only then is each output row's source kept.
        let keepSources = !projection.orderBy.isEmpty && !aggregating && !projection.distinct

        var output: [[Value]]
        var sources: [Source] = []
        if aggregating {
            output = try aggregate(items, rows)
            if projection.distinct {
                var seen = Set<EquivalenceKey>()
                output = output.filter { seen.insert(EquivalenceKey(values: $0)).inserted }
            }
        } else {
            output = []
            output.reserveCapacity(projection.distinct ? 16 : rows.count)
            if keepSources { sources.reserveCapacity(rows.count) }
            // DISTINCT is applied as rows are projected: duplicates are never kept.
            var seen = Set<EquivalenceKey>()
            // Taken apart once: iterating the items would copy each (its texts and tree) for every row.
            let expressions = items.map(\.expression)
            for row in rows {
                var values: [Value] = []
                values.reserveCapacity(expressions.count)
                for expression in expressions { values.append(try evaluator.evaluate(expression, row)) }
                if projection.distinct && !seen.insert(EquivalenceKey(values: values)).inserted { continue }
                output.append(values)
                if keepSources { sources.append(row) }
            }
        }
        if !projection.orderBy.isEmpty {
            var keys: [[Value]] = []
            keys.reserveCapacity(output.count)
            for (index, values) in output.enumerated() {
                let projected = Columns(names: columns, values: values)
                var rowKeys: [Value] = []
                for sort in projection.orderBy {
                    // `ORDER BY l.name` after `RETURN l.name, count(*)` reads the projected column: `l`
                    // itself is gone after grouping or DISTINCT.
                    if let column = items.firstIndex(where: { $0.text == sort.text }) {
                        rowKeys.append(values[column])
                    } else if keepSources {
                        rowKeys.append(try evaluator.evaluate(sort.expression, Layered(first: projected, second: sources[index])))
                    } else {
                        rowKeys.append(try evaluator.evaluate(sort.expression, projected))
                    }
                }
                keys.append(rowKeys)
            }
            // A stable sort: rows equal on every key keep their order.
            let order = output.indices.sorted { a, b in
                for (index, sort) in projection.orderBy.enumerated() {
                    let order = keys[a][index].order(keys[b][index])
                    if order != .equal { return (order == .less) != sort.descending }
                }
                return a < b
            }
            output = order.map { output[$0] }
        }
        if let skip = projection.skip { output = Array(output.dropFirst(try count(skip, "SKIP"))) }
        if let limit = projection.limit { output = Array(output.prefix(try count(limit, "LIMIT"))) }
        return (columns, output)
    }

    /// Groups rows by the non-aggregating items and folds the aggregating ones over each group.
    private func aggregate<Source: SourceRow>(
        _ items: [(name: String, expression: Expression, text: String)], _ rows: [Source]
    ) throws(QueryError) -> [[Value]] {
        var calls: [Int: (function: AggregateFunction, distinct: Bool, argument: Expression?)] = [:]
        for (index, item) in items.enumerated() where AggregateFunction.occurs(in: item.expression) {
            guard let call = AggregateFunction.call(in: item.expression) else {
                throw QueryError(
                    .unsupportedFeature, "an aggregate inside a larger expression is not supported yet; project it with WITH first",
                    at: item.expression.location)
            }
            if let argument = call.argument, AggregateFunction.occurs(in: argument) {
                throw QueryError(.semanticError, "an aggregate cannot contain another aggregate", at: argument.location)
            }
            calls[index] = call
        }
        let keyIndices = items.indices.filter { calls[$0] == nil }
        // Groups in the order their first row came, found by hashing their keys.
        var groups: [(key: [Value], rows: [Source])] = []
        var groupIndex: [EquivalenceKey: Int] = [:]
        for row in rows {
            var key: [Value] = []
            for index in keyIndices { key.append(try evaluator.evaluate(items[index].expression, row)) }
            let hashed = EquivalenceKey(values: key)
            if let found = groupIndex[hashed] {
                groups[found].rows.append(row)
            } else {
                groupIndex[hashed] = groups.count
                groups.append((key, [row]))
            }
        }
        // With no grouping keys, aggregating nothing still gives one row (count 0, collect []).
        if groups.isEmpty && keyIndices.isEmpty { groups.append(([], [])) }
        var result: [[Value]] = []
        for group in groups {
            var columns = [Value](repeating: .null, count: items.count)
            for (position, index) in keyIndices.enumerated() { columns[index] = group.key[position] }
            for (index, call) in calls {
                var values: [Value] = []
                for row in group.rows {
                    values.append(try call.argument.map { e throws(QueryError) in try evaluator.evaluate(e, row) } ?? .boolean(true))
                }
                columns[index] = try call.function.fold(values, distinct: call.distinct, at: items[index].expression.location)
            }
            result.append(columns)
        }
        return result
    }

    /// The value of a SKIP or LIMIT expression: a non-negative integer, known before any row.
    private func count(_ expression: Expression, _ clause: String) throws(QueryError) -> Int {
        guard case .integer(let n) = try evaluator.evaluate(expression, Row()), n >= 0 else {
            throw QueryError(.semanticError, "\(clause) expects a non-negative integer", at: expression.location)
        }
        return Int(clamping: n)
    }
}
