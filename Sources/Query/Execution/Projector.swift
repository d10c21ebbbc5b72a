// RETURN and WITH: computing the items of a projection over the rows before it, grouping when items
// aggregate, then DISTINCT, ORDER BY, SKIP and LIMIT in that order.

/// Applies one projection to rows.
struct Projector {
    let evaluator: Evaluator

    /// The projected rows with their column names: each row the values of the columns, in order.
    /// (Rows of values, not `Row`s: a RETURN's answer is exactly this, and a WITH binds them again.)
    func project<Source: SourceRow>(_ projection: Projection, _ rows: [Source]) throws(QueryError) -> (columns: [String], rows: [[Value]]) {
        let items = try self.items(projection, rows)
        if items.contains(where: { AggregateFunction.occurs(in: $0.expression) }) {
            var grouping = try Grouping(items, evaluator)
            for row in rows { try grouping.add(row) }
            return try finish(projection, items, grouping)
        }
        var stream: RowProjection<Source> = try rowProjection(projection, items)
        do {
            for row in rows { try stream.add(row) }
        } catch let error where error.code == .cancelled && stream.isFull {
            // LIMIT reached: the rows after cannot change the answer.
        }
        return try finish(projection, items, stream)
    }

    /// The answer of a projection whose input rows were already added to `grouping`.
    func finish(_ projection: Projection, _ grouping: Grouping) throws(QueryError) -> (columns: [String], rows: [[Value]]) {
        try finish(projection, try items(projection, [Row]()), grouping)
    }

    /// The answer of a projection whose input rows were already added to `stream`.
    func finish<Source: Bindings>(
        _ projection: Projection, _ stream: RowProjection<Source>
    ) throws(QueryError) -> (columns: [String], rows: [[Value]]) {
        try finish(projection, try items(projection, [Row]()), stream)
    }

    private func finish(_ projection: Projection, _ items: [Item], _ grouping: Grouping) throws(QueryError) -> (
        columns: [String], rows: [[Value]]
    ) {
        var output = try grouping.finish()
        if projection.distinct { output = DistinctRows.distinct(output) }
        // After grouping only the projected names remain for ORDER BY.
        return (items.map(\.name), try ordered(projection, items, output, sources: [Row]?.none))
    }

    private func finish<Source: Bindings>(
        _ projection: Projection, _ items: [Item], _ stream: RowProjection<Source>
    ) throws(QueryError) -> (columns: [String], rows: [[Value]]) {
        (items.map(\.name), try ordered(projection, items, stream.output, sources: stream.keepsSources ? stream.sources : nil))
    }

    /// The streamed form of a projection without aggregates. ORDER BY may read the variables before
    /// the projection, unless it is DISTINCT, where only the projected names remain: only then is
    /// each output row's source kept.
    func rowProjection<Source: Bindings>(_ projection: Projection, _ items: [Item]) throws(QueryError) -> RowProjection<Source> {
        var stream = RowProjection<Source>(
            expressions: items.map(\.expression), distinct: projection.distinct,
            keepsSources: !projection.orderBy.isEmpty && !projection.distinct, evaluator)
        // Unordered, SKIP and LIMIT keep the first rows that come: the projection needs no more.
        if projection.orderBy.isEmpty, case (let skip, let kept?) = try window(of: projection) {
            stream.wanted = skip.addingReportingOverflow(kept).overflow ? nil : skip + kept
        }
        return stream
    }

    /// The streamed form of a projection without `*` or aggregates, for a MATCH to hand its matches to;
    /// nil for any other projection.
    func rowProjection(for projection: Projection) throws(QueryError) -> RowProjection<Row>? {
        guard !projection.star, !projection.items.contains(where: { AggregateFunction.occurs(in: $0.expression) }) else { return nil }
        return try rowProjection(projection, try items(projection, [Row]()))
    }

    /// ORDER BY, SKIP and LIMIT applied to the projected rows; `sources`: the row each came from, when
    /// ORDER BY may read variables the projection dropped.
    private func ordered<Source: Bindings>(
        _ projection: Projection, _ items: [Item], _ output: [[Value]], sources: [Source]?
    ) throws(QueryError) -> [[Value]] {
        var output = output
        let (skip, limit) = try window(of: projection)
        if !projection.orderBy.isEmpty {
            let columns = items.map(\.name)
            // `ORDER BY l.name` after `RETURN l.name, count(*)` reads the projected column: `l` itself is
            // gone after grouping or DISTINCT. Which column, if any, found once, not per row.
            let sorts = projection.orderBy.map { sort in (sort, items.firstIndex { $0.text == sort.text }) }
            var keys: [Value] = []
            keys.reserveCapacity(output.count * sorts.count)
            for (index, values) in output.enumerated() {
                for (sort, column) in sorts {
                    if let column {
                        keys.append(values[column])
                    } else if let sources {
                        let projected = Columns(names: columns, values: values)
                        keys.append(try evaluator.evaluate(sort.expression, Layered(first: projected, second: sources[index])))
                    } else {
                        keys.append(try evaluator.evaluate(sort.expression, Columns(names: columns, values: values)))
                    }
                }
            }
            // A stable order: rows equal on every key keep their order.
            let width = sorts.count
            func before(_ a: Int, _ b: Int) -> Bool {
                for (index, (sort, _)) in sorts.enumerated() {
                    let order = keys[a * width + index].order(keys[b * width + index])
                    if order != .equal { return (order == .less) != sort.descending }
                }
                return a < b
            }
            // With a LIMIT, only the rows it can keep are put in order.
            let wanted = limit.map { skip.addingReportingOverflow($0).overflow ? Int.max : skip + $0 } ?? Int.max
            let order =
                wanted < output.count ? SmallestFirst.first(wanted, of: output.count, by: before) : output.indices.sorted(by: before)
            output = order.map { output[$0] }
        }
        if skip > 0 { output = Array(output.dropFirst(skip)) }
        if let limit { output = Array(output.prefix(limit)) }
        return output
    }

    /// The grouping of an aggregating projection without `*`, to be filled row by row as rows arrive
    /// (the executor streams a MATCH's matches into it); nil for any other projection.
    func grouping(for projection: Projection) throws(QueryError) -> Grouping? {
        guard !projection.star, projection.items.contains(where: { AggregateFunction.occurs(in: $0.expression) }) else { return nil }
        return try Grouping(try items(projection, [Row]()), evaluator)
    }

    /// One item of a projection: its column name, expression and text as written.
    typealias Item = (name: String, expression: Expression, text: String)

    /// The items of a projection: `*`'s variables (from the rows), then the listed items, by column name.
    private func items<Source: SourceRow>(_ projection: Projection, _ rows: [Source]) throws(QueryError) -> [Item] {
        var items: [Item] = []
        if projection.star {
            // `WITH *` with nothing in scope keeps the rows with no columns (the binder refuses `RETURN *` there).
            let names = Set(rows.flatMap(\.names)).sorted()
            for name in names { items.append((name, Expression(.variable(name), at: projection.location), name)) }
        }
        for item in projection.items { items.append((item.alias ?? item.text, item.expression, item.text)) }
        var seen = Set<String>()
        for item in items where !seen.insert(item.name).inserted {
            throw QueryError(
                .syntaxError, "the column name '\(item.name)' is used twice", at: item.expression.location, detail: .columnNameConflict)
        }
        return items
    }

    /// The rows SKIP drops and LIMIT keeps (nil: all), known before any row.
    func window(of projection: Projection) throws(QueryError) -> (skip: Int, limit: Int?) {
        let skip = try projection.skip.map { expression throws(QueryError) in try count(expression, "SKIP") } ?? 0
        return (skip, try projection.limit.map { expression throws(QueryError) in try count(expression, "LIMIT") })
    }

    /// The value of a SKIP or LIMIT expression: a non-negative integer, known before any row.
    private func count(_ expression: Expression, _ clause: String) throws(QueryError) -> Int {
        let value = try evaluator.evaluate(expression, Row())
        guard case .integer(let n) = value else {
            throw QueryError(
                .syntaxError, "\(clause) expects a non-negative integer, got \(withArticle(value.typeName))", at: expression.location,
                detail: .invalidArgumentType)
        }
        guard n >= 0 else {
            throw QueryError(
                .syntaxError, "\(clause) expects a non-negative integer, got \(n)", at: expression.location,
                detail: .negativeIntegerArgument)
        }
        return Int(clamping: n)
    }
}
