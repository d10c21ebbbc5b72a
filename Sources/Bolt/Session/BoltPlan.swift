// A query's plan as the `plan` (EXPLAIN) or `profile` (PROFILE) entry of the summary that ends its
// stream, in the shape Neo4j drivers expose as `summary.plan` / `summary.profile`: each operator a map
// of `operatorType`, `args`, `identifiers` and `children` (the operators feeding it), and for PROFILE
// `rows` and `time` (nanoseconds) where they were measured.
import Kennis

enum BoltPlan {
    /// The plan as one tree: an operation's children are the operations indented under it, and the
    /// operation before it at its own level (what it reads from), so the root is the last clause.
    static func tree(_ plan: QueryPlan) -> PackStreamValue? {
        tree(plan.steps[...], profiled: plan.profiled)
    }

    private static func tree(_ steps: ArraySlice<QueryPlan.Step>, profiled: Bool) -> PackStreamValue? {
        guard let level = steps.map(\.depth).min() else { return nil }
        var previous: PackStreamValue? = nil
        var index = steps.startIndex
        while index < steps.endIndex {
            var end = index + 1
            while end < steps.endIndex && steps[end].depth > level { end += 1 }
            var children: [PackStreamValue] = []
            if let inner = tree(steps[(index + 1)..<end], profiled: profiled) { children.append(inner) }
            if let previous { children.append(previous) }
            previous = node(steps[index], children: children, profiled: profiled)
            index = end
        }
        return previous
    }

    private static func node(_ step: QueryPlan.Step, children: [PackStreamValue], profiled: Bool) -> PackStreamValue {
        var arguments: [(key: String, value: PackStreamValue)] = [("Details", .string(step.detail))]
        if let rows = step.estimatedRows, rows.isFinite { arguments.append(("EstimatedRows", .float(rows))) }
        var entries: [(key: String, value: PackStreamValue)] = [
            ("operatorType", .string(step.operation)), ("args", .map(arguments)), ("identifiers", .list([])),
            ("children", .list(children)),
        ]
        if profiled {
            if let rows = step.rows { entries.append(("rows", .integer(Int64(rows)))) }
            if let milliseconds = step.milliseconds { entries.append(("time", .integer(Int64(milliseconds * 1_000_000)))) }
        }
        return .map(entries)
    }
}
