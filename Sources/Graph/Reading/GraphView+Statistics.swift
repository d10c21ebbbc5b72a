public import EventLog

/// Counts of a view: live entities per kind and live relationships per type.
public struct GraphStatistics: Sendable, Equatable {
    /// The seq the counts are of.
    public let seq: UInt64
    /// Live entities per kind.
    public let nodesByKind: [String: Int]
    /// Live relationships per type.
    public let relationshipsByType: [String: Int]

    public var nodes: Int { nodesByKind.values.reduce(0, +) }
    public var relationships: Int { relationshipsByType.values.reduce(0, +) }
}

extension GraphView {
    /// Live entities per kind and live relationships per type at this seq.
    public func statistics() -> GraphStatistics {
        var kinds = [UInt32: Int](), types = [UInt32: Int]()
        for index in 0..<state.nodes.count where state.nodes[index].isLive(at: seq) {
            kinds[state.nodes[index].kind, default: 0] += 1
        }
        for index in 0..<state.relations.count where state.relations[index].isLive(at: seq) {
            types[state.relations[index].type, default: 0] += 1
        }
        return GraphStatistics(
            seq: seq,
            nodesByKind: Dictionary(uniqueKeysWithValues: kinds.map { (state.labels[$0.key], $0.value) }),
            relationshipsByType: Dictionary(uniqueKeysWithValues: types.map { (state.relationTypes[$0.key], $0.value) }))
    }
}

extension GraphView {
    /// The schema in force at this seq, if one was defined by then.
    public var schemaInForce: Schema? { state.schema(at: seq)?.schema }

    /// The id of the `schema.defined` event whose schema is in force at this seq.
    public var schemaIDInForce: String? { state.schema(at: seq)?.id }

    /// Every property key ever used, sorted.
    public var propertyKeys: [String] { state.propertyKeys.names.sorted() }

    /// The labels of the nodes live at this seq (kinds and extra labels), sorted.
    public func labelsInUse() -> [String] {
        var symbols = Set<UInt32>()
        for index in 0..<state.nodes.count
        where state.nodes[index].isLive(at: seq) && state.labelIndex.kinds[index] & LabelIndex.relabelledFlag == 0 {
            symbols.insert(state.nodes[index].kind)
        }
        for handle in state.labelIndex.relabelled where state.nodes[Int(handle)].isLive(at: seq) {
            symbols.formUnion(labels(of: Node(handle: handle)).compactMap { state.labels.number(of: $0) })
        }
        return symbols.map { state.labels[$0] }.filter { !$0.isEmpty }.sorted()
    }

    /// One more than the largest node handle: arrays indexed by handle need this many slots.
    public var nodeHandleLimit: Int { state.nodes.count }
}

extension GraphView {
    /// Calls `body` with the start and end of every relationship live at this seq whose type is one
    /// of `types` (any type when nil), in creation order: one pass over the relationships, for
    /// whole-graph algorithms.
    public func forEachRelationship<E: Error>(ofTypes types: [String]?, _ body: (Node, Node) throws(E) -> Void) throws(E) {
        var wanted: [Bool]? = nil
        if let types {
            var flags = [Bool](repeating: false, count: state.relationTypes.names.count)
            for type in types { if let symbol = state.relationTypes.number(of: type) { flags[Int(symbol)] = true } }
            wanted = flags
        }
        for index in 0..<state.relations.count where state.relations[index].isLive(at: seq) {
            if let wanted, !wanted[Int(state.relations[index].type)] { continue }
            try body(Node(handle: state.relations[index].from), Node(handle: state.relations[index].to))
        }
    }
}
