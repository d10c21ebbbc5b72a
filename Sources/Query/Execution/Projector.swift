// RETURN and WITH: computing the items of a projection over the rows before it, grouping when items
// aggregate, then DISTINCT, ORDER BY, SKIP and LIMIT in that order.

/// Applies one projection to rows.
struct Projector {
    let evaluator: Evaluator

    /// The projected rows with their column names, in order.
    func project(_ projection: Projection, _ rows: [Row]) throws(QueryError) -> (columns: [String], rows: [Row]) {
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

        // Each output row with the row it came from (ORDER BY may read the variables before the
        // projection, unless it aggregates or is DISTINCT, where only the projected names remain).
        var output: [(projected: Row, source: Row)]
        if aggregating {
            output = try aggregate(items, rows).map { ($0, Row()) }
        } else {
            output = []
            output.reserveCapacity(projection.distinct ? 16 : rows.count)
            // DISTINCT is applied as rows are projected: duplicates are never kept.
            var seen = Set<EquivalenceKey>()
            var values: [Value] = []
            values.reserveCapacity(items.count)
            // Taken apart once: iterating the items would copy each (its texts and tree) for every row.
            let names = items.map(\.name), expressions = items.map(\.expression)
            for row in rows {
                values.removeAll(keepingCapacity: true)
                for expression in expressions { values.append(try evaluator.evaluate(expression, row)) }
                if projection.distinct && !seen.insert(EquivalenceKey(values: values)).inserted { continue }
                var projected = Row()
                projected.reserveCapacity(names.count)
                for index in names.indices { projected.bind(names[index], to: values[index]) }
                output.append((projected, projection.distinct ? Row() : row))
            }
        }
        if projection.distinct && aggregating {
            var seen = Set<EquivalenceKey>()
            output = output.filter { entry in
                seen.insert(EquivalenceKey(values: columns.map { entry.projected.value(of: $0) ?? .null })).inserted
            }
        }
        if !projection.orderBy.isEmpty {
            var keyed: [(keys: [Value], row: Row)] = []
            for entry in output {
                let bindings = Layered(first: entry.projected, second: entry.source)
                var keys: [Value] = []
                for sort in projection.orderBy {
                    // `ORDER BY l.name` after `RETURN l.name, count(*)` reads the projected column: `l`
                    // itself is gone after grouping or DISTINCT.
                    if let item = items.first(where: { $0.text == sort.text }) {
                        keys.append(entry.projected.value(of: item.name) ?? .null)
                    } else {
                        keys.append(try evaluator.evaluate(sort.expression, bindings))
                    }
                }
                keyed.append((keys, entry.projected))
            }
            // A stable sort: rows equal on every key keep their order.
            let sorted = keyed.enumerated().sorted { a, b in
                for (index, sort) in projection.orderBy.enumerated() {
                    let order = a.element.keys[index].order(b.element.keys[index])
                    if order != .equal { return (order == .less) != sort.descending }
                }
                return a.offset < b.offset
            }
            output = sorted.map { ($0.element.row, Row()) }
        }
        var result = output.map(\.projected)
        if let skip = projection.skip { result = Array(result.dropFirst(try count(skip, "SKIP"))) }
        if let limit = projection.limit { result = Array(result.prefix(try count(limit, "LIMIT"))) }
        return (columns, result)
    }

    /// Groups rows by the non-aggregating items and folds the aggregating ones over each group.
    private func aggregate(_ items: [(name: String, expression: Expression, text: String)], _ rows: [Row]) throws(QueryError) -> [Row] {
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
        var groups: [(key: [Value], rows: [Row])] = []
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
        var result: [Row] = []
        for group in groups {
            var projected = Row()
            for (position, index) in keyIndices.enumerated() { projected.bind(items[index].name, to: group.key[position]) }
            for (index, call) in calls {
                var values: [Value] = []
                for row in group.rows {
                    values.append(try call.argument.map { e throws(QueryError) in try evaluator.evaluate(e, row) } ?? .boolean(true))
                }
                projected.bind(
                    items[index].name, to: try call.function.fold(values, distinct: call.distinct, at: items[index].expression.location))
            }
            result.append(projected)
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
