// Running an `AggregatedStep`: each start node's step counted or folded into its group. A whole kind
// from one incoming row — thousands of start nodes, each an independent piece of work — is shared
// with a second thread: each takes half of the start nodes into groups of its own, and the second's
// groups are merged after the first's, so the answer is the one a single thread gives.
import Graph

extension Executor {
    /// Start nodes enough for their steps to end at the same nodes again and again (end nodes'
    /// values are then remembered), and for a second thread to be worth asking.
    private static var manyStartNodes: Int { 256 }

    /// Whether a step from `candidates` start nodes is worth a second thread (starting one costs
    /// about 50 µs, and its groups are merged after): a few hundred start nodes at least, and the
    /// relationships of the step's types many thousands (the labs' members: 2,500 labs, 55,000
    /// memberships), so each half is milliseconds of work.
    private func isWorthSharing(_ step: AggregatedStep, _ candidates: Int) -> Bool {
        guard candidates >= Self.manyStartNodes else { return false }
        let types: [String?] = step.relationship.types.isEmpty ? [nil] : step.relationship.types
        return types.reduce(0) { $0 + evaluator.view.estimatedCount(relationshipType: $1) } >= 16_384
    }

    /// Counts or folds `step` from each of `rows` into `grouping`; the rows the step stood for.
    func fold(
        _ step: AggregatedStep, from rows: [Row], into grouping: inout Grouping, _ projection: Projection, _ matcher: PatternMatcher
    ) throws(QueryError) -> Int {
        // One incoming row gives each start node once: no use remembering the group of each.
        grouping.remembersElements = rows.count > 1
        var taken = 0
        for row in rows {
            try evaluator.budget.tick()
            let candidates = try matcher.startCandidates(of: step, extending: row)
            try evaluator.budget.hold(candidates: candidates.count)
            defer { evaluator.budget.release(candidates: candidates.count) }
            // At the head an end node's value is one column entry: remembering it costs more than reading it.
            if candidates.count >= Self.manyStartNodes && !evaluator.view.isAtHead { grouping.remembersEndValues = true }
            if sharesWork, rows.count == 1, writes == nil, grouping.isMergeable, isWorthSharing(step, candidates.count) {
                taken += try foldShared(step, candidates, row, into: &grouping, projection)
            } else {
                taken += try Self.fold(step, candidates[...], row, into: &grouping, matcher)
            }
        }
        return taken
    }

    /// The start nodes' first half folded here, the second on another thread into groups of its own
    /// that are merged after these. An error of the first half is the one a single thread meets first.
    private func foldShared(
        _ step: AggregatedStep, _ candidates: [Node], _ row: Row, into grouping: inout Grouping, _ projection: Projection
    ) throws(QueryError) -> Int {
        let half = candidates.count / 2
        let helper = evaluator.onAnotherThread()
        guard var theirs = try Projector(evaluator: helper).grouping(for: projection) else { return 0 }
        theirs.remembersElements = false
        theirs.remembersEndValues = !helper.view.isAtHead
        let handed = HandedOver(value: (step, candidates[half...], row, theirs, PatternMatcher(evaluator: helper)))
        var mine: Result<Int, QueryError> = .success(0)
        let other = SecondThread.run({ () -> HandedOver<Result<(Grouping, Int), QueryError>> in
            var (step, share, row, grouping, matcher) = handed.value
            do throws(QueryError) {
                let taken = try Self.fold(step, share, row, into: &grouping, matcher)
                return HandedOver(value: .success((grouping, taken)))
            } catch {
                return HandedOver(value: .failure(error))
            }
        }) {
            do throws(QueryError) {
                mine = .success(try Self.fold(step, candidates[..<half], row, into: &grouping, PatternMatcher(evaluator: evaluator)))
            } catch {
                mine = .failure(error)
            }
        }
        let taken = try mine.get()
        let (groups, theirTaken) = try other.value.get()
        try grouping.merge(groups)
        return taken + theirTaken
    }

    /// Counts or folds `step` from each start node among `candidates` into `grouping`, with `matcher`
    /// (whose evaluator the grouping's is); the rows the step stood for.
    private static func fold(
        _ step: AggregatedStep, _ candidates: ArraySlice<Node>, _ row: Row, into grouping: inout Grouping, _ matcher: PatternMatcher
    ) throws(QueryError) -> Int {
        var taken = 0
        if step.countsOnly {
            try matcher.forEachCount(step, among: candidates, extending: row) { start, times throws(QueryError) in
                taken += times
                try grouping.add(start, times: times, counted: step.variables)
            }
        } else {
            try matcher.forEachExpansion(step, among: candidates, extending: row) { start, steps throws(QueryError) in
                taken += steps.count
                try grouping.add(start, steps: steps, of: step)
            }
        }
        return taken
    }
}
