// Matching the patterns of one MATCH clause against a graph view, row by row. Variables already bound
// in the row constrain the match; new ones are bound by it. Within one MATCH a relationship is used at
// most once (openCypher's relationship isomorphism), across all its pattern parts.
import Graph

/// Extends a row with every way a MATCH clause's patterns occur in the view.
struct PatternMatcher {
    let evaluator: Evaluator
    var view: GraphView { evaluator.view }
    var limits: QueryLimits { evaluator.budget.limits }
    var budget: Budget { evaluator.budget }

    /// Every extension of `row` that matches all of `patterns`.
    func matches(of patterns: [PatternPart], extending row: Row, hints: IdHints = IdHints()) throws(QueryError) -> [Row] {
        var rows = [(row: row, used: Set<Relationship>())]
        for var part in patterns {
            try check(part)
            part = oriented(part, row, hints)
            var next: [(row: Row, used: Set<Relationship>)] = []
            for partial in rows {
                try match(part, partial.row, partial.used, hints) { row, used, path throws(QueryError) in
                    let bound = part.variable.map { row.binding($0, to: path.map(Value.path) ?? .null) } ?? row
                    next.append((bound, used))
                    try budget.check(rows: next.count)
                }
            }
            rows = next
        }
        return rows.map(\.row)
    }

    /// The part written from its other end when only that end is known (bound already, or named by
    /// an id hint): the same matches, found from the cheap end. Named paths and variable-length steps
    /// keep their direction, as their values (a path, a list of relationships) have an order.
    private func oriented(_ part: PatternPart, _ row: Row, _ hints: IdHints) -> PatternPart {
        let element = part.element
        guard let last = element.chain.last?.node, part.variable == nil, part.shortest == .none,
            element.chain.allSatisfy({ $0.relationship.length == nil })
        else { return part }
        func known(_ node: NodePattern) -> Bool {
            guard let name = node.variable else { return false }
            return row.value(of: name) != nil || hints.constrains(name)
        }
        guard known(last) && !known(element.start) else { return part }
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
        return PatternPart(variable: nil, shortest: .none, element: PatternElement(start: last, chain: steps))
    }

    /// Rejects what this executor does not do yet, by name and place.
    private func check(_ part: PatternPart) throws(QueryError) {
        for step in part.element.chain {
            guard let length = step.relationship.length else { continue }
            if let maximum = length.maximum, maximum > limits.maximumDepth {
                throw QueryError(
                    .limitExceeded, "a variable-length relationship may span at most \(limits.maximumDepth) hops, not \(maximum)",
                    at: step.relationship.location)
            }
        }
    }

    private func match(
        _ part: PatternPart, _ row: Row, _ used: Set<Relationship>, _ hints: IdHints,
        _ emit: (Row, Set<Relationship>, Path?) throws(QueryError) -> Void
    ) throws(QueryError) {
        if part.shortest != .none { return try matchShortest(part, row, used, emit) }
        let start = part.element.start
        for node in try candidates(for: start, in: row, hints) {
            try budget.tick()
            guard try accepts(node, start, row) else { continue }
            let bound = start.variable.map { row.binding($0, to: .node(node)) } ?? row
            // The path is only built when the pattern names it.
            let path = part.variable == nil ? nil : Path(nodes: [node], relationships: [])
            try extend(part.element.chain[...], from: node, bound, used, path, emit)
        }
    }

    private func extend(
        _ chain: ArraySlice<PatternStep>, from node: Node, _ row: Row, _ used: Set<Relationship>, _ path: Path?,
        _ emit: (Row, Set<Relationship>, Path?) throws(QueryError) -> Void
    ) throws(QueryError) {
        guard let step = chain.first else { return try emit(row, used, path) }
        let pattern = step.relationship
        if let length = pattern.length {
            return try extendVariable(chain, length, from: node, row, used, path, emit)
        }
        for (relationship, other) in try expansions(of: node, pattern, row) where !used.contains(relationship) {
            try budget.tick()
            guard try accepts(relationship, pattern, row) else { continue }
            if let name = pattern.variable, let bound = row.value(of: name) {
                guard case .relationship(let same) = bound, same == relationship else { continue }
            }
            if let name = step.node.variable, let bound = row.value(of: name) {
                guard case .node(let same) = bound, same == other else { continue }
            }
            guard try accepts(other, step.node, row) else { continue }
            var next = row
            if let name = pattern.variable { next = next.binding(name, to: .relationship(relationship)) }
            if let name = step.node.variable { next = next.binding(name, to: .node(other)) }
            var nextUsed = used
            nextUsed.insert(relationship)
            let longer = path.map { Path(nodes: $0.nodes + [other], relationships: $0.relationships + [relationship]) }
            try extend(chain.dropFirst(), from: other, next, nextUsed, longer, emit)
        }
    }

    /// A variable-length step: every trail (no relationship twice) of an allowed length from `node`,
    /// binding the relationship variable to the list of relationships walked.
    private func extendVariable(
        _ chain: ArraySlice<PatternStep>, _ length: LengthRange, from node: Node, _ row: Row, _ used: Set<Relationship>,
        _ path: Path?, _ emit: (Row, Set<Relationship>, Path?) throws(QueryError) -> Void
    ) throws(QueryError) {
        let step = chain.first!
        let pattern = step.relationship
        let minimum = length.minimum ?? 1
        let maximum = length.maximum ?? max(minimum, limits.defaultDepth)
        if let name = pattern.variable, row.value(of: name) != nil {
            throw QueryError(
                .unsupportedFeature, "a variable-length relationship variable that is already bound (`\(name)`)", at: pattern.location)
        }
        var walked: [Relationship] = []
        var nodes: [Node] = []
        var walkedSet = used
        func arrive(at current: Node) throws(QueryError) {
            if walked.count >= minimum {
                var accepted = true
                if let name = step.node.variable, let bound = row.value(of: name) {
                    if case .node(let same) = bound { accepted = same == current } else { accepted = false }
                }
                if accepted, try accepts(current, step.node, row) {
                    var next = row
                    if let name = pattern.variable { next = next.binding(name, to: .list(walked.map { .relationship($0) })) }
                    if let name = step.node.variable { next = next.binding(name, to: .node(current)) }
                    let longer = path.map { Path(nodes: $0.nodes + nodes, relationships: $0.relationships + walked) }
                    try extend(chain.dropFirst(), from: current, next, walkedSet, longer, emit)
                }
            }
            guard walked.count < maximum else { return }
            for (relationship, other) in try expansions(of: current, pattern, row) where !walkedSet.contains(relationship) {
                try budget.tick()
                guard try accepts(relationship, pattern, row) else { continue }
                walked.append(relationship)
                nodes.append(other)
                walkedSet.insert(relationship)
                try arrive(at: other)
                walkedSet.remove(relationship)
                nodes.removeLast()
                walked.removeLast()
            }
        }
        try arrive(at: node)
    }

    /// The nodes a node pattern can start from: the bound node, or those with its first label, or all.
    func candidates(for pattern: NodePattern, in row: Row, _ hints: IdHints = IdHints()) throws(QueryError) -> [Node] {
        if let name = pattern.variable, let bound = row.value(of: name) {
            switch bound {
            case .node(let node): return [node]
            case .null: return []
            default:
                throw QueryError(.typeError, "variable `\(name)` is bound to \(bound.typeName), not a node", at: pattern.location)
            }
        }
        if let name = pattern.variable, let hinted = hints.candidates[name] { return hinted }
        if let label = pattern.labels.first { return view.nodes(label: label) }
        return Array(view.nodes)
    }

    /// The relationships leaving `node` the way `pattern` points, with the node at their other end.
    func expansions(of node: Node, _ pattern: RelationshipPattern, _ row: Row) throws(QueryError) -> [(Relationship, Node)] {
        var found: [(Relationship, Node)] = []
        let types: [String?] = pattern.types.isEmpty ? [nil] : pattern.types
        for type in types {
            if pattern.direction != .incoming {
                for relationship in view.outgoing(node, type: type) { found.append((relationship, view.end(of: relationship))) }
            }
            if pattern.direction != .outgoing {
                for relationship in view.incoming(node, type: type) {
                    // A self-loop read both ways is still one match.
                    if pattern.direction == .either && view.start(of: relationship) == view.end(of: relationship) { continue }
                    found.append((relationship, view.start(of: relationship)))
                }
            }
        }
        return found
    }

    func accepts(_ node: Node, _ pattern: NodePattern, _ row: Row) throws(QueryError) -> Bool {
        if !pattern.labels.isEmpty {
            let labels = view.labels(of: node)
            guard pattern.labels.allSatisfy(labels.contains) else { return false }
        }
        return try propertiesMatch(.node(node), pattern.properties, row)
    }

    func accepts(_ relationship: Relationship, _ pattern: RelationshipPattern, _ row: Row) throws(QueryError) -> Bool {
        try propertiesMatch(.relationship(relationship), pattern.properties, row)
    }

    /// Whether every `key: value` of the pattern's map equals the element's property (null never does).
    private func propertiesMatch(_ element: Value, _ properties: Expression?, _ row: Row) throws(QueryError) -> Bool {
        guard let properties else { return true }
        guard case .map(let wanted) = try evaluator.evaluate(properties, row) else {
            throw QueryError(.typeError, "pattern properties must be a map", at: properties.location)
        }
        for entry in wanted {
            let actual = try evaluator.property(entry.key, of: element, at: properties.location)
            guard actual.equals(entry.value) == true else { return false }
        }
        return true
    }
}
