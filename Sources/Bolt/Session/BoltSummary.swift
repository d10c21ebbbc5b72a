// The SUCCESS that ends an answer's stream: what kind of query it was, its write statistics, and the
// bookmark of an auto-commit query.
import Kennis

enum BoltSummary {
    /// The summary of a query that wrote (`wrote`: its statistics) or only read, returning rows or
    /// not; `streamed`: how long the client took to read it, where that is its own time; `plan`: for
    /// EXPLAIN and PROFILE.
    static func metadata(
        wrote: Bool, returnsRows: Bool, bookmark: String?, statistics: WriteStatistics?, streamed: Duration? = nil,
        plan: QueryPlan? = nil
    ) -> PackStreamValue {
        var entries: [(key: String, value: PackStreamValue)] = [
            ("type", .string(!wrote ? "r" : returnsRows ? "rw" : "w")), ("db", .string("kennis")),
        ]
        if let streamed { entries.append(("t_last", .integer(milliseconds(streamed)))) }
        if let bookmark { entries.append(("bookmark", .string(bookmark))) }
        if let statistics { entries.append(("stats", stats(statistics))) }
        if let plan, let tree = BoltPlan.tree(plan) { entries.append((plan.profiled ? "profile" : "plan", tree)) }
        return .map(entries)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    private static func stats(_ statistics: WriteStatistics) -> PackStreamValue {
        let counts: [(String, Int)] = [
            ("nodes-created", statistics.nodesCreated), ("nodes-deleted", statistics.nodesDeleted),
            ("relationships-created", statistics.relationshipsCreated), ("relationships-deleted", statistics.relationshipsDeleted),
            ("properties-set", statistics.propertiesSet), ("labels-added", statistics.labelsAdded),
            ("labels-removed", statistics.labelsRemoved),
        ]
        return .map(counts.filter { $0.1 > 0 }.map { ($0.0, .integer(Int64($0.1))) })
    }
}
