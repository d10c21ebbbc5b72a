// RETURN and WITH: computing the items of a projection over the rows before it, grouping when items
// aggregate, then DISTINCT, ORDER BY, SKIP and LIMIT in that order.

/// Applies one projection to rows.
struct Projector {
    let evaluator: Evaluator

    /// The projected rows with their column names: each row the values of the columns, in order.
    /// (Rows of values, not `Row`s: a RETURN's answer is exactly this, and a WITH binds them again.)
    /// `grouped`: the groups the rows were already streamed into (then `rows` is not read).
    func project<Source: SourceRow>(
        _ projection: Projection, _ rows: [Source], grouped: Grouping? = nil
    ) throws(QueryError) -> (columns: [String], rows: [[Value]]) {
        let items = try self.items(projection, rows)
        let columns = items.map(\.name)
        let aggregating = items.contains { AggregateFunction.occurs(in: $0.expression) }
        // ORDER BY may read the variables before the projection, unless it aggregates or is DISTINCT,
        // where only the projected names remain: only then is each output row's source kept.
        let keepSources = !projection.orderBy.isEmpty && !aggregating && !projection.distinct

        var output: [[Value]]
        var sources: [Source] = []
        if aggregating {
            if let grouped {
                output = try grouped.finish()
            } else {
                var grouping = try Grouping(items, evaluator)
                for row in rows { try grouping.add(row) }
                output = try grouping.finish()
            }
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
            // DISTINCT of items that read one element variable only (`RETURN DISTINCT c.name`): a row
            // whose element was seen before projects to a row seen before, so it is skipped before its
            // items are read and hashed.
            let elementVariable = projection.distinct ? Expression.soleVariable(of: expressions) : nil
            var seenElements = Set<UInt64>()
            for row in rows {
                if let element = elementVariable.flatMap({ row.value(of: $0)?.elementKey }), !seenElements.insert(element).inserted {
                    continue
                }
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

    /// The grouping of an aggregating projection without `*`, to be filled row by row as rows arrive
    /// (the executor streams a MATCH's matches into it); nil for any other projection.
    func grouping(for projection: Projection) throws(QueryError) -> Grouping? {
        guard !projection.star, projection.items.contains(where: { AggregateFunction.occurs(in: $0.expression) }) else { return nil }
        return try Grouping(try items(projection, [Row]()), evaluator)
    }

    /// The items of a projection: `*`'s variables (from the rows), then the listed items, by column name.
    private func items<Source: SourceRow>(
        _ projection: Projection, _ rows: [Source]
    ) throws(QueryError) -> [(name: String, expression: Expression, text: String)] {
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
        return items
    }

    /// The value of a SKIP or LIMIT expression: a non-negative integer, known before any row.
    private func count(_ expression: Expression, _ clause: String) throws(QueryError) -> Int {
        guard case .integer(let n) = try evaluator.evaluate(expression, Row()), n >= 0 else {
            throw QueryError(.semanticError, "\(clause) expects a non-negative integer", at: expression.location)
        }
        return Int(clamping: n)
    }
}
