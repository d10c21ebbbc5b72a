// The part of a view an algorithm analyses, as compact adjacency (offsets into one array of neighbours):
// nodes with any of the given labels (all live nodes without), relationships of the given types (all
// without) whose both ends are among them. Parallel relationships stay, as separate edges; each
// algorithm decides what they count.
import Graph

/// For each node 0..<count, a run of neighbours in one array.
struct Adjacency {
    let offsets: [Int32]
    let targets: [Int32]

    /// Builds the lists of `count` nodes from (from, to) pairs, in pair order.
    init(count: Int, from sources: [Int32], to destinations: [Int32]) {
        var offsets = [Int32](repeating: 0, count: count + 1)
        for source in sources { offsets[Int(source) + 1] += 1 }
        for node in 0..<count { offsets[node + 1] += offsets[node] }
        var next = offsets
        var targets = [Int32](repeating: 0, count: sources.count)
        for (source, destination) in zip(sources, destinations) {
            targets[Int(next[Int(source)])] = destination
            next[Int(source)] += 1
        }
        self.offsets = offsets
        self.targets = targets
    }

    /// The neighbours of `node`.
    subscript(node: Int) -> ArraySlice<Int32> { targets[Int(offsets[node])..<Int(offsets[node + 1])] }

    func count(of node: Int) -> Int { Int(offsets[node + 1] - offsets[node]) }
}

/// A subgraph with nodes numbered 0..<count.
struct Subgraph {
    /// Dense index → node, in handle order.
    let nodes: [Node]
    /// The relationships as (start, end) dense index pairs, in creation order.
    let starts: [Int32]
    let ends: [Int32]

    var count: Int { nodes.count }

    init(_ view: GraphView, labels: [String]?, relationships: [String]?, budget: Budget) throws(QueryError) {
        var nodes: [Node]
        if let labels {
            var chosen = Set<Node>()
            for label in labels { chosen.formUnion(view.nodes(label: label)) }
            nodes = chosen.sorted { $0.handle < $1.handle }
        } else {
            nodes = Array(view.nodes)
        }
        var index = [Int32](repeating: -1, count: view.nodeHandleLimit)
        for (dense, node) in nodes.enumerated() { index[Int(node.handle)] = Int32(dense) }
        var starts: [Int32] = [], ends: [Int32] = []
        let expected =
            relationships.map { $0.reduce(0) { $0 + view.estimatedCount(relationshipType: $1) } }
            ?? view.estimatedCount(relationshipType: nil)
        starts.reserveCapacity(expected)
        ends.reserveCapacity(expected)
        try view.forEachRelationship(ofTypes: relationships) { (start, end) throws(QueryError) in
            try budget.tick()
            let from = index[Int(start.handle)], to = index[Int(end.handle)]
            guard from >= 0 && to >= 0 else { return }
            starts.append(from)
            ends.append(to)
        }
        self.nodes = nodes
        self.starts = starts
        self.ends = ends
    }

    /// The neighbours of each node along `direction`: each edge once per end it is read from
    /// (parallel edges repeat a neighbour; `both` lists every edge at both its ends).
    func neighbours(_ direction: AlgorithmConfiguration.Direction) -> Adjacency {
        switch direction {
        case .outgoing: Adjacency(count: count, from: starts, to: ends)
        case .incoming: Adjacency(count: count, from: ends, to: starts)
        case .both: Adjacency(count: count, from: starts + ends, to: ends + starts)
        }
    }

    /// Neighbour sets (no repeats, no self-loops), sorted: the simple graph the paths of betweenness run on.
    func simpleNeighbours(_ direction: AlgorithmConfiguration.Direction) -> [[Int32]] {
        let adjacency = neighbours(direction)
        return (0..<count).map { node in Array(Set(adjacency[node].filter { $0 != Int32(node) })).sorted() }
    }
}
