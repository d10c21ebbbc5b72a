// Network analysis for analysts: algo.degree, algo.pageRank, algo.betweenness, algo.components and
// algo.louvain, each
// on the subgraph its options pick, at the query's position, yielding `node` and a `score` or a
// `community`. Results agree with networkx on the same graphs (tools/check-algorithms).
import Graph

enum NetworkProcedures {
    static let all: [Procedure] = [
        Procedure(name: "algo.degree", fields: ["node", "score"], maximumArguments: 1) { arguments, view, budget, at throws(QueryError) in
            let options = try AlgorithmConfiguration(arguments, procedure: "algo.degree", allowed: ["direction"], direction: .both, at: at)
            let graph = try Subgraph(view, labels: options.labels, relationships: options.relationships, budget: budget)
            let adjacency = graph.neighbours(options.direction)
            return ProcedureRows(columns: [
                graph.nodes.map(Value.node), graph.nodes.indices.map { .integer(Int64(adjacency.count(of: $0))) },
            ])
        },
        Procedure(name: "algo.pageRank", fields: ["node", "score"], maximumArguments: 1) { arguments, view, budget, at throws(QueryError) in
            let options = try AlgorithmConfiguration(
                arguments, procedure: "algo.pageRank", allowed: ["direction", "maxIterations", "dampingFactor", "tolerance"],
                direction: .outgoing, at: at)
            let graph = try Subgraph(view, labels: options.labels, relationships: options.relationships, budget: budget)
            let scores = try PageRank.scores(graph, options, budget: budget)
            return ProcedureRows(columns: [graph.nodes.map(Value.node), scores.map(Value.float)])
        },
        Procedure(name: "algo.betweenness", fields: ["node", "score"], maximumArguments: 1) {
            arguments, view, budget, at throws(QueryError) in
            let options = try AlgorithmConfiguration(
                arguments, procedure: "algo.betweenness", allowed: ["direction", "normalized", "samples", "seed"], direction: .both, at: at)
            let graph = try Subgraph(view, labels: options.labels, relationships: options.relationships, budget: budget)
            let scores = try Betweenness.scores(graph, options, budget: budget)
            return ProcedureRows(columns: [graph.nodes.map(Value.node), scores.map(Value.float)])
        },
        Procedure(name: "algo.components", fields: ["node", "community"], maximumArguments: 1) {
            arguments, view, budget, at throws(QueryError) in
            let options = try AlgorithmConfiguration(arguments, procedure: "algo.components", allowed: [], direction: .both, at: at)
            let graph = try Subgraph(view, labels: options.labels, relationships: options.relationships, budget: budget)
            let communities = try components(graph, budget: budget)
            return ProcedureRows(columns: [graph.nodes.map(Value.node), communities.map(Value.integer)])
        },
        Procedure(name: "algo.louvain", fields: ["node", "community"], maximumArguments: 1) {
            arguments, view, budget, at throws(QueryError) in
            let options = try AlgorithmConfiguration(
                arguments, procedure: "algo.louvain", allowed: ["maxIterations", "seed"], direction: .both, at: at)
            let graph = try Subgraph(view, labels: options.labels, relationships: options.relationships, budget: budget)
            let communities = try Louvain.communities(graph, options, budget: budget)
            // Each community named by the smallest handle in it, as components are.
            var names = [Int: Int64]()
            for (node, community) in communities.enumerated() where names[community] == nil {
                names[community] = Int64(graph.nodes[node].handle)
            }
            return ProcedureRows(columns: [graph.nodes.map(Value.node), communities.map { .integer(names[$0]!) }])
        },
    ]

    /// Weakly connected components by union-find; each named by the smallest node handle in it.
    static func components(_ graph: Subgraph, budget: Budget) throws(QueryError) -> [Int64] {
        var sets = UnionFind(count: graph.count)
        for (start, end) in zip(graph.starts, graph.ends) {
            try budget.tick()
            sets.union(Int(start), Int(end))
        }
        return (0..<graph.count).map { Int64(graph.nodes[sets.root($0)].handle) }
    }
}

/// Disjoint sets of 0..<count with path halving; the smaller index of two joined sets is the root, so
/// a set's root is its smallest member.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func root(_ node: Int) -> Int {
        var node = node
        while parent[node] != node {
            parent[node] = parent[parent[node]]
            node = parent[node]
        }
        return node
    }

    mutating func union(_ a: Int, _ b: Int) {
        let ra = root(a), rb = root(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}
