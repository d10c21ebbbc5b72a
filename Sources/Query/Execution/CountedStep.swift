// A MATCH whose last step an aggregation only counts — `MATCH (p:Person)-[r]-() WITH p, count(r) AS d`,
// `MATCH (l:Lab)<-[:MEMBER_OF]-(:Person) RETURN l.name, count(*)` — is not expanded into a row per
// relationship: each start node's rows are counted from its adjacency list (a node's degree is the
// length of its list, less the relationships of other types, not live, or leading to nodes without
// the labels asked for) and added to its group once, with that count.

/// The step an aggregation only counts, and the MATCH without it.
struct CountedStep {
    /// The MATCH's one pattern part without the counted step: its start node alone.
    let part: MatchPlan.Part
    /// The MATCH's conjuncts tested before any node, and the nodes its id conditions allow.
    let before: [Expression]
    let hints: IdHints
    let relationship: RelationshipPattern
    /// The labels the node at the step's other end must have.
    let endLabels: [String]
    /// The variables the step binds (its relationship's and its end node's), which the aggregation
    /// reads only as `count(…)`: each is non-null on every row the step would have made.
    let counted: Set<String>

    /// The counted form of `plan` for the aggregating `projection` after it, when it has one: a single
    /// pattern part of one fixed-length step, nothing tested after the step (no WHERE conjunct on its
    /// variables, no property map on the relationship or the end node, no path variable), its
    /// variables new (not bound in `scope` before) and read by the projection only as `count(x)`;
    /// every aggregate of the projection a count without DISTINCT. Nil otherwise.
    init?(_ plan: MatchPlan, for projection: Projection, scope: Set<String>) {
        guard plan.parts.count == 1, let part = plan.parts.first, part.pattern.variable == nil, part.pattern.shortest == .none,
            part.pattern.element.chain.count == 1, part.filters.count == 3, part.filters[1].isEmpty, part.filters[2].isEmpty
        else { return nil }
        let start = part.pattern.element.start, step = part.pattern.element.chain[0]
        let relationship = step.relationship, end = step.node
        guard relationship.length == nil, relationship.properties == nil, end.properties == nil else { return nil }
        let counted = Set([relationship.variable, end.variable].compactMap { $0 })
        // A step variable bound before, or naming the start node, is a join with what is bound, not a count.
        guard counted.isDisjoint(with: scope), start.variable.map({ !counted.contains($0) }) ?? true,
            Self.onlyCounts(counted, in: projection)
        else { return nil }
        var shortened = part
        shortened.pattern.element.chain = []
        shortened.filters = [part.filters[0], []]
        self.part = shortened
        before = plan.before
        hints = plan.hints
        self.relationship = relationship
        endLabels = end.labels
        self.counted = counted
    }

    /// Whether every aggregate of `projection` is a whole item `count(*)` or `count(x)` without
    /// DISTINCT whose argument is a counted variable or reads none, and no other item reads one.
    private static func onlyCounts(_ counted: Set<String>, in projection: Projection) -> Bool {
        projection.items.allSatisfy { item in
            guard AggregateFunction.occurs(in: item.expression) else { return item.expression.freeVariables.isDisjoint(with: counted) }
            guard let call = AggregateFunction.call(in: item.expression), call.function == .count, !call.distinct else { return false }
            guard let argument = call.argument else { return true }
            if case .variable(let name) = argument.kind, counted.contains(name) { return true }
            return argument.freeVariables.isDisjoint(with: counted)
        }
    }
}
