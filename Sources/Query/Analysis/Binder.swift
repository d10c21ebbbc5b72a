// Semantic analysis before anything runs: every variable an expression reads must be in scope where
// it is read, aggregates may only appear where rows are being grouped, and WITH must name what it
// passes on. Checking the text instead of the rows means a query that would fail on some data fails
// on all data, at the same place, even when no row reaches the faulty expression.

/// Checks a statement's scoping and aggregation rules.
enum Binder {
    /// Throws the first semantic error of `statement`, in text order; returns, for each single query,
    /// the variables in scope before each of its clauses (what the planner may take as bound).
    @discardableResult
    static func check(_ statement: Statement) throws(QueryError) -> [[Set<String>]] {
        if let asOf = statement.asOf { try check(asOf, in: BinderScope(), aggregates: false, "AS OF") }
        if statement.unionAll.contains(true) && statement.unionAll.contains(false) {
            throw QueryError(
                .syntaxError, "UNION and UNION ALL cannot be mixed in one query", at: statement.parts.first?.clauses.first?.location,
                detail: .invalidClauseComposition)
        }
        var scopes: [[Set<String>]] = []
        for part in statement.parts { scopes.append(try check(part)) }
        return scopes
    }

    /// The scopes before each clause of a subquery run from a row binding `outer`.
    static func scopes(of subquery: Subquery, outer: BinderScope) throws(QueryError) -> [Set<String>] {
        try check(subquery.query, outer: outer)
    }

    /// A subquery reads the variables around it and may not write.
    static func checkSubquery(_ subquery: Subquery, in scope: BinderScope) throws(QueryError) {
        if let clause = subquery.query.clauses.first(where: \.isUpdating) {
            throw QueryError(
                .syntaxError, "\(clause.keyword) cannot be used inside a subquery", at: clause.location,
                detail: .invalidClauseComposition)
        }
        _ = try check(subquery.query, outer: scope)
    }

    private static func check(_ query: SingleQuery, outer: BinderScope = BinderScope()) throws(QueryError) -> [Set<String>] {
        var scope = outer
        var scopes: [Set<String>] = []
        for clause in query.clauses {
            scopes.append(scope.names)
            switch clause {
            case .match(let match):
                var relationships = Set<String>()
                for part in match.patterns { try bind(part, into: &scope, relationships: &relationships) }
                if let predicate = match.predicate { try checkPredicate(predicate, in: scope) }
            case .unwind(let expression, let variable, _):
                try check(expression, in: scope, aggregates: false, "UNWIND")
                try checkUnbound(variable, in: scope, at: expression.location)
                scope.insert(variable)
            case .with(let projection, let predicate):
                let before = scope
                scope = try check(projection, in: scope, isReturn: false)
                // The WHERE of a WITH that neither aggregates nor drops duplicates also reads the
                // variables before it (each row comes from one row there), as its ORDER BY does.
                let oneToOne = !projection.distinct && !projection.items.contains { AggregateFunction.occurs(in: $0.expression) }
                if let predicate {
                    try checkPredicate(
                        oneToOne ? predicate : projection.readingItems(predicate), in: oneToOne ? scope.merging(before) : scope)
                }
            case .return(let projection):
                if projection.star && projection.items.isEmpty && scope.names.isEmpty {
                    throw QueryError(
                        .syntaxError, "RETURN * has no variables in scope to return", at: projection.location, detail: .noVariablesInScope)
                }
                _ = try check(projection, in: scope, isReturn: true)
            case .call(let call):
                for argument in call.arguments { try check(argument, in: scope, aggregates: false, "CALL") }
                let procedure = try Procedure.named(call.name, at: call.location)
                for item in call.yields where !procedure.fields.contains(item.field) {
                    throw QueryError(
                        .semanticError,
                        "\(procedure.name) yields no field '\(item.field)' (it yields \(procedure.fields.joined(separator: ", ")))",
                        at: call.location)
                }
                if call.yields.isEmpty { for field in procedure.fields { scope.insert(field) } }
                for item in call.yields { scope.insert(item.alias ?? item.field) }
                if let predicate = call.predicate { try check(predicate, in: scope, aggregates: false, "WHERE") }
            case .create(let patterns, _):
                for part in patterns { try bindCreated(part, into: &scope, "CREATE") }
            case .merge(let merge):
                try bindCreated(merge.pattern, into: &scope, "MERGE")
                for item in merge.onCreate + merge.onMatch { try check(item, in: scope) }
            case .set(let items, _):
                for item in items { try check(item, in: scope) }
            case .remove(let items, _):
                for item in items {
                    switch item {
                    case .property(let variable, _, let at), .labels(let variable, _, let at): try checkBound(variable, in: scope, at: at)
                    }
                }
            case .delete(let targets, _, _):
                for target in targets { try checkDeleted(target, in: scope) }
            }
        }
        return scopes
    }

    static func check(_ item: SetItem, in scope: BinderScope) throws(QueryError) {
        switch item {
        case .property(let variable, _, let value, let at), .replaceProperties(let variable, let value, let at),
            .mergeProperties(let variable, let value, let at):
            try checkBound(variable, in: scope, at: at)
            try checkNotPattern(value)
            try check(value, in: scope, aggregates: false, "SET")
        case .labels(let variable, _, let at):
            try checkBound(variable, in: scope, at: at)
        }
    }

    static func checkBound(_ variable: String, in scope: BinderScope, at: SourceLocation) throws(QueryError) {
        guard scope.contains(variable) else { throw undefined(variable, at: at) }
    }

    static func undefined(_ variable: String, at: SourceLocation) -> QueryError {
        QueryError(.syntaxError, "variable `\(variable)` is not defined", at: at, detail: .undefinedVariable)
    }

    /// A path, or UNWIND's variable, is always new.
    static func checkUnbound(_ variable: String, in scope: BinderScope, at: SourceLocation) throws(QueryError) {
        guard !scope.contains(variable) else {
            throw QueryError(.syntaxError, "`\(variable)` is bound already", at: at, detail: .variableAlreadyBound)
        }
    }

    /// Checks a projection and returns the scope after it (WITH's names; RETURN ends the query).
    private static func check(_ projection: Projection, in scope: BinderScope, isReturn: Bool) throws(QueryError) -> BinderScope {
        var names = projection.star ? scope : BinderScope()
        var aggregating = false
        for item in projection.items {
            try checkNotPattern(item.expression)
            try check(item.expression, in: scope, aggregates: true, isReturn ? "RETURN" : "WITH")
            aggregating = aggregating || AggregateFunction.occurs(in: item.expression)
            let kind = VariableKind(item.expression.staticType(in: scope))
            if let alias = item.alias {
                names.insert(alias, as: kind)
            } else if case .variable(let name) = item.expression.kind {
                names.insert(name, as: kind)
            } else if isReturn {
                names.insert(item.text, as: kind)
            } else {
                throw QueryError(
                    .syntaxError, "an expression in WITH must be given a name with AS (`\(item.text) AS name`)",
                    at: item.expression.location, detail: .noExpressionAlias)
            }
        }
        // ORDER BY sees the projected names, and the names before too unless rows were grouped or made
        // distinct; a key written exactly like an item reads that item.
        let sortScope = aggregating || projection.distinct ? names : names.merging(scope)
        for sort in projection.orderBy where !projection.items.contains(where: { $0.text == sort.text }) {
            // After grouping or DISTINCT a key reads the items it is written like (`ORDER BY age +
            // count(x)` after `RETURN me.age AS age, count(x) AS n`); an aggregate no item computes is
            // not there to read.
            if aggregating && AggregateFunction.occurs(in: sort.expression), let item = projection.complexItem(in: sort.expression) {
                throw QueryError(
                    .syntaxError, "`\(item.text)` is too complex to read inside an ORDER BY key that aggregates: order by its alias",
                    at: sort.expression.location, detail: .ambiguousAggregationExpression)
            }
            let key = aggregating || projection.distinct ? projection.readingItems(sort.expression) : sort.expression
            if aggregating && AggregateFunction.occurs(in: key) {
                throw QueryError(
                    .syntaxError,
                    "ORDER BY can read an aggregate only as an item computes it: return `\(sort.text)` (or its aggregate) as an item",
                    at: sort.expression.location, detail: .undefinedVariable)
            }
            try check(key, in: sortScope, aggregates: false, "ORDER BY")
        }
        if let skip = projection.skip { try check(skip, in: BinderScope(), aggregates: false, "SKIP") }
        if let limit = projection.limit { try check(limit, in: BinderScope(), aggregates: false, "LIMIT") }
        return names
    }
}
