// shortestPath and allShortestPaths: a breadth-first search from each start node, layer by layer,
// remembering for every node the relationships that first reached it. One shortest path follows one
// parent back; all shortest paths follow every parent of the same layer.
import Graph

extension PatternMatcher {
    /// Matches `shortestPath((a)-[…*]-(b))` or `allShortestPaths(…)`: one relationship step whose
    /// ends are the path's ends.
    /// Ends named by the MATCH's id conditions (`WHERE id(a) = $a`, in `hints`) are searched from and
    /// to directly, as bound ones are.
    func matchShortest(
        _ part: PatternPart, _ row: Row, _ used: [Relationship], _ hints: IdHints,
        _ emit: (Row, [Relationship], Path?) throws(QueryError) -> Void
    ) throws(QueryError) {
        let start = part.element.start
        guard part.element.chain.count == 1, let step = part.element.chain.first else {
            throw QueryError(.syntaxError, "shortestPath needs a pattern of exactly one relationship", at: start.location)
        }
        let pattern = step.relationship
        let minimum = pattern.length?.minimum ?? 1
        let maximum = pattern.length?.maximum ?? (pattern.length == nil ? 1 : limits.maximumDepth)
        guard minimum <= 1 else {
            throw QueryError(.unsupportedFeature, "shortestPath with a minimum length above 1", at: pattern.location)
        }
        if let name = pattern.variable, row.value(of: name) != nil {
            throw QueryError(
                .unsupportedFeature, "shortestPath over an already bound relationship variable `\(name)`", at: pattern.location)
        }
        // The ends the search may stop at: one bound or identified, those of an id condition, or any.
        var ends: [Node?] = [nil]
        if let name = step.node.variable, let bound = row.value(of: name) {
            guard case .node(let node) = bound else { return }
            ends = [node]
        } else if let identified = try identified(step.node, in: row) {
            // `(b {id: …})`: the end is known as if it were bound.
            guard let node = identified else { return }
            ends = [node]
        } else if let name = step.node.variable, let named = hints.candidates[name] {
            ends = named
        }
        var sources = try candidates(for: start, in: row)
        if let name = start.variable, row.value(of: name) == nil, let named = hints.candidates[name] { sources = named }
        for source in sources {
            guard try accepts(source, start, row) else { continue }
            for boundEnd in ends {
                try search(part, from: source, to: boundEnd, row, used, maximum: maximum, emit)
            }
        }
    }

    /// The shortest paths of `part` from `source`, to `boundEnd` when it is known.
    private func search(
        _ part: PatternPart, from source: Node, to boundEnd: Node?, _ row: Row, _ used: [Relationship], maximum: Int,
        _ emit: (Row, [Relationship], Path?) throws(QueryError) -> Void
    ) throws(QueryError) {
        let start = part.element.start, step = part.element.chain[0], pattern = step.relationship
        let minimum = pattern.length?.minimum ?? 1
        let startRow = start.variable.map { row.binding($0, to: .node(source)) } ?? row
        // Both ends known: search from both (one path; all paths and paths back to the start
        // keep the search from one end).
        if part.shortest == .one, let target = boundEnd, target != source {
            guard try accepts(target, step.node, startRow),
                let path = try shortestPath(from: source, to: target, pattern, maximum: maximum, used, startRow)
            else { return }
            var bound = startRow
            if let name = pattern.variable { bound = bound.binding(name, to: .list(path.relationships.map { .relationship($0) })) }
            if let name = step.node.variable { bound = bound.binding(name, to: .node(target)) }
            try emit(bound, used + path.relationships, path)
            return
        }
        // parents[n]: the (relationship, previous node) pairs that reach n on a shortest path.
        var parents: [Node: [(Relationship, Node)]] = [source: []]
        var layer = [source]
        var depth = 0
        var targets: [Node] = []
        if minimum == 0, boundEnd == nil || boundEnd == source, try accepts(source, step.node, startRow) { targets.append(source) }
        while !layer.isEmpty && depth < maximum && (boundEnd.map { parents[$0] == nil } ?? true) {
            depth += 1
            var reached: [Node: [(Relationship, Node)]] = [:]
            var next: [Node] = []
            for node in layer {
                try budget.tick()
                for (relationship, other) in try expansions(of: node, pattern, startRow)
                where !used.contains(relationship) && parents[other] == nil {
                    guard try accepts(relationship, pattern, startRow) else { continue }
                    if reached[other] == nil { next.append(other) }
                    reached[other, default: []].append((relationship, node))
                }
            }
            for (node, links) in reached { parents[node] = links }
            for node in next where boundEnd == nil || boundEnd == node {
                if try accepts(node, step.node, startRow) { targets.append(node) }
            }
            layer = next
        }
        for target in targets {
            let paths = part.shortest == .all ? allPaths(to: target, parents) : [onePath(to: target, parents)]
            for path in paths {
                var bound = startRow
                if let name = pattern.variable { bound = bound.binding(name, to: .list(path.relationships.map { .relationship($0) })) }
                if let name = step.node.variable { bound = bound.binding(name, to: .node(target)) }
                try emit(bound, used + path.relationships, path)
            }
        }
    }

    private func onePath(to target: Node, _ parents: [Node: [(Relationship, Node)]]) -> Path {
        var nodes = [target], relationships: [Relationship] = []
        var current = target
        while let (relationship, previous) = parents[current]?.first {
            relationships.append(relationship)
            nodes.append(previous)
            current = previous
        }
        return Path(nodes: nodes.reversed(), relationships: relationships.reversed())
    }

    private func allPaths(to target: Node, _ parents: [Node: [(Relationship, Node)]]) -> [Path] {
        guard let links = parents[target], !links.isEmpty else { return [Path(nodes: [target], relationships: [])] }
        var paths: [Path] = []
        for (relationship, previous) in links {
            for prefix in allPaths(to: previous, parents) {
                paths.append(Path(nodes: prefix.nodes + [target], relationships: prefix.relationships + [relationship]))
            }
        }
        return paths
    }
}
