// A MATCH whose last step only an aggregation reads — `MATCH (p:Person)-[r]-() WITH p, count(r) AS d`,
// `MATCH (l:Lab)<-[:MEMBER_OF]-(p:Person) RETURN l.name, avg(p.h_index)` — is not expanded into a row
// per relationship through the matcher: each start node finds its group once, and the step's
// relationships fold into it straight from the adjacency lists. When every aggregate is a plain count,
// nothing is folded at all: a start node's rows are counted (a node's degree is the length of its
// list, less the relationships of other types, not live, or leading to nodes without the labels asked
// for) and added to its group at once.
import Graph

/// The step an aggregation alone reads, and the MATCH without it.
struct AggregatedStep {
    /// The MATCH's one pattern part without the step: its start node alone.
    let part: MatchPlan.Part
    /// The MATCH's conjuncts tested before any node, and the nodes its id conditions allow.
    let before: [Expression]
    let hints: IdHints
    let relationship: RelationshipPattern
    /// The labels the node at the step's other end must have, and the variable it is bound to, if any.
    let endLabels: [String]
    let endVariable: String?
    /// The variables the step binds (its relationship's and its end node's).
    let variables: Set<String>
    /// Whether every aggregate is a count without DISTINCT that reads no step variable but as `count(x)`
    /// of one (non-null on every row the step would make): the step's rows are then only counted.
    let countsOnly: Bool
}

// The memberwise initialiser stays: the checks that make one are in this extension.
extension AggregatedStep {

    /// The form of `plan` for the aggregating `projection` after it, when it has one: a single pattern
    /// part of one fixed-length step, nothing tested after the step (no WHERE conjunct on its variables,
    /// no property map on the relationship or the end node, no path variable), its variables new (not
    /// bound in `scope` before) and read by the projection only inside the arguments of aggregates that
    /// are whole items — as the planner oriented the part, or else from its other end (when nothing
    /// but a map on that end is tested: `MATCH (p:Person)-[:WORKS_ON]->(x:Project) RETURN p.name,
    /// sum(x.budget)` starts from the people although projects are fewer). Nil otherwise.
    init?(_ plan: MatchPlan, for projection: Projection, scope: Set<String>) {
        guard let made = Self.make(plan, projection, scope) ?? Self.flipped(plan, scope).flatMap({ Self.make($0, projection, scope) })
        else { return nil }
        self = made
    }

    /// `plan`'s one part matched from its other end, when the planner's orientation tested nothing
    /// but maps on the start (no WHERE conjunct, no id condition) and the other end has no map.
    private static func flipped(_ plan: MatchPlan, _ scope: Set<String>) -> MatchPlan? {
        guard plan.parts.count == 1, var part = plan.parts.first, part.pattern.element.chain.count == 1, plan.hints.candidates.isEmpty,
            part.filters.allSatisfy(\.isEmpty), part.pattern.element.start.properties == nil
        else { return nil }
        part.pattern = Planner.reversed(part.pattern)
        part.reversed.toggle()
        let start = part.pattern.element.start
        if let name = start.variable, scope.contains(name) {
            part.start = .bound(name)
        } else {
            part.start = start.labels.first.map { .label($0) } ?? .allNodes
        }
        var flipped = plan
        flipped.parts = [part]
        return flipped
    }

    private static func make(_ plan: MatchPlan, _ projection: Projection, _ scope: Set<String>) -> AggregatedStep? {
        guard plan.parts.count == 1, let part = plan.parts.first, part.pattern.variable == nil, part.pattern.shortest == .none,
            part.pattern.element.chain.count == 1, part.filters.count == 3, part.filters[1].isEmpty, part.filters[2].isEmpty
        else { return nil }
        let start = part.pattern.element.start, step = part.pattern.element.chain[0]
        let relationship = step.relationship, end = step.node
        guard relationship.length == nil, relationship.properties == nil, end.properties == nil else { return nil }
        let variables = Set([relationship.variable, end.variable].compactMap { $0 })
        // A step variable bound before, or naming the start node, is a join with what is bound, not a fold.
        guard variables.isDisjoint(with: scope), start.variable.map({ !variables.contains($0) }) ?? true,
            Self.onlyAggregated(variables, in: projection)
        else { return nil }
        var shortened = part
        shortened.pattern.element.chain = []
        shortened.filters = [part.filters[0], []]
        return AggregatedStep(
            part: shortened, before: plan.before, hints: plan.hints, relationship: relationship, endLabels: end.labels,
            endVariable: end.variable, variables: variables, countsOnly: Self.onlyCounts(variables, in: projection))
    }

    /// Whether the step's variables are read only inside the arguments of aggregates that are whole
    /// items, and no key calls rand() (a key is computed once per start node, not once per row).
    private static func onlyAggregated(_ variables: Set<String>, in projection: Projection) -> Bool {
        projection.items.allSatisfy { item in
            if AggregateFunction.call(in: item.expression) != nil { return true }
            return item.expression.freeVariables.isDisjoint(with: variables) && !item.expression.callsRand
        }
    }

    /// Whether every aggregate of `projection` is a whole item `count(*)` or `count(x)` without
    /// DISTINCT whose argument is a step variable or reads none.
    private static func onlyCounts(_ variables: Set<String>, in projection: Projection) -> Bool {
        projection.items.allSatisfy { item in
            guard AggregateFunction.occurs(in: item.expression) else { return true }
            guard let call = AggregateFunction.call(in: item.expression), call.function == .count, !call.distinct else { return false }
            guard let argument = call.argument else { return true }
            if case .variable(let name) = argument.kind, variables.contains(name) { return true }
            return argument.freeVariables.isDisjoint(with: variables)
        }
    }
}

/// A row the step would have made, without making it: the start row, and the step's relationship and
/// end node under their names.
struct StepRow: Bindings {
    let start: Row
    let relationshipVariable: String?
    let relationship: Relationship
    let endVariable: String?
    let end: Node

    func value(of name: String) -> Value? {
        if name == relationshipVariable { return .relationship(relationship) }
        if name == endVariable { return .node(end) }
        return start.value(of: name)
    }
}
