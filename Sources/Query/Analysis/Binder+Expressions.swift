// The binder on expressions: variables in scope, argument types the text decides, where aggregates
// may stand, and the places an expression must be a predicate, an element or a value.

extension Binder {
    /// DELETE takes nodes, relationships and paths (or lists of them), never labels or plain values.
    static func checkDeleted(_ target: Expression, in scope: BinderScope) throws(QueryError) {
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

    /// A predicate (WHERE) must be able to be a boolean.
    static func checkPredicate(_ predicate: Expression, in scope: BinderScope) throws(QueryError) {
        try check(predicate, in: scope, aggregates: false, "WHERE")
        let type = predicate.staticType(in: scope)
        guard type.may(be: [.boolean]) else {
            throw QueryError(
                .syntaxError, "WHERE needs a boolean, not \(withArticle(type.name))", at: predicate.location, detail: .invalidArgumentType)
        }
    }

    /// A pattern (a predicate) is no value to return or set.
    static func checkNotPattern(_ expression: Expression) throws(QueryError) {
        guard expression.isPattern else { return }
        throw QueryError(
            .syntaxError, "a pattern is a predicate here, not a value: use it in WHERE, or collect matches with [pattern | value]",
            at: expression.location, detail: .unexpectedSyntax)
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
