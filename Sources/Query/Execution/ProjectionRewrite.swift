// A RETURN or WITH as it runs: `*` written out as the variables in scope; hidden columns after the
// written ones for the variables a WITH's WHERE reads from before it, dropped again once read; and
// after grouping or DISTINCT, ORDER BY keys and the WHERE reading the items they are written like.

/// The rewrites of a projection before it runs.
enum ProjectionRewrite {
    /// The projection to run for `projection` (with `predicate`, a WITH's WHERE) over rows binding
    /// `scope`, and how many hidden columns it has after the written ones.
    static func prepared(_ projection: Projection, where predicate: Expression?, scope: Set<String>) -> (
        projection: Projection, hidden: Int
    ) {
        let (widened, hiddenByWhere) = widened(expanded(projection, scope: scope), for: predicate, scope: scope)
        return (readingItems(widened), hiddenByWhere)
    }

    /// A WITH's WHERE as it runs: after grouping or DISTINCT it reads the items it is written like.
    static func predicate(_ predicate: Expression?, of projection: Projection) -> Expression? {
        guard let predicate, projection.aggregatesOrIsDistinct else { return predicate }
        return projection.readingItems(predicate)
    }

    /// After grouping or DISTINCT, ORDER BY keys read the items they are written like.
    private static func readingItems(_ projection: Projection) -> Projection {
        guard projection.aggregatesOrIsDistinct else { return projection }
        var rewritten = projection
        for (index, sort) in projection.orderBy.enumerated() where !projection.items.contains(where: { $0.text == sort.text }) {
            rewritten.orderBy[index].expression = projection.readingItems(sort.expression)
        }
        return rewritten
    }

    /// `*` written out as the variables in scope, in name order: the columns are there even when no
    /// row is (a row's names are the same as the scope's).
    private static func expanded(_ projection: Projection, scope: Set<String>) -> Projection {
        guard projection.star else { return projection }
        var expanded = projection
        expanded.star = false
        expanded.items =
            scope.sorted().map { ProjectionItem(expression: Expression(.variable($0), at: projection.location), alias: nil, text: $0) }
            + projection.items
        return expanded
    }

    /// A WITH whose WHERE reads variables from before it (allowed when it neither aggregates nor
    /// drops duplicates: each row then comes from one row before) projects those too, as hidden
    /// columns after its own, which are dropped once the WHERE has run. Returns how many were added.
    private static func widened(_ projection: Projection, for predicate: Expression?, scope: Set<String>) -> (
        projection: Projection, hidden: Int
    ) {
        guard let predicate, !projection.distinct, !projection.star,
            !projection.items.contains(where: { AggregateFunction.occurs(in: $0.expression) })
        else { return (projection, 0) }
        let names = Set(projection.items.map { $0.alias ?? $0.text })
        let hidden = predicate.freeVariables.filter { scope.contains($0) && !names.contains($0) }.sorted()
        guard !hidden.isEmpty else { return (projection, 0) }
        var widened = projection
        for name in hidden {
            widened.items.append(ProjectionItem(expression: Expression(.variable(name), at: predicate.location), alias: name, text: name))
        }
        return (widened, hidden.count)
    }
}

extension Projection {
    var aggregatesOrIsDistinct: Bool { distinct || items.contains { AggregateFunction.occurs(in: $0.expression) } }
}
