// shortestPath between two known nodes: a breadth-first search from both ends at once, each round
// growing the smaller frontier by one whole layer, until the frontiers touch. Where one search from a
// node of a well-connected graph reaches a large part of it before finding the other end, two
// searches of half the depth meet after visiting a small fraction of it.
import Graph

extension PatternMatcher {
    /// One shortest path from `source` to `target` (distinct nodes) along `pattern`, at most
    /// `maximum` relationships long and using none of `used`; nil when there is none.
    func shortestPath(
        from source: Node, to target: Node, _ pattern: RelationshipPattern, maximum: Int, _ used: [Relationship], _ row: Row
    ) throws(QueryError) -> Path? {
        // For each node reached: the relationship it was reached by and the node on the side it came from.
        var forward: [Node: (Relationship, Node)?] = [source: nil]
        var backward: [Node: (Relationship, Node)?] = [target: nil]
        var forwardLayer = [source], backwardLayer = [target]
        var forwardDepth = 0, backwardDepth = 0
        var reversed = pattern
        switch pattern.direction {
        case .outgoing: reversed.direction = .incoming
        case .incoming: reversed.direction = .outgoing
        case .either: break
        }
        while !forwardLayer.isEmpty && !backwardLayer.isEmpty && forwardDepth + backwardDepth < maximum {
            let growForward = forwardLayer.count <= backwardLayer.count
            var next: [Node] = []
            var meeting: Node? = nil
            var best = Int.max
            let layer = growForward ? forwardLayer : backwardLayer
            for node in layer {
                try budget.tick()
                for (relationship, other) in try expansions(of: node, growForward ? pattern : reversed, row)
                where !used.contains(relationship) {
                    if growForward ? forward[other] != nil : backward[other] != nil { continue }
                    guard try accepts(relationship, pattern, row) else { continue }
                    if growForward { forward[other] = (relationship, node) } else { backward[other] = (relationship, node) }
                    next.append(other)
                    // Touching the other search: a path; the shortest of this layer wins.
                    let otherDepth = growForward ? depth(of: other, backward) : depth(of: other, forward)
                    if let otherDepth, otherDepth < best {
                        best = otherDepth
                        meeting = other
                    }
                }
            }
            if let meeting { return path(through: meeting, forward, backward) }
            if growForward {
                forwardLayer = next
                forwardDepth += 1
            } else {
                backwardLayer = next
                backwardDepth += 1
            }
        }
        return nil
    }

    /// How many steps `node` is from its search's start, if that search reached it.
    private func depth(of node: Node, _ reached: [Node: (Relationship, Node)?]) -> Int? {
        guard let link = reached[node] else { return nil }
        var steps = 0
        var current = link
        while let (_, previous) = current {
            steps += 1
            current = reached[previous] ?? nil
        }
        return steps
    }

    private func path(through meeting: Node, _ forward: [Node: (Relationship, Node)?], _ backward: [Node: (Relationship, Node)?]) -> Path {
        var nodes = [meeting], relationships: [Relationship] = []
        var current = forward[meeting] ?? nil
        while let (relationship, previous) = current {
            nodes.insert(previous, at: 0)
            relationships.insert(relationship, at: 0)
            current = forward[previous] ?? nil
        }
        current = backward[meeting] ?? nil
        while let (relationship, next) = current {
            nodes.append(next)
            relationships.append(relationship)
            current = backward[next] ?? nil
        }
        return Path(nodes: nodes, relationships: relationships)
    }
}
