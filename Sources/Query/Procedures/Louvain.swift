// Communities by the Louvain method (Blondel et al. 2008), on the undirected graph where parallel
// relationships add up to a weight and self-loops are left out: nodes move, one at a time in a seeded
// random order, to the neighbouring community that raises modularity most, until none moves; then
// each community becomes one node (its inner weight a self-loop) and the moving starts again, until a
// level improves modularity by less than 1e-7 (networkx's threshold) or `maxIterations` levels ran.

enum Louvain {
    /// A weighted undirected graph: for each node, (neighbour, weight) pairs; a self-loop appears once.
    struct Level {
        var neighbours: [[(node: Int32, weight: Double)]]
        var count: Int { neighbours.count }
    }

    /// For each node of `graph`, its community (numbered 0…).
    static func communities(_ graph: Subgraph, _ options: AlgorithmConfiguration, budget: Budget) throws(QueryError) -> [Int] {
        var weights = [[Int32: Double]](repeating: [:], count: graph.count)
        for (start, end) in zip(graph.starts, graph.ends) where start != end {
            weights[Int(start)][end, default: 0] += 1
            weights[Int(end)][start, default: 0] += 1
        }
        var level = Level(neighbours: weights.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } })
        var membership = Array(0..<graph.count)
        var random = SplitMix64(seed: options.seed)
        var modularity = Self.modularity(level, Array(0..<level.count))
        for _ in 0..<options.maxIterations {
            let (communities, moved) = try moveNodes(level, &random, budget: budget)
            guard moved else { break }
            let improved = Self.modularity(level, communities)
            membership = membership.map { communities[$0] }
            level = aggregate(level, communities)
            if improved - modularity < 1e-7 { break }
            modularity = improved
        }
        return membership
    }

    /// One round of local moves; returns each node's community (renumbered 0…) and whether any moved.
    private static func moveNodes(_ level: Level, _ random: inout SplitMix64, budget: Budget) throws(QueryError) -> ([Int], Bool) {
        let n = level.count
        var degree = [Double](repeating: 0, count: n)
        for node in 0..<n {
            for (other, weight) in level.neighbours[node] { degree[node] += Int(other) == node ? 2 * weight : weight }
        }
        let total = degree.reduce(0, +)
        guard total > 0 else { return (Array(0..<n), false) }
        var community = Array(0..<n)
        var communityDegree = degree
        var order = Array(0..<n)
        for index in stride(from: n - 1, to: 0, by: -1) { order.swapAt(index, Int(random.next() % UInt64(index + 1))) }
        var toCommunity = [Double](repeating: 0, count: n)
        var touched: [Int] = []
        var movedAny = false
        var moved = true
        while moved {
            moved = false
            for node in order {
                try budget.tick()
                let current = community[node]
                for (other, weight) in level.neighbours[node] where Int(other) != node {
                    let target = community[Int(other)]
                    if toCommunity[target] == 0 { touched.append(target) }
                    toCommunity[target] += weight
                }
                communityDegree[current] -= degree[node]
                var best = current
                var bestGain = toCommunity[current] - communityDegree[current] * degree[node] / total
                for candidate in touched where candidate != current {
                    let gain = toCommunity[candidate] - communityDegree[candidate] * degree[node] / total
                    if gain > bestGain + 1e-12 {
                        best = candidate
                        bestGain = gain
                    }
                }
                communityDegree[best] += degree[node]
                if best != current {
                    community[node] = best
                    moved = true
                    movedAny = true
                }
                for target in touched { toCommunity[target] = 0 }
                touched.removeAll(keepingCapacity: true)
            }
        }
        var numbers: [Int: Int] = [:]
        let renumbered = community.map { old in
            if let number = numbers[old] { return number }
            numbers[old] = numbers.count
            return numbers.count - 1
        }
        return (renumbered, movedAny)
    }

    /// The graph of communities: one node each, edge weights summed, inner weight as a self-loop.
    private static func aggregate(_ level: Level, _ communities: [Int]) -> Level {
        let count = (communities.max() ?? -1) + 1
        var weights = [[Int32: Double]](repeating: [:], count: count)
        for node in 0..<level.count {
            for (other, weight) in level.neighbours[node] {
                let a = communities[node], b = communities[Int(other)]
                // Each undirected edge is listed at both ends; a self-loop once. Count each once per end
                // so that the aggregated lists stay symmetric, halving inner edges that arrive twice.
                if a == b {
                    weights[a][Int32(a), default: 0] += Int(other) == node ? weight : weight / 2
                } else {
                    weights[a][Int32(b), default: 0] += weight
                }
            }
        }
        return Level(neighbours: weights.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } })
    }

    /// Newman's modularity of a partition of a level.
    static func modularity(_ level: Level, _ communities: [Int]) -> Double {
        let count = (communities.max() ?? -1) + 1
        var inner = [Double](repeating: 0, count: count), degrees = [Double](repeating: 0, count: count)
        var total = 0.0
        for node in 0..<level.count {
            for (other, weight) in level.neighbours[node] {
                let loop = Int(other) == node
                let contribution = loop ? 2 * weight : weight
                degrees[communities[node]] += contribution
                total += contribution
                if communities[node] == communities[Int(other)] { inner[communities[node]] += contribution }
            }
        }
        guard total > 0 else { return 0 }
        var q = 0.0
        for c in 0..<count { q += inner[c] / total - (degrees[c] / total) * (degrees[c] / total) }
        return q
    }
}
