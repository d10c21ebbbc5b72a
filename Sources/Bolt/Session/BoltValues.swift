// Kennis values to and from PackStream. Out: nodes, relationships and paths become Bolt's Node,
// Relationship and Path structures — `element_id` the entity or relation id, the integer `id` its
// handle in the graph (dense, in creation order, never reused: stable for the life of the database);
// 4.4 has no element ids. In: parameters of every PackStream type but structures (a client sends no
// nodes), bytes as lists of integers.
import Kennis

enum BoltValues {
    static func pack(_ value: Value, view: GraphView, version: BoltVersion) -> PackStreamValue {
        switch value {
        case .null: .null
        case .boolean(let flag): .boolean(flag)
        case .integer(let number): .integer(number)
        case .float(let number): .float(number)
        case .string(let text): .string(text)
        case .list(let items): .list(items.map { pack($0, view: view, version: version) })
        case .map(let entries): .map(entries.map { ($0.key, pack($0.value, view: view, version: version)) })
        case .node(let node): self.node(node, view, version)
        case .relationship(let relationship): self.relationship(relationship, view, version)
        case .path(let path): self.path(path, view, version)
        case .temporal(let temporal): BoltTemporal.pack(temporal, version: version)
        }
    }

    static func properties(_ properties: Properties, _ version: BoltVersion) -> PackStreamValue {
        .map(properties.map { ($0.key, property($0.value, version)) })
    }

    private static func property(_ value: PropertyValue, _ version: BoltVersion) -> PackStreamValue {
        switch value {
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        case .float(let number): .float(number)
        case .boolean(let flag): .boolean(flag)
        case .temporal(let temporal): BoltTemporal.pack(temporal, version: version)
        case .list(let items): .list(items.map { property($0, version) })
        }
    }

    private static func node(_ node: Node, _ view: GraphView, _ version: BoltVersion) -> PackStreamValue {
        var fields: [PackStreamValue] = [
            .integer(Int64(node.handle)), .list(view.labels(of: node).map(PackStreamValue.string)),
            properties(view.properties(of: node), version),
        ]
        if version.hasElementIds { fields.append(.string(view.id(of: node))) }
        return .structure(tag: 0x4E, fields: fields)
    }

    private static func relationship(_ relationship: Relationship, _ view: GraphView, _ version: BoltVersion) -> PackStreamValue {
        let start = view.start(of: relationship), end = view.end(of: relationship)
        var fields: [PackStreamValue] = [
            .integer(Int64(relationship.handle)), .integer(Int64(start.handle)), .integer(Int64(end.handle)),
            .string(view.type(of: relationship)), properties(view.properties(of: relationship), version),
        ]
        if version.hasElementIds {
            fields += [.string(view.id(of: relationship)), .string(view.id(of: start)), .string(view.id(of: end))]
        }
        return .structure(tag: 0x52, fields: fields)
    }

    /// A path as Bolt writes it: its distinct nodes, its distinct relationships without their ends,
    /// and the walk as indices — for each step the relationship (1-based, negative when walked against
    /// its direction), then the node reached.
    private static func path(_ path: Path, _ view: GraphView, _ version: BoltVersion) -> PackStreamValue {
        var nodes: [Node] = [], nodeIndex: [Node: Int] = [:]
        var relationships: [Relationship] = [], relationshipIndex: [Relationship: Int] = [:]
        func index(of node: Node) -> Int {
            if let known = nodeIndex[node] { return known }
            nodes.append(node)
            nodeIndex[node] = nodes.count - 1
            return nodes.count - 1
        }
        _ = index(of: path.nodes[0])
        var indices: [PackStreamValue] = []
        for (step, relationship) in path.relationships.enumerated() {
            if relationshipIndex[relationship] == nil {
                relationships.append(relationship)
                relationshipIndex[relationship] = relationships.count
            }
            let forward = view.start(of: relationship) == path.nodes[step]
            indices.append(.integer(Int64(forward ? relationshipIndex[relationship]! : -relationshipIndex[relationship]!)))
            indices.append(.integer(Int64(index(of: path.nodes[step + 1]))))
        }
        let unbound: [PackStreamValue] = relationships.map { relationship in
            var fields: [PackStreamValue] = [
                .integer(Int64(relationship.handle)), .string(view.type(of: relationship)),
                properties(view.properties(of: relationship), version),
            ]
            if version.hasElementIds { fields.append(.string(view.id(of: relationship))) }
            return .structure(tag: 0x72, fields: fields)
        }
        return .structure(
            tag: 0x50, fields: [.list(nodes.map { node($0, view, version) }), .list(unbound), .list(indices)])
    }

    /// A parameter; a structure is refused with what it is, but for the temporal ones.
    static func unpack(_ value: PackStreamValue) throws(BoltFailure) -> Value {
        switch value {
        case .null: return .null
        case .boolean(let flag): return .boolean(flag)
        case .integer(let number): return .integer(number)
        case .float(let number): return .float(number)
        case .string(let text): return .string(text)
        case .bytes(let data): return .list(data.map { .integer(Int64($0)) })
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try unpack(item)) }
            return .list(values)
        case .map(let entries):
            var values: [(key: String, value: Value)] = []
            for entry in entries { values.append((entry.key, try unpack(entry.value))) }
            return .map(values)
        case .structure(let tag, let fields) where BoltTemporal.tags.contains(tag):
            return .temporal(try BoltTemporal.unpack(tag: tag, fields: fields))
        case .structure(let tag, _):
            throw BoltFailure(
                code: "Neo.ClientError.Statement.TypeError",
                message: "a parameter is a structure (tag 0x\(String(tag, radix: 16, uppercase: true))) that Kennis does not take")
        }
    }
}
