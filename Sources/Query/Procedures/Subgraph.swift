// The part of a view an algorithm analyses, as dense adjacency lists: nodes with any of the given
// labels (all live nodes without), relationships of the given types (all without) whose both ends are
// among them. Parallel relationships stay, as separate edges; each algorithm decides what they count.
import Graph

/// A subgraph with nodes numbered 0..<count.
struct Subgraph {
    /// Dense index → node, in handle order.
    let nodes: [Node]
    /// For each node, the dense indices at the far end of its outgoing relationships.
    let outgoing: [[Int32]]
    /// For each node, the dense indices at the near end of its incoming relationships.
    let incoming: [[Int32]]

    var count: Int { nodes.count }
    var edgeCount: Int { outgoing.reduce(0) { $0 + $1.count } }

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
        var outgoing = [[Int32]](repeating: [], count: nodes.count)
        var incoming = [[Int32]](repeating: [], count: nodes.count)
        let types: [String?] = relationships ?? [nil]
        for (dense, node) in nodes.enumerated() {
            try budget.tick()
            for type in types {
                for relationship in view.outgoing(node, type: type) {
                    let far = index[Int(view.end(of: relationship).handle)]
                    guard far >= 0 else { continue }
                    outgoing[dense].append(far)
                    incoming[Int(far)].append(Int32(dense))
                }
            }
        }
        self.nodes = nodes
        self.outgoing = outgoing
        self.incoming = incoming
    }

    /// The neighbours of each node along `direction`: each edge once per end it is read from
    /// (parallel edges repeat a neighbour; `both` lists a node's out- then in-neighbours).
    func neighbours(_ direction: AlgorithmConfiguration.Direction) -> [[Int32]] {
        switch direction {
        case .outgoing: outgoing
        case .incoming: incoming
        case .both: zip(outgoing, incoming).map { $0 + $1 }
        }
    }

    /// Neighbour sets (no repeats, no self-loops), sorted: the simple graph the paths of betweenness run on.
    func simpleNeighbours(_ direction: AlgorithmConfiguration.Direction) -> [[Int32]] {
        neighbours(direction).enumerated().map { node, list in Array(Set(list.filter { $0 != Int32(node) })).sorted() }
    }
}
