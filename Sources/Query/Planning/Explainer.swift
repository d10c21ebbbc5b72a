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
            steps += try describe(part, index, scopes: scopes[index], depth: statement.parts.count > 1 ? 1 : 0)
        }
        return QueryPlan(seq: evaluator.view.seq, steps: steps)
    }

    /// The steps of the statement's `partIndex`th part; each clause's step carries its address, for
    /// PROFILE to find what running it measured.
    private func describe(
        _ query: SingleQuery, _ partIndex: Int, scopes: [Set<String>], depth: Int
    ) throws(QueryError) -> [QueryPlan.Step] {
        var out = PlanSteps(depth: depth)
        var rows = 1.0
        for (position, written) in query.clauses.enumerated() {
            out.clause = ClauseAddress(part: partIndex, position: position)
            switch written {
            case .match(let match):
                let plan = try Planner(evaluator: evaluator).plan(match.patterns, where: match.predicate, bound: scopes[position])
                rows *= plan.estimatedRows
                if match.optional { rows = max(rows, 1) }
                out.add(match.optional ? "OptionalMatch" : "Match", match.patterns.map(Self.text).joined(separator: ", "), rows)
                if !plan.before.isEmpty { out.add("Filter", Self.conjunction(plan.before), at: 1) }
                let projection = match.optional ? nil : Executor.projection(after: position, in: query, scopes: scopes)
                if let projection, let join = MiddleJoin(plan, for: projection, scope: scopes[position], in: evaluator.view) {
                    describe(join, into: &out)
                } else {
                    for part in plan.parts { describe(part, bound: scopes[position], into: &out) }
                    if let projection, let step = AggregatedStep(plan, for: projection, scope: scopes[position]) {
                        let how = step.countsOnly ? "counted" : "folded into each group"
                        out.add("AggregatedStep", "the last step \(how) from the adjacency lists: no row per relationship", at: 1)
                    }
                }
            case .unwind(let expression, let variable, _):
                out.add("Unwind", "\(expression.text) AS \(variable)")
            case .with(let projection, let predicate):
                describe(projection, "With", into: &out)
                if let predicate { out.add("Filter", predicate.text, at: 1) }
            case .return(let projection):
                describe(projection, "Return", into: &out)
            case .call(let call):
                out.add("ProcedureCall", "\(call.name)(\(call.arguments.map(\.text).joined(separator: ", ")))")
            case .create(let patterns, _):
                out.add("Create", patterns.map(Self.text).joined(separator: ", "))
            case .merge(let merge):
                out.add("Merge", Self.text(merge.pattern))
                if !merge.onCreate.isEmpty { out.add("OnCreateSet", merge.onCreate.map(\.text).joined(separator: ", "), at: 1) }
                if !merge.onMatch.isEmpty { out.add("OnMatchSet", merge.onMatch.map(\.text).joined(separator: ", "), at: 1) }
            case .set(let items, _):
                out.add("Set", items.map(\.text).joined(separator: ", "))
            case .remove(let items, _):
                out.add("Remove", items.map(\.text).joined(separator: ", "))
            case .delete(let targets, let detach, _):
                out.add(detach ? "DetachDelete" : "Delete", targets.map(\.text).joined(separator: ", "))
            }
        }
        return out.steps
    }

    /// A chain matched from its middle node: the middle's scan, each arm's steps from there, and the
    /// conditions tested on the pairs.
    private func describe(_ join: MiddleJoin, into out: inout PlanSteps) {
        let middle = join.middle
        let name = middle.variable ?? "anonymous node"
        out.add("MiddleJoin", "from (\(name)): each one's two arms walked once and paired, each pair counted, no row made", at: 1)
        if let label = middle.labels.first {
            let scanned = Double(evaluator.view.estimatedCount(label: label))
            out.add("NodeByLabelScan", "\(name):\(label)", scanned, at: 2, start: middle.location)
        } else {
            out.add("AllNodesScan", name, Double(evaluator.view.estimatedNodeCount), at: 2, start: middle.location)
        }
        if middle.labels.count > 1 { out.add("Filter", middle.text, at: 3) }
        if !join.middleConditions.isEmpty { out.add("Filter", Self.conjunction(join.middleConditions), at: 3) }
        for arm in join.arms {
            var previous = middle
            for step in arm.steps {
                let from = NodePattern(variable: previous.variable, labels: [], properties: nil, location: previous.location)
                out.add("Expand", from.text + step.relationship.text + step.node.text, at: 2)
                previous = step.node
            }
            if !arm.conditions.isEmpty { out.add("Filter", Self.conjunction(arm.conditions), at: 3) }
        }
        if !join.crossings.isEmpty { out.add("Filter", Self.conjunction(join.crossings.map(\.condition)), at: 2) }
    }

    private func describe(_ part: MatchPlan.Part, bound: Set<String>, into out: inout PlanSteps) {
        let element = part.pattern.element
        if part.pattern.shortest != .none {
            out.add(part.pattern.shortest == .one ? "ShortestPath" : "AllShortestPaths", Self.text(part.pattern), part.estimatedRows, at: 1)
            if !part.filters.last!.isEmpty { out.add("Filter", Self.conjunction(part.filters.last!), at: 2) }
            return
        }
        let start = element.start
        let name = start.variable ?? "anonymous node"
        let reversed = part.reversed ? " (the pattern read from its other end)" : ""
        switch part.start {
        case .bound(let variable): out.add("Argument", variable + reversed, at: 1, start: start.location)
        case .ids(let variable, let count):
            out.add("NodeById", "\(variable): \(count) id\(count == 1 ? "" : "s")\(reversed)", at: 1, start: start.location)
        case .label(let label):
            if let (key, value, isPrefix) = Self.indexed(start, part.filters[0], bound: bound) {
                let condition = "\(name):\(label)(\(key) \(isPrefix ? "STARTS WITH" : "=") \(value.text))"
                out.add(
                    isPrefix ? "NodeIndexPrefixSeek" : "NodeIndexSeek", condition + " when a string" + reversed, at: 1,
                    start: start.location)
            } else {
                let scanned = Double(evaluator.view.estimatedCount(label: label))
                out.add("NodeByLabelScan", "\(name):\(label)\(reversed)", scanned, at: 1, start: start.location)
            }
        case .allNodes: out.add("AllNodesScan", name + reversed, Double(evaluator.view.estimatedNodeCount), at: 1, start: start.location)
        }
        let startTest = start.labels.filter { part.start != .label($0) }
        if !startTest.isEmpty || start.properties != nil {
            let test = NodePattern(variable: start.variable, labels: startTest, properties: start.properties, location: start.location)
            out.add("Filter", test.text, at: 2)
        }
        if !part.filters[0].isEmpty { out.add("Filter", Self.conjunction(part.filters[0]), at: 2) }
        var previous = start
        for (offset, step) in element.chain.enumerated() {
            let from = NodePattern(variable: previous.variable, labels: [], properties: nil, location: previous.location)
            out.add(
                step.relationship.length == nil ? "Expand" : "VarLengthExpand", from.text + step.relationship.text + step.node.text, at: 1)
            if !part.filters[offset + 1].isEmpty { out.add("Filter", Self.conjunction(part.filters[offset + 1]), at: 2) }
            previous = step.node
        }
        if !part.filters.last!.isEmpty { out.add("Filter", Self.conjunction(part.filters.last!), at: 2) }
    }

    /// The condition a label scan's start takes from an index of the kind's string values, as the
    /// matcher does: an entry of the node's map, or a conjunct of the WHERE tested on it.
    private static func indexed(
        _ start: NodePattern, _ filters: [Expression], bound: Set<String>
    ) -> (key: String, value: Expression, isPrefix: Bool)? {
        let computable = { (expression: Expression) in expression.freeVariables.isSubset(of: bound) }
        if case .map(let entries)? = start.properties?.kind,
            let entry = entries.first(where: { $0.key != ElementIdentity.key && computable($0.value) })
        {
            return (entry.key, entry.value, false)
        }
        return PatternMatcher.indexable(in: filters, on: start.variable, computable: computable)
    }

    private func describe(_ projection: Projection, _ clause: String, into out: inout PlanSteps) {
        var items = projection.items.map { item in item.alias.map { "\(item.expression.text) AS \($0)" } ?? item.text }
        if projection.star { items.insert("*", at: 0) }
        let aggregating = projection.items.contains { AggregateFunction.occurs(in: $0.expression) }
        out.add(aggregating ? "\(clause) (grouping)" : clause, (projection.distinct ? "DISTINCT " : "") + items.joined(separator: ", "))
        if !projection.orderBy.isEmpty {
            out.add("Sort", projection.orderBy.map { $0.text + ($0.descending ? " DESC" : "") }.joined(separator: ", "), at: 1)
        }
        if let skip = projection.skip { out.add("Skip", skip.text, at: 1) }
        if let limit = projection.limit { out.add("Limit", limit.text, at: 1) }
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

/// The steps of one part of a plan as they are written out: each at its depth under the part's,
/// a clause's own step carrying the clause's address (for PROFILE), a pattern start's its place.
private struct PlanSteps {
    let depth: Int
    /// The clause being written out.
    var clause: ClauseAddress? = nil
    private(set) var steps: [QueryPlan.Step] = []

    init(depth: Int) { self.depth = depth }

    /// Adds a step `extra` levels under the clause (0: the clause itself).
    mutating func add(_ operation: String, _ detail: String, _ rows: Double? = nil, at extra: Int = 0, start: SourceLocation? = nil) {
        var step = QueryPlan.Step(depth: depth + extra, operation: operation, detail: detail, estimatedRows: rows)
        step.clause = extra == 0 ? clause : nil
        step.start = start
        steps.append(step)
    }
}
