// Building a QueryPlan: the clauses in order, and under each MATCH what the planner chose — where each
// part starts, how it expands, and where each WHERE conjunct is tested.
import Graph

/// Writes out the plan of a statement without running it.
struct Explainer {
    let evaluator: Evaluator

    func plan(_ statement: Statement) throws(QueryError) -> QueryPlan {
        let scopes = try Binder.check(statement)
        var steps: [QueryPlan.Step] = []
        for (index, part) in statement.parts.enumerated() {
            if index > 0 {
                steps.append(QueryPlan.Step(depth: 0, operation: statement.unionAll[index - 1] ? "UnionAll" : "Union", detail: ""))
            }
            steps += try describe(part, scopes: scopes[index], depth: statement.parts.count > 1 ? 1 : 0)
        }
        return QueryPlan(seq: evaluator.view.seq, steps: steps)
    }

    private func describe(_ query: SingleQuery, scopes: [Set<String>], depth: Int) throws(QueryError) -> [QueryPlan.Step] {
        var steps: [QueryPlan.Step] = []
        var rows = 1.0
        func add(_ operation: String, _ detail: String, _ rows: Double? = nil, at extra: Int = 0) {
            steps.append(QueryPlan.Step(depth: depth + extra, operation: operation, detail: detail, estimatedRows: rows))
        }
        for (position, clause) in query.clauses.enumerated() {
            switch clause {
            case .match(let match):
                let plan = try Planner(evaluator: evaluator).plan(match.patterns, where: match.predicate, bound: scopes[position])
                rows *= plan.estimatedRows
                if match.optional { rows = max(rows, 1) }
                add(match.optional ? "OptionalMatch" : "Match", match.patterns.map(Self.text).joined(separator: ", "), rows)
                if !plan.before.isEmpty { add("Filter", Self.conjunction(plan.before), at: 1) }
                for part in plan.parts { describe(part, add) }
            case .unwind(let expression, let variable, _):
                add("Unwind", "\(expression.text) AS \(variable)")
            case .with(let projection, let predicate):
                describe(projection, "With", add)
                if let predicate { add("Filter", predicate.text, at: 1) }
            case .return(let projection):
                describe(projection, "Return", add)
            case .call(let call):
                add("ProcedureCall", "\(call.name)(\(call.arguments.map(\.text).joined(separator: ", ")))")
            case .create(let patterns, _):
                add("Create", patterns.map(Self.text).joined(separator: ", "))
            case .merge(let merge):
                add("Merge", Self.text(merge.pattern))
                if !merge.onCreate.isEmpty { add("OnCreateSet", merge.onCreate.map(\.text).joined(separator: ", "), at: 1) }
                if !merge.onMatch.isEmpty { add("OnMatchSet", merge.onMatch.map(\.text).joined(separator: ", "), at: 1) }
            case .set(let items, _):
                add("Set", items.map(\.text).joined(separator: ", "))
            case .remove(let items, _):
                add("Remove", items.map(\.text).joined(separator: ", "))
            case .delete(let targets, let detach, _):
                add(detach ? "DetachDelete" : "Delete", targets.map(\.text).joined(separator: ", "))
            }
        }
        return steps
    }

    private func describe(_ part: MatchPlan.Part, _ add: (String, String, Double?, Int) -> Void) {
        let element = part.pattern.element
        if part.pattern.shortest != .none {
            add(part.pattern.shortest == .one ? "ShortestPath" : "AllShortestPaths", Self.text(part.pattern), part.estimatedRows, 1)
            if !part.filters.last!.isEmpty { add("Filter", Self.conjunction(part.filters.last!), nil, 2) }
            return
        }
        let start = element.start
        let name = start.variable ?? "anonymous node"
        let reversed = part.reversed ? " (the pattern read from its other end)" : ""
        switch part.start {
        case .bound(let variable): add("Argument", variable + reversed, nil, 1)
        case .ids(let variable, let count): add("NodeById", "\(variable): \(count) id\(count == 1 ? "" : "s")\(reversed)", nil, 1)
        case .label(let label):
            add("NodeByLabelScan", "\(name):\(label)\(reversed)", Double(evaluator.view.estimatedCount(label: label)), 1)
        case .allNodes: add("AllNodesScan", name + reversed, Double(evaluator.view.estimatedNodeCount), 1)
        }
        let startTest = start.labels.filter { part.start != .label($0) }
        if !startTest.isEmpty || start.properties != nil {
            add(
                "Filter",
                NodePattern(variable: start.variable, labels: startTest, properties: start.properties, location: start.location).text, nil,
                2)
        }
        if !part.filters[0].isEmpty { add("Filter", Self.conjunction(part.filters[0]), nil, 2) }
        var previous = start
        for (offset, step) in element.chain.enumerated() {
            let from = NodePattern(variable: previous.variable, labels: [], properties: nil, location: previous.location)
            add(step.relationship.length == nil ? "Expand" : "VarLengthExpand", from.text + step.relationship.text + step.node.text, nil, 1)
            if !part.filters[offset + 1].isEmpty { add("Filter", Self.conjunction(part.filters[offset + 1]), nil, 2) }
            previous = step.node
        }
        if !part.filters.last!.isEmpty { add("Filter", Self.conjunction(part.filters.last!), nil, 2) }
    }

    private func describe(_ projection: Projection, _ clause: String, _ add: (String, String, Double?, Int) -> Void) {
        var items = projection.items.map { item in item.alias.map { "\(item.expression.text) AS \($0)" } ?? item.text }
        if projection.star { items.insert("*", at: 0) }
        let aggregating = projection.items.contains { AggregateFunction.occurs(in: $0.expression) }
        add(aggregating ? "\(clause) (grouping)" : clause, (projection.distinct ? "DISTINCT " : "") + items.joined(separator: ", "), nil, 0)
        if !projection.orderBy.isEmpty {
            add("Sort", projection.orderBy.map { $0.text + ($0.descending ? " DESC" : "") }.joined(separator: ", "), nil, 1)
        }
        if let skip = projection.skip { add("Skip", skip.text, nil, 1) }
        if let limit = projection.limit { add("Limit", limit.text, nil, 1) }
    }

    private static func text(_ part: PatternPart) -> String {
        let element: String
        switch part.shortest {
        case .none: element = part.element.text
        case .one: element = "shortestPath(\(part.element.text))"
        case .all: element = "allShortestPaths(\(part.element.text))"
        }
        return part.variable.map { "\($0) = \(element)" } ?? element
    }

    private static func conjunction(_ conditions: [Expression]) -> String { conditions.map(\.text).joined(separator: " AND ") }
}

extension Executor {
    /// The plan `statement` would run with on this executor's view, without running it.
    public func explain(_ statement: Statement) throws(QueryError) -> QueryPlan {
        try Explainer(evaluator: evaluator).plan(statement)
    }
}
