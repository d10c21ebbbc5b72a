// The graph's history as an export of it over time reads it (a dynamic GEXF): every element created by
// this seq — those retired or removed since too — with the seqs it lived between, and every version of
// its properties with the seq it took effect. Valid time plays no part here: this is the log's time.
public import EventLog

extension GraphView {
    /// Every node created by this seq, in creation order, with the seq it was created at and the seq
    /// it was retired at (nil while it is live at this seq).
    public var nodesEver: some Sequence<(node: Node, created: UInt64, retired: UInt64?)> {
        let view = self
        return (0..<state.nodes.count).lazy.filter { view.state.nodes[$0].created <= view.seq }.map { index in
            let record = view.state.nodes[index]
            return (Node(handle: UInt32(index)), record.created, record.retired <= view.seq ? record.retired : nil)
        }
    }

    /// Every relationship added by this seq, in order, with the seq it was added at and the seq it
    /// was removed at (nil while it is live at this seq).
    public var relationshipsEver: some Sequence<(relationship: Relationship, created: UInt64, removed: UInt64?)> {
        let view = self
        return (0..<state.relations.count).lazy.filter { view.state.relations[$0].created <= view.seq }.map { index in
            let record = view.state.relations[index]
            return (Relationship(handle: UInt32(index)), record.created, record.removed <= view.seq ? record.removed : nil)
        }
    }

    /// Calls `body` with every version of the node's properties that took effect by this seq, newest
    /// first: its key, its value (nil where the version removed the property) and its seq.
    public func forEachPropertyVersion(of node: Node, _ body: (PropertyKey, PropertyValue?, UInt64) -> Void) {
        forEachPropertyVersion(from: state.nodes[Int(node.handle)].properties, body)
    }

    /// Calls `body` with every version of the relationship's properties that took effect by this seq.
    public func forEachPropertyVersion(of relationship: Relationship, _ body: (PropertyKey, PropertyValue?, UInt64) -> Void) {
        forEachPropertyVersion(from: state.relations[Int(relationship.handle)].properties, body)
    }

    private func forEachPropertyVersion(from head: Int32, _ body: (PropertyKey, PropertyValue?, UInt64) -> Void) {
        var version = head
        while version >= 0 {
            let entry = state.propertyVersions[Int(version)]
            if entry.from <= seq { body(PropertyKey(symbol: entry.key), entry.value, entry.from) }
            version = entry.previous
        }
    }
}
