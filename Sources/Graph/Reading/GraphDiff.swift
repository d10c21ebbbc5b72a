// What changed between two log positions — or, at one position, between two valid times: entities and
// relationships that appeared, disappeared or changed, with their property changes. Both sides are
// views of the same multi-version graph, so a diff reads the records once and compares the two views;
// nothing is replayed.
public import EventLog

/// One property that differs between the two sides (nil where the property is absent).
public struct PropertyChange: Sendable, Equatable {
    public let key: String
    public let before: PropertyValue?
    public let after: PropertyValue?
}

/// The differences between the graph at `from` and at `to`.
public struct GraphDiff: Sendable {
    /// An entity or relationship that differs, with what differs.
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable { case added, removed, changed }
        public let kind: Kind
        public let id: String
        /// `Person`, or `MEMBER_OF person:a->lab:b` for a relationship.
        public let summary: String
        public let properties: [PropertyChange]
        /// Labels before and after, when they differ (entities only).
        public let labels: (before: [String], after: [String])?

        public static func == (a: Change, b: Change) -> Bool {
            a.kind == b.kind && a.id == b.id && a.summary == b.summary && a.properties == b.properties
                && a.labels?.before == b.labels?.before && a.labels?.after == b.labels?.after
        }
    }

    public let from: UInt64
    public let to: UInt64
    public let entities: [Change]
    public let relationships: [Change]
}

extension GraphState {
    /// What changed between the graph after seq `from` and after seq `to`, both at valid time
    /// `validAt` if given.
    public func diff(from: UInt64, to: UInt64, validAt: ValidInstant? = nil) -> GraphDiff {
        diff(view(at: from).valid(at: validAt), view(at: to).valid(at: validAt))
    }

    /// What differs between two views of this graph (two positions, or two valid times, or both): what
    /// one shows and the other does not, and what both show with other properties or labels.
    public func diff(_ before: GraphView, _ after: GraphView) -> GraphDiff {
        var entities: [GraphDiff.Change] = []
        for index in 0..<nodes.count {
            let node = Node(handle: UInt32(index))
            let wasLive = before.isLive(node), isLive = after.isLive(node)
            guard wasLive || isLive else { continue }
            let old = wasLive ? before.properties(of: node) : Properties(), new = isLive ? after.properties(of: node) : Properties()
            let oldLabels = wasLive ? before.labels(of: node) : [], newLabels = isLive ? after.labels(of: node) : []
            let changes = propertyChanges(old, new)
            let kind: GraphDiff.Change.Kind
            if !wasLive {
                kind = .added
            } else if !isLive {
                kind = .removed
            } else if !changes.isEmpty || oldLabels != newLabels {
                kind = .changed
            } else {
                continue
            }
            entities.append(
                GraphDiff.Change(
                    kind: kind, id: nodes[index].id, summary: labels[nodes[index].kind], properties: changes,
                    labels: oldLabels != newLabels && kind == .changed ? (oldLabels, newLabels) : nil))
        }
        var relationships: [GraphDiff.Change] = []
        for index in 0..<relations.count {
            let relationship = Relationship(handle: UInt32(index))
            let record = relations[index]
            let wasLive = before.isLive(relationship), isLive = after.isLive(relationship)
            guard wasLive || isLive else { continue }
            let old = wasLive ? before.properties(of: relationship) : Properties()
            let new = isLive ? after.properties(of: relationship) : Properties()
            let changes = propertyChanges(old, new)
            let kind: GraphDiff.Change.Kind
            if !wasLive { kind = .added } else if !isLive { kind = .removed } else if !changes.isEmpty { kind = .changed } else { continue }
            let summary = "\(relationTypes[record.type]) \(nodes[Int(record.from)].id)->\(nodes[Int(record.to)].id)"
            relationships.append(GraphDiff.Change(kind: kind, id: record.id, summary: summary, properties: changes, labels: nil))
        }
        return GraphDiff(from: before.seq, to: after.seq, entities: entities, relationships: relationships)
    }

    private func propertyChanges(_ old: Properties, _ new: Properties) -> [PropertyChange] {
        let keys = Set(old.map(\.key)).union(new.map(\.key)).sorted()
        return keys.compactMap { key in
            let a = old[key], b = new[key]
            return a == b ? nil : PropertyChange(key: key, before: a, after: b)
        }
    }
}
