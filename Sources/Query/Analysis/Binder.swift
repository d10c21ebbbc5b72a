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
    private static func checkSubquery(_ subquery: Subquery, in scope: BinderScope) throws(QueryError) {
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

    /// Adds the variables of a pattern that CREATE or MERGE makes to `scope`, checking that it can be
    /// made: relationships have one type, a direction (MERGE may leave it open) and one hop, and bound
    /// variables are reused as they are. A new node's first label, if it has any, is its kind.
    private static func bindCreated(_ part: PatternPart, into scope: inout BinderScope, _ clause: String) throws(QueryError) {
        if part.shortest != .none {
            throw QueryError(.semanticError, "\(clause) cannot make a shortest path", at: part.element.start.location)
        }
        if part.element.chain.isEmpty, let name = part.element.start.variable, scope.contains(name) {
            throw QueryError(
                .syntaxError, "`\(name)` is bound already: \(clause) (\(name)) alone would make nothing", at: part.element.start.location,
                detail: .variableAlreadyBound)
        }
        func node(_ pattern: NodePattern) throws(QueryError) {
            if let name = pattern.variable, scope.contains(name) {
                try scope.check(name, canBe: .node, at: pattern.location)
                if !pattern.labels.isEmpty || pattern.properties != nil {
                    throw QueryError(
                        .syntaxError, "`\(name)` is bound already: \(clause) can use it as (\(name)), without labels or properties",
                        at: pattern.location, detail: .variableAlreadyBound)
                }
                return
            }
            if let properties = pattern.properties { try checkCreated(properties, in: scope, clause) }
            if let name = pattern.variable { scope.insert(name, as: .node) }
        }
        try node(part.element.start)
        for step in part.element.chain {
            try node(step.node)
            let relationship = step.relationship
            if let name = relationship.variable, scope.contains(name) {
                try scope.check(name, canBe: .relationship, at: relationship.location)
                throw QueryError(
                    .syntaxError, "`\(name)` is bound already: \(clause) makes a new relationship", at: relationship.location,
                    detail: .variableAlreadyBound)
            }
            if relationship.types.count != 1 {
                throw QueryError(
                    .syntaxError, "\(clause) needs exactly one type for a relationship, as in -[:MEMBER_OF]->", at: relationship.location,
                    detail: .noSingleRelationshipType)
            }
            if relationship.length != nil {
                throw QueryError(
                    .syntaxError, "\(clause) cannot make a variable-length relationship", at: relationship.location,
                    detail: .creatingVarLength)
            }
            if relationship.direction == .either && clause == "CREATE" {
                throw QueryError(
                    .syntaxError, "CREATE needs a direction for a relationship (-> or <-)", at: relationship.location,
                    detail: .requiresDirectedRelationship)
            }
            if let properties = relationship.properties { try checkCreated(properties, in: scope, clause) }
            if let name = relationship.variable { scope.insert(name, as: .relationship) }
        }
        if let name = part.variable {
            try checkUnbound(name, in: scope, at: part.element.start.location)
            scope.insert(name, as: .path)
        }
    }

    private static func check(_ item: SetItem, in scope: BinderScope) throws(QueryError) {
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

    /// DELETE takes nodes, relationships and paths (or lists of them), never labels or plain values.
    private static func checkDeleted(_ target: Expression, in scope: BinderScope) throws(QueryError) {
        try check(target, in: scope, aggregates: false, "DELETE")
        if case .hasLabels = target.kind {
            throw QueryError(
                .syntaxError, "DELETE removes elements; to take a label away use REMOVE", at: target.location, detail: .invalidDelete)
        }
        let type = target.staticType(in: scope)
        guard type.may(be: [.node, .relationship, .path, .list(.any)]) else {
            throw QueryError(
                .syntaxError, "DELETE expects a node, relationship or path, not \(withArticle(type.name))", at: target.location,
                detail: .invalidArgumentType)
        }
    }

    /// The map of an element CREATE or MERGE makes (MERGE matches with it, so it is written out).
    private static func checkCreated(_ map: Expression, in scope: BinderScope, _ clause: String) throws(QueryError) {
        if clause == "MERGE" { try checkPatternMap(map, in: scope, clause) } else { try check(map, in: scope, aggregates: false, clause) }
    }

    /// A pattern's map, which MATCH and MERGE need written out: a parameter there would hide which keys
    /// are matched (CREATE may take one: `CREATE (n $props)`).
    private static func checkPatternMap(_ map: Expression, in scope: BinderScope, _ place: String) throws(QueryError) {
        if case .parameter = map.kind {
            throw QueryError(
                .syntaxError, "a parameter cannot stand for the properties of \(place): write the map out ({key: $value})",
                at: map.location, detail: .invalidParameterUse)
        }
        try check(map, in: scope, aggregates: false, place)
    }

    /// A predicate (WHERE) must be able to be a boolean.
    private static func checkPredicate(_ predicate: Expression, in scope: BinderScope) throws(QueryError) {
        try check(predicate, in: scope, aggregates: false, "WHERE")
        let type = predicate.staticType(in: scope)
        guard type.may(be: [.boolean]) else {
            throw QueryError(
                .syntaxError, "WHERE needs a boolean, not \(withArticle(type.name))", at: predicate.location, detail: .invalidArgumentType)
        }
    }

    /// A pattern (a predicate) is no value to return or set.
    private static func checkNotPattern(_ expression: Expression) throws(QueryError) {
        guard expression.isPattern else { return }
        throw QueryError(
            .syntaxError, "a pattern is a predicate here, not a value: use it in WHERE, or collect matches with [pattern | value]",
            at: expression.location, detail: .unexpectedSyntax)
    }

    private static func checkBound(_ variable: String, in scope: BinderScope, at: SourceLocation) throws(QueryError) {
        guard scope.contains(variable) else { throw undefined(variable, at: at) }
    }

    private static func undefined(_ variable: String, at: SourceLocation) -> QueryError {
        QueryError(.syntaxError, "variable `\(variable)` is not defined", at: at, detail: .undefinedVariable)
    }

    /// A path, or UNWIND's variable, is always new.
    private static func checkUnbound(_ variable: String, in scope: BinderScope, at: SourceLocation) throws(QueryError) {
        guard !scope.contains(variable) else {
            throw QueryError(.syntaxError, "`\(variable)` is bound already", at: at, detail: .variableAlreadyBound)
        }
    }

    /// Adds a pattern's variables to `scope`, checking each property map against the variables bound
    /// before it (the matcher reads a map before it binds that element's own variable).
    /// (`relationships`: the relationship variables the MATCH has named so far: one relationship
    /// cannot be two steps of one match.)
    private static func bind(_ part: PatternPart, into scope: inout BinderScope, relationships: inout Set<String>) throws(QueryError) {
        func node(_ pattern: NodePattern) throws(QueryError) {
            if let properties = pattern.properties { try checkPatternMap(properties, in: scope, "a pattern") }
            guard let name = pattern.variable else { return }
            try scope.check(name, canBe: .node, at: pattern.location)
            if scope[name] != .node { scope.insert(name, as: .node) }
        }
        if let name = part.variable { try checkUnbound(name, in: scope, at: part.element.start.location) }
        try node(part.element.start)
        for step in part.element.chain {
            let relationship = step.relationship
            if let properties = relationship.properties { try checkPatternMap(properties, in: scope, "a pattern") }
            if let name = relationship.variable {
                if !relationships.insert(name).inserted {
                    throw QueryError(
                        .syntaxError, "`\(name)` names two relationships of one MATCH: a relationship is matched once per match",
                        at: relationship.location, detail: .relationshipUniquenessViolation)
                }
                let kind: VariableKind = relationship.length == nil ? .relationship : .relationships
                try scope.check(name, canBe: kind, at: relationship.location)
                if scope[name] != kind { scope.insert(name, as: kind) }
            }
            try node(step.node)
        }
        if let name = part.variable {
            // Unbound before the pattern (checked above): bound now only by one of its own elements.
            try checkUnbound(name, in: scope, at: part.element.start.location)
            scope.insert(name, as: .path)
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

    /// Checks that `expression` reads only variables of `scope` and calls aggregates only where
    /// `aggregates` allows (`place` names the clause for the message).
    static func check(_ expression: Expression, in scope: BinderScope, aggregates: Bool, _ place: String) throws(QueryError) {
        func recurse(_ child: Expression, _ extra: (String, StaticType)? = nil) throws(QueryError) {
            // A comprehension's body runs per element: no aggregate there.
            try check(child, in: extra.map { scope.adding($0.0, $0.1) } ?? scope, aggregates: aggregates && extra == nil, place)
        }
        try ArgumentTypes.check(expression, in: scope)
        let at = expression.location
        switch expression.kind {
        case .null, .boolean, .integer, .float, .string, .parameter: return
        case .variable(let name):
            guard scope.contains(name) else { throw undefined(name, at: at) }
        case .countStar:
            guard aggregates else {
                throw QueryError(.syntaxError, "count(*) cannot be used in \(place)", at: at, detail: .invalidAggregation)
            }
        case .function(let name, _, let arguments):
            let lower = name.lowercased()
            if !Functions.scalars.contains(lower) && !Functions.aggregates.contains(lower) {
                if Functions.notYetSupported.contains(lower) {
                    throw QueryError(.unsupportedFeature, "the function \(name)() is not supported yet", at: at)
                }
                throw QueryError(.syntaxError, "there is no function \(name)()", at: at, detail: .unknownFunction)
            }
            if Functions.aggregates.contains(lower) {
                guard aggregates else {
                    throw QueryError(
                        .syntaxError, "the aggregate \(name)() cannot be used in \(place)", at: at, detail: .invalidAggregation)
                }
                // An aggregate's argument is evaluated per row: no aggregate inside it.
                for argument in arguments where AggregateFunction.occurs(in: argument) {
                    throw QueryError(
                        .syntaxError, "an aggregate cannot be nested inside \(name)()", at: argument.location, detail: .nestedAggregation)
                }
                for argument in arguments where argument.callsRand {
                    throw QueryError(
                        .syntaxError, "\(name)() of rand() would aggregate a different value on every run", at: argument.location,
                        detail: .nonConstantExpression)
                }
            }
            for argument in arguments { try recurse(argument) }
        case .list(let items): for item in items { try recurse(item) }
        case .map(let entries): for entry in entries { try recurse(entry.value) }
        case .property(let base, _), .unary(_, let base), .isNull(let base, _), .hasLabels(let base, _): try recurse(base)
        case .index(let a, let b), .binary(_, let a, let b):
            try recurse(a)
            try recurse(b)
        case .slice(let base, let from, let to):
            try recurse(base)
            if let from { try recurse(from) }
            if let to { try recurse(to) }
        case .caseWhen(let subject, let branches, let otherwise):
            if let subject { try recurse(subject) }
            for branch in branches {
                try recurse(branch.condition)
                try recurse(branch.result)
            }
            if let otherwise { try recurse(otherwise) }
        case .listComprehension(let variable, let list, let predicate, let projection):
            try recurse(list)
            let element = list.staticType(in: scope).element
            if let predicate { try recurse(predicate, (variable, element)) }
            if let projection { try recurse(projection, (variable, element)) }
        case .quantifier(_, let variable, let list, let predicate):
            try recurse(list)
            try recurse(predicate, (variable, list.staticType(in: scope).element))
        case .subquery(let subquery):
            try checkSubquery(subquery, in: scope)
        case .pattern(let element):
            // A pattern predicate reads variables; it binds none.
            for (name, location) in element.variables where !scope.contains(name) {
                throw QueryError(.semanticError, "a pattern predicate cannot introduce the new variable `\(name)`", at: location)
            }
            if let properties = element.start.properties { try recurse(properties) }
            for step in element.chain {
                if let properties = step.relationship.properties { try recurse(properties) }
                if let properties = step.node.properties { try recurse(properties) }
            }
        }
    }
}
