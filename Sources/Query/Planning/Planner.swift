// The planner: for one MATCH clause, which pattern part to match first, from which end, starting where,
// and where each WHERE conjunct is tested. Costs come from the view's O(1) counts (nodes, nodes per
// label, relationships per type), assuming edges spread evenly: crude, but enough to start from an id
// or a rare label instead of every node, to expand from the end already known, and to reject rows as
// soon as the variables a condition reads are bound.
import Graph

/// Plans MATCH clauses against one view.
struct Planner {
    let evaluator: Evaluator
    var view: GraphView { evaluator.view }

    /// The share of `count` nodes a `{key: value}` map keeps: equality on a property is guessed to
    /// pick out about √count of them (between names, unique, and kinds of thing, shared by many).
    private static func propertySelectivity(among count: Double) -> Double { 1 / max(10, count.squareRoot()) }

    /// The plan for `patterns` with `predicate`, when the variables `bound` are bound before the clause.
    /// Greedy choice is quadratic in the parts, so it counts against the query's time like matching.
    func plan(_ patterns: [PatternPart], where predicate: Expression?, bound: Set<String>) throws(QueryError) -> MatchPlan {
        let hints = IdHints(predicate, patterns: patterns, evaluator)
        var remaining = Array(patterns.indices)
        var known = bound
        var parts: [MatchPlan.Part] = []
        var rows = 1.0
        // Greedy: the cheapest part given what is bound so far; ties keep the written order.
        while !remaining.isEmpty {
            var best: (position: Int, part: MatchPlan.Part, cost: Double)? = nil
            for (position, index) in remaining.enumerated() {
                try evaluator.budget.tick()
                let (part, cost) = orient(patterns[index], known: known, hints: hints)
                if best == nil || cost < best!.cost { best = (position, part, cost) }
            }
            let chosen = best!
            remaining.remove(at: chosen.position)
            parts.append(chosen.part)
            known.formUnion(Self.variables(of: chosen.part.pattern))
            rows *= chosen.part.estimatedRows
        }
        var before: [Expression] = []
        for conjunct in predicate?.conjuncts ?? [] {
            let reads = conjunct.freeVariables
            if reads.isSubset(of: bound) {
                before.append(conjunct)
            } else {
                place(conjunct, reading: reads, in: &parts, bound: bound)
            }
        }
        // A part started from an id hint has only the nodes its conditions allow: no need to test them.
        for index in parts.indices {
            guard case .ids(let name, _) = parts[index].start, let used = hints.conjuncts[name] else { continue }
            parts[index].filters[0].removeAll(where: used.contains)
        }
        if !parts.isEmpty { parts[parts.count - 1].isLast = true }
        return MatchPlan(parts: parts, before: before, hints: hints, estimatedRows: rows)
    }

    /// Puts `conjunct` at the first stage where every variable it reads is bound.
    private func place(_ conjunct: Expression, reading reads: Set<String>, in parts: inout [MatchPlan.Part], bound: Set<String>) {
        var known = bound
        for index in parts.indices {
            let element = parts[index].pattern.element
            // A shortest path binds its variables all at once, at the end of its part.
            if parts[index].pattern.shortest == .none {
                if let name = element.start.variable { known.insert(name) }
                if reads.isSubset(of: known) { return parts[index].filters[0].append(conjunct) }
                for (offset, step) in element.chain.enumerated() {
                    if let name = step.relationship.variable { known.insert(name) }
                    if let name = step.node.variable { known.insert(name) }
                    if reads.isSubset(of: known) { return parts[index].filters[offset + 1].append(conjunct) }
                }
            }
            known.formUnion(Self.variables(of: parts[index].pattern))
            if reads.isSubset(of: known) || index == parts.count - 1 {
                return parts[index].filters[element.chain.count + 1].append(conjunct)
            }
        }
    }

    /// The part matched from its cheaper end, with its cost (nodes scanned plus rows made per step).
    private func orient(_ pattern: PatternPart, known: Set<String>, hints: IdHints) -> (MatchPlan.Part, Double) {
        let forward = cost(of: pattern, known: known, hints: hints)
        var part = MatchPlan.Part(
            pattern: pattern, reversed: false, start: forward.start, estimatedRows: forward.rows,
            filters: Array(repeating: [], count: pattern.element.chain.count + 2))
        guard Self.isReversible(pattern) else { return (part, forward.cost) }
        let reversed = Self.reversed(pattern)
        let backward = cost(of: reversed, known: known, hints: hints)
        guard backward.cost < forward.cost else { return (part, forward.cost) }
        part.pattern = reversed
        part.reversed = true
        part.start = backward.start
        part.estimatedRows = backward.rows
        return (part, backward.cost)
    }

    private func cost(of pattern: PatternPart, known: Set<String>, hints: IdHints) -> (start: MatchPlan.Start, rows: Double, cost: Double) {
        let nodeCount = Double(max(view.estimatedNodeCount, 1))
        let element = pattern.element
        let (start, scanned) = self.start(for: element.start, known: known, hints: hints)
        var rows = scanned * selectivity(of: element.start, bound: start.isBound, hints: hints, scanned: start)
        var cost = scanned
        // The variables the part binds as it goes, beside `known` (not copied: it may hold hundreds).
        var added: [String] = []
        func isKnown(_ node: NodePattern) -> Bool { node.variable.map { known.contains($0) || added.contains($0) } ?? false }
        if let name = element.start.variable { added.append(name) }
        for step in element.chain {
            let relationship = step.relationship
            let edges =
                relationship.types.isEmpty
                ? Double(view.estimatedCount(relationshipType: nil))
                : relationship.types.reduce(0) { $0 + Double(view.estimatedCount(relationshipType: $1)) }
            let fanOut = edges / nodeCount * (relationship.direction == .either ? 2 : 1)
            var reach = fanOut
            if let length = relationship.length {
                let minimum = length.minimum ?? 1, maximum = length.maximum ?? max(minimum, evaluator.budget.limits.defaultDepth)
                reach = minimum == 0 ? 1 : 0
                var walks = 1.0
                for hops in 1...max(maximum, 1) {
                    walks = min(walks * fanOut, 1e15)
                    if hops >= minimum { reach += walks }
                }
            }
            if pattern.shortest != .none {
                // One path (or the few shortest) per pair of ends, not every walk.
                reach = min(reach, nodeCount)
                cost += rows * reach
                rows *= isKnown(step.node) ? 1 : reach * selectivity(of: step.node, bound: false, hints: hints, scanned: nil)
                continue
            }
            cost += rows * reach
            rows = min(rows * reach, 1e15) * selectivity(of: step.node, bound: isKnown(step.node), hints: hints, scanned: nil)
            if let name = relationship.variable { added.append(name) }
            if let name = step.node.variable { added.append(name) }
        }
        return (start, rows, cost)
    }

    /// Where a part starting at `node` gets its nodes, and how many it reads.
    private func start(for node: NodePattern, known: Set<String>, hints: IdHints) -> (MatchPlan.Start, Double) {
        if let name = node.variable, known.contains(name) { return (.bound(name), 1) }
        if let name = node.variable, let nodes = hints.candidates[name] { return (.ids(name, count: nodes.count), Double(nodes.count)) }
        if let rarest = node.labels.min(by: { view.estimatedCount(label: $0) < view.estimatedCount(label: $1) }) {
            return (.label(rarest), Double(view.estimatedCount(label: rarest)))
        }
        return (.allNodes, Double(view.estimatedNodeCount))
    }

    /// The share of the nodes reached (or scanned, from `scanned`) that a node pattern keeps; `bound`
    /// when its variable is bound already.
    private func selectivity(of node: NodePattern, bound: Bool, hints: IdHints, scanned: MatchPlan.Start?) -> Double {
        let nodeCount = Double(max(view.estimatedNodeCount, 1))
        var share = 1.0
        if bound {
            share = scanned == nil ? 1 / nodeCount : 1
        } else if let name = node.variable, let nodes = hints.candidates[name] {
            share = scanned == nil ? Double(nodes.count) / nodeCount : 1
        } else {
            for label in node.labels where scanned != .label(label) { share *= Double(view.estimatedCount(label: label)) / nodeCount }
        }
        if node.properties != nil {
            // The nodes the map picks from: the scanned label's, or all, narrowed by the tests above.
            var population = nodeCount
            if case .label(let label) = scanned { population = Double(view.estimatedCount(label: label)) }
            share *= Self.propertySelectivity(among: max(1, population * share))
        }
        return share
    }

    /// Whether a part may be matched from its other end: its value has no order (no path variable,
    /// no named variable-length relationship list) and it is not a shortest path.
    private static func isReversible(_ part: PatternPart) -> Bool {
        part.variable == nil && part.shortest == .none
            && part.element.chain.allSatisfy { $0.relationship.length == nil || $0.relationship.variable == nil }
    }

    /// The part written from its last node to its first, every relationship turned round.
    static func reversed(_ part: PatternPart) -> PatternPart {
        let element = part.element
        let nodes = [element.start] + element.chain.map(\.node)
        var steps: [PatternStep] = []
        for index in stride(from: element.chain.count - 1, through: 0, by: -1) {
            var relationship = element.chain[index].relationship
            switch relationship.direction {
            case .outgoing: relationship.direction = .incoming
            case .incoming: relationship.direction = .outgoing
            case .either: break
            }
            steps.append(PatternStep(relationship: relationship, node: nodes[index]))
        }
        return PatternPart(variable: part.variable, shortest: part.shortest, element: PatternElement(start: nodes.last!, chain: steps))
    }

    /// Every variable a part binds (its path variable included).
    static func variables(of part: PatternPart) -> [String] {
        (part.variable.map { [$0] } ?? []) + part.element.variables.map(\.name)
    }
}
