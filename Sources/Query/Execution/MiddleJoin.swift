// A MATCH of one chain of several fixed steps that only a grouped count reads — the lab × lab query,
// `MATCH (a:Lab)<-[:MEMBER_OF]-(p)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(q)-[:MEMBER_OF]->(b:Lab)
// WHERE a.name < b.name AND p <> q RETURN a.name, b.name, count(DISTINCT x)` — is matched from a node
// in its middle. Depth first from one end, the far half of the chain is walked again for every way of
// reaching the middle node, and every match is made into a row whose key and conditions are computed
// afresh: at scale M, 66 million rows. Joined at the middle, each middle node's two halves (its arms)
// are walked once; each arm computes its own part of the grouping key and its side of each condition
// that compares the two arms; the matches are the pairs of one arm from each side, and a pair costs a
// few comparisons and a group lookup. `count(DISTINCT x)` of the middle node is one more per group
// and middle node, with no set of the nodes seen. The matches, and so the groups, are those the
// matcher finds: the same relationships never twice in one match, the same conditions.
import Graph

/// How a chain is matched from its middle node, when the MATCH and the grouping after it allow.
struct MiddleJoin {
    /// The MATCH's conjuncts that read no variable of the pattern, tested once per incoming row.
    let before: [Expression]
    /// The middle node's pattern, and the label whose nodes are its candidates (nil: every node).
    let middle: NodePattern
    let middleLabel: String?
    /// The conjuncts that read the middle node alone, tested before its arms are walked.
    let middleConditions: [Expression]
    /// The chain's halves, each walked from the middle node outwards: [0] towards the start, [1] towards the end.
    let arms: [Arm]
    /// The conjuncts that compare the two arms, each side computed by its arm (`Arm.sides`).
    let crossings: [Crossing]
    /// Per grouping key, in the projection's order: the arm that computes it and its place in `Arm.keys`.
    let keyPlaces: [(arm: Int, position: Int)]
    /// Per aggregate call, in the projection's order: whether it counts distinct middle nodes (else rows).
    let countsDistinctMiddle: [Bool]

    /// One half of the chain, from the middle node outwards.
    struct Arm {
        let steps: [PatternStep]
        /// The conjuncts that read this arm's variables (and perhaps the middle node's), tested on each walk.
        var conditions: [Expression] = []
        /// The grouping keys this arm computes, and its side of each crossing.
        var keys: [Expression] = []
        var sides: [Expression] = []
    }

    /// `left op right` with each operand read by one arm; `startFirst`: the left operand is arm 0's.
    struct Crossing {
        let condition: Expression
        let operation: BinaryOperator
        let startFirst: Bool
    }
}

// The memberwise initialiser stays: the checks that make one are in this extension.
extension MiddleJoin {

    /// The join of `plan` for the aggregating `projection` after it, when it has one: one pattern part,
    /// no path variable, a chain of at least two steps of one hop each, with no variable on a
    /// relationship and no property map, every node variable new and named once; not started by an
    /// id or a value index (a few start nodes: depth first is quicker); every conjunct reading one arm,
    /// or comparing (`=`, `<>`, `<`, `<=`, `>`, `>=`) something of one arm with something of the other;
    /// every grouping key of one arm and none calling rand(); every aggregate a whole item `count(*)`,
    /// `count(v)` of a node variable, or `count(DISTINCT m)` of an inner node (the middle then). Nil otherwise.
    init?(_ plan: MatchPlan, for projection: Projection, scope: Set<String>, in view: GraphView) {
        guard plan.parts.count == 1, let part = plan.parts.first, plan.hints.candidates.isEmpty, Self.isPlain(part, scope),
            let counts = Self.counts(projection, Self.nodeVariables(of: part.pattern.element))
        else { return nil }
        let element = part.pattern.element
        let nodes = [element.start] + element.chain.map(\.node)
        guard let middle = Self.middle(of: nodes, counting: counts.distinct, view) else { return nil }
        let start = PatternPart(
            variable: nil, shortest: .none, element: PatternElement(start: nodes[0], chain: Array(element.chain[..<middle])))
        var arms = [
            Arm(steps: Planner.reversed(start).element.chain),
            Arm(steps: Array(element.chain[middle...])),
        ]
        let armVariables = [Set(nodes[..<middle].compactMap(\.variable)), Set(nodes[(middle + 1)...].compactMap(\.variable))]
        // What an expression reads of the arms: each arm binds the middle node too.
        let outside = scope.union([nodes[middle].variable].compactMap { $0 })
        let scoped = { (expression: Expression) in expression.freeVariables.subtracting(outside) }
        var middleConditions: [Expression] = []
        var crossings: [Crossing] = []
        for conjunct in part.filters.joined() {
            let read = scoped(conjunct)
            if read.isEmpty {
                middleConditions.append(conjunct)
            } else if let arm = armVariables.firstIndex(where: { read.isSubset(of: $0) }) {
                arms[arm].conditions.append(conjunct)
            } else {
                guard let crossing = Self.crossing(conjunct, armVariables, scoped, into: &arms) else { return nil }
                crossings.append(crossing)
            }
        }
        var keyPlaces: [(arm: Int, position: Int)] = []
        for item in projection.items where !AggregateFunction.occurs(in: item.expression) {
            guard !item.expression.callsRand, let arm = Self.arm(reading: scoped(item.expression), armVariables) else { return nil }
            keyPlaces.append((arm, arms[arm].keys.count))
            arms[arm].keys.append(item.expression)
        }
        self.init(
            before: plan.before, middle: nodes[middle], middleLabel: nodes[middle].labels.first, middleConditions: middleConditions,
            arms: arms, crossings: crossings, keyPlaces: keyPlaces, countsDistinctMiddle: counts.calls)
    }

    /// Whether `part` is a chain the join can match: see `init`.
    private static func isPlain(_ part: MatchPlan.Part, _ scope: Set<String>) -> Bool {
        let element = part.pattern.element
        let nodes = [element.start] + element.chain.map(\.node)
        let names = nodes.compactMap(\.variable)
        let scans: Bool
        switch part.start {
        case .label, .allNodes: scans = true
        case .bound, .ids: scans = false
        }
        guard scans, part.pattern.variable == nil, part.pattern.shortest == .none, element.chain.count >= 2,
            nodes.allSatisfy({ $0.properties == nil }), Set(names).count == names.count, scope.isDisjoint(with: names),
            element.chain.allSatisfy({
                $0.relationship.variable == nil && $0.relationship.length == nil && $0.relationship.properties == nil
            })
        else { return false }
        // A start the value index serves is a few nodes: the matcher's way is quicker from there.
        let computable = { (expression: Expression) in expression.freeVariables.isSubset(of: scope) }
        return PatternMatcher.indexable(in: part.filters[0], on: element.start.variable, computable: computable) == nil
    }

    private static func nodeVariables(of element: PatternElement) -> Set<String> {
        Set(([element.start] + element.chain.map(\.node)).compactMap(\.variable))
    }

    /// Per aggregate call of `projection`, whether it is `count(DISTINCT v)` (else a count of rows),
    /// and the `v` such calls count; nil when an aggregate is anything else, or DISTINCT counts two things.
    private static func counts(_ projection: Projection, _ nodes: Set<String>) -> (calls: [Bool], distinct: String?)? {
        var calls: [Bool] = []
        var distinct: String?
        for item in projection.items where AggregateFunction.occurs(in: item.expression) {
            guard let call = AggregateFunction.call(in: item.expression), call.function == .count, call.parameter == nil else { return nil }
            guard let argument = call.argument else {
                calls.append(false)
                continue
            }
            // A node a match binds is never null: counting it counts the rows.
            guard case .variable(let name) = argument.kind, nodes.contains(name) else { return nil }
            if call.distinct {
                guard distinct == nil || distinct == name else { return nil }
                distinct = name
            }
            calls.append(call.distinct)
        }
        return (calls, distinct)
    }

    /// The position among `nodes` of the node to join at: the one DISTINCT counts, which must be inner;
    /// else the inner node of the fewest candidates (its label's count, or every node's).
    private static func middle(of nodes: [NodePattern], counting distinct: String?, _ view: GraphView) -> Int? {
        let inner = 1..<(nodes.count - 1)
        if let distinct {
            return inner.first { nodes[$0].variable == distinct }
        }
        let candidates = { (node: NodePattern) in node.labels.first.map { view.estimatedCount(label: $0) } ?? view.estimatedNodeCount }
        return inner.min { candidates(nodes[$0]) < candidates(nodes[$1]) }
    }

    /// The arm whose variables `read` are all among (arm 0 for what reads neither arm), if one is.
    private static func arm(reading read: Set<String>, _ armVariables: [Set<String>]) -> Int? {
        if read.isEmpty { return 0 }
        return armVariables.firstIndex { read.isSubset(of: $0) }
    }

    /// `conjunct` as a comparison of one arm's value with the other's, its sides appended to the arms.
    private static func crossing(
        _ conjunct: Expression, _ armVariables: [Set<String>], _ scoped: (Expression) -> Set<String>, into arms: inout [Arm]
    ) -> Crossing? {
        guard case .binary(let operation, let left, let right) = conjunct.kind,
            [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(operation),
            !left.callsRand, !right.callsRand,
            let leftArm = arm(reading: scoped(left), armVariables), let rightArm = arm(reading: scoped(right), armVariables),
            leftArm != rightArm
        else { return nil }
        arms[leftArm].sides.append(left)
        arms[rightArm].sides.append(right)
        return Crossing(condition: conjunct, operation: operation, startFirst: leftArm == 0)
    }
}
