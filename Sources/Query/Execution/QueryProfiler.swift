// What running a query measured, for PROFILE: per clause the rows it handed on and the time spent in
// it, and per pattern part the nodes its start considered. Kept by the query's budget (one per query,
// on one thread), so the executor and matcher record without being handed anything more.

/// Where a clause is in a statement: the UNION part and its position there.
struct ClauseAddress: Hashable, Sendable {
    let part: Int
    let position: Int
}

/// The measurements of one profiled query.
final class QueryProfiler {
    struct Measure {
        var rows = 0
        var time = Duration.zero
    }

    // Unchecked, as the budget's counters: one query, one thread.
    @exclusivity(unchecked) private(set) var clauses: [ClauseAddress: Measure] = [:]
    /// Per pattern part (by where its first node is written): the nodes its start considered.
    @exclusivity(unchecked) private(set) var starts: [SourceLocation: Int] = [:]

    /// Adds a clause's rows and time (a clause inside a subquery runs once per outer row).
    func record(_ clause: ClauseAddress, rows: Int, since start: ContinuousClock.Instant) {
        clauses[clause, default: Measure()].rows += rows
        clauses[clause, default: Measure()].time += ContinuousClock.now - start
    }

    /// Adds the nodes a pattern part's start considered.
    func considered(_ count: Int, startingAt location: SourceLocation) {
        starts[location, default: 0] += count
    }

    /// `plan` with what was measured written into its steps.
    func annotated(_ plan: QueryPlan) -> QueryPlan {
        var steps = plan.steps
        for index in steps.indices {
            if let clause = steps[index].clause, let measure = clauses[clause] {
                steps[index].rows = measure.rows
                steps[index].milliseconds =
                    Double(measure.time.components.seconds) * 1e3 + Double(measure.time.components.attoseconds) / 1e15
            }
            if let start = steps[index].start { steps[index].rows = starts[start] ?? 0 }
        }
        return QueryPlan(seq: plan.seq, steps: steps, profiled: true)
    }
}
