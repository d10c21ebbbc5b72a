// Betweenness centrality by Brandes' algorithm on the unweighted simple graph (parallel edges and
// self-loops collapsed, as networkx does): a breadth-first search from each source counts shortest
// paths, and dependencies are accumulated back from the farthest nodes. Normalised as networkx does
// (by 1/((n-1)(n-2)); unnormalised undirected scores are halved). With `samples: k` only k sources,
// picked by `seed`, are searched and the scores scaled by n/k: an estimate for graphs too large for
// the exact O(n·m) computation.

enum Betweenness {
    static func scores(_ graph: Subgraph, _ options: AlgorithmConfiguration, budget: Budget) throws(QueryError) -> [Double] {
        let n = graph.count
        let neighbours = graph.simpleNeighbours(options.direction)
        var centrality = [Double](repeating: 0, count: n)
        var sources = Array(0..<n)
        if let samples = options.samples, samples < n {
            var random = SplitMix64(seed: options.seed)
            // A partial Fisher-Yates shuffle: the first `samples` entries are a uniform sample.
            for index in 0..<samples { sources.swapAt(index, index + Int(random.next() % UInt64(n - index))) }
            sources = Array(sources.prefix(samples))
        }
        var order: [Int32] = []
        order.reserveCapacity(n)
        var predecessors = [[Int32]](repeating: [], count: n)
        var paths = [Double](repeating: 0, count: n)
        var distance = [Int32](repeating: -1, count: n)
        var dependency = [Double](repeating: 0, count: n)
        for source in sources {
            try budget.tick()
            order.removeAll(keepingCapacity: true)
            for node in 0..<n {
                predecessors[node].removeAll(keepingCapacity: true)
                paths[node] = 0
                distance[node] = -1
                dependency[node] = 0
            }
            paths[source] = 1
            distance[source] = 0
            var head = 0
            order.append(Int32(source))
            while head < order.count {
                let node = Int(order[head])
                head += 1
                for next in neighbours[node] {
                    let target = Int(next)
                    if distance[target] < 0 {
                        distance[target] = distance[node] + 1
                        order.append(next)
                    }
                    if distance[target] == distance[node] + 1 {
                        paths[target] += paths[node]
                        predecessors[target].append(Int32(node))
                    }
                }
            }
            for node in order.reversed() {
                let w = Int(node)
                for v in predecessors[w] { dependency[Int(v)] += paths[Int(v)] / paths[w] * (1 + dependency[w]) }
                if w != source { centrality[w] += dependency[w] }
            }
        }
        var scale: Double? = nil
        if options.normalized {
            if n > 2 { scale = 1 / Double((n - 1) * (n - 2)) }
        } else if options.direction == .both {
            scale = 0.5
        }
        if let samples = options.samples, samples < n { scale = (scale ?? 1) * Double(n) / Double(samples) }
        if let scale { for node in 0..<n { centrality[node] *= scale } }
        return centrality
    }
}

/// SplitMix64: a small, seedable generator, so sampled results repeat for the same seed.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
