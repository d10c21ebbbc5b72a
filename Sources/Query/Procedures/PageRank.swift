// PageRank by power iteration, as networkx computes it: every node starts at 1/n; each step a node
// passes `dampingFactor` of its rank along its out-edges (parallel edges each carry their share),
// dangling nodes (no out-edges) spread theirs over every node, and each node gets (1 - d)/n; the
// iteration stops when the summed change falls below n × tolerance, or after maxIterations.

enum PageRank {
    static func scores(_ graph: Subgraph, _ options: AlgorithmConfiguration, budget: Budget) throws(QueryError) -> [Double] {
        let n = graph.count
        guard n > 0 else { return [] }
        // Rank flows along `direction`: outgoing edges, incoming ones read backwards, or both ways.
        let targets = graph.neighbours(options.direction)
        let d = options.dampingFactor
        var rank = [Double](repeating: 1 / Double(n), count: n)
        var next = [Double](repeating: 0, count: n)
        let dangling = (0..<n).filter { targets.count(of: $0) == 0 }
        for _ in 0..<options.maxIterations {
            try budget.tick()
            var danglingSum = 0.0
            for node in dangling { danglingSum += rank[node] }
            let base = d * danglingSum / Double(n) + (1 - d) / Double(n)
            for node in 0..<n { next[node] = base }
            for node in 0..<n where targets.count(of: node) > 0 {
                let share = d * rank[node] / Double(targets.count(of: node))
                for target in targets[node] { next[Int(target)] += share }
            }
            var change = 0.0
            for node in 0..<n { change += abs(next[node] - rank[node]) }
            swap(&rank, &next)
            if change < Double(n) * options.tolerance { break }
        }
        return rank
    }
}
