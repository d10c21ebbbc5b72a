// The graph a write query changes while it runs. Every change is made as an event of docs/events.md
// and applied at once to a staged copy of the graph — by the same `apply` that replay uses — so the
// state rules are checked where the clause is written (an error has its line and column), later
// clauses and rows read what earlier ones wrote, and the staged copy is exactly what the database
// publishes once the log has appended the events as one batch. Nothing reaches the log before the
// query has finished without an error.
public import EventLog
public import Graph

/// The staged graph of one write query, and the events that made it.
public final class GraphWrites {
    /// The graph with every event of the query applied.
    public private(set) var state: GraphState
    /// The events made so far, in order: the batch to append.
    public private(set) var events: [Event] = []
    /// The counts of what changed (the seqs are filled in when the batch is appended).
    public private(set) var statistics = WriteStatistics()
    /// Who the events are recorded as.
    public let actor: String?

    /// A write on top of `base`, its events recorded as `actor`'s.
    public init(base: GraphState, actor: String?) {
        state = base
        self.actor = actor
    }

    /// The staged graph now. Take it, read, and let it go before the next change: a view shares the
    /// state's storage, and a change while a view is held copies the parts it touches.
    var view: GraphView { state.current }

    // MARK: Nodes

    /// Creates an entity of `kind` (or none) with extra `labels`, with `id` or a fresh one (`kind:`, or
    /// `node:` without a kind, plus a suffix).
    func createNode(kind: String?, labels: [String], properties: Properties, id: String?, at: SourceLocation) throws(QueryError) -> Node {
        let id = id ?? freshID(kind: kind ?? "node")
        try record(.entityCreated(id: id, kind: kind, properties: properties, labels: labels), at: at)
        statistics.nodesCreated += 1
        statistics.propertiesSet += properties.count
        statistics.labelsAdded += (kind == nil ? 0 : 1) + labels.count
        return view.node(id: id)!
    }

    /// Applies a merge patch (and, when given, a new list of extra labels; the kind taken away when
    /// `removesKind`) to a live node.
    func update(_ node: Node, patch: PropertyPatch, labels: [String]?, removesKind: Bool = false, at: SourceLocation) throws(QueryError) {
        guard !patch.isEmpty || labels != nil || removesKind else { return }
        try record(.entityUpdated(id: view.id(of: node), patch: patch, labels: labels, removesKind: removesKind), at: at)
        statistics.propertiesSet += patch.count
    }

    /// Retires a live node (its relationships with it); `detach` allows it to have some.
    func delete(_ node: Node, detach: Bool, at: SourceLocation) throws(QueryError) {
        let (id, isLive, relationships) = facts(of: node)
        guard isLive else { return }  // deleted already (by an earlier row)
        if relationships > 0 && !detach {
            throw QueryError(
                .constraintVerificationFailed,
                "cannot delete '\(id)': it still has \(relationships) relationship\(relationships == 1 ? "" : "s"); use DETACH DELETE, or delete them first",
                at: at, rule: "node has relationships", detail: .deleteConnectedNode)
        }
        try record(.entityRetired(id: id), at: at)
        statistics.nodesDeleted += 1
        statistics.relationshipsDeleted += relationships
    }

    /// A node's id, whether it is live, and how many live relationships it has (a self-loop once).
    /// Read from a view that is gone when this returns, so the change after it does not copy.
    private func facts(of node: Node) -> (id: String, isLive: Bool, relationships: Int) {
        let view = self.view
        let id = view.id(of: node)
        let outgoing = view.outgoing(node)
        let selfLoops = outgoing.filter { view.end(of: $0) == node }.count
        return (id, view.node(id: id) != nil, outgoing.count + view.incoming(node).count - selfLoops)
    }

    // MARK: Relationships

    /// Adds a relationship of `type` from `start` to `end`, with `id` or the default id of docs/events.md
    /// (or, when a live parallel one holds it already, the default id with the seq as a suffix).
    func createRelationship(
        type: String, from start: Node, to end: Node, properties: Properties, id given: String?, at: SourceLocation
    ) throws(QueryError) -> Relationship {
        let (startID, endID) = (view.id(of: start), view.id(of: end))
        var id = given ?? Event.defaultRelationID(type: type, from: startID, to: endID)
        if given == nil && view.relationship(id: id) != nil {
            // A parallel relationship: the default id is taken while the other one lives.
            id = uniqueID(id + "#\(state.head + 1)")
        }
        try record(.relationAdded(id: id, type: type, from: startID, to: endID, properties: properties), at: at)
        statistics.relationshipsCreated += 1
        statistics.propertiesSet += properties.count
        return self.view.relationship(id: id)!
    }

    /// Applies a merge patch to a live relationship.
    func update(_ relationship: Relationship, patch: PropertyPatch, at: SourceLocation) throws(QueryError) {
        guard !patch.isEmpty else { return }
        try record(.relationUpdated(id: view.id(of: relationship), patch: patch), at: at)
        statistics.propertiesSet += patch.count
    }

    /// Removes a relationship, unless it is gone already (deleted by an earlier row or with its node).
    func delete(_ relationship: Relationship, at: SourceLocation) throws(QueryError) {
        let id = view.id(of: relationship)
        guard view.relationship(id: id) == relationship else { return }
        try record(.relationRemoved(id: id), at: at)
        statistics.relationshipsDeleted += 1
    }

    /// Counts labels added and removed by a SET or REMOVE (the event is the update's).
    func countLabels(added: Int, removed: Int) {
        statistics.labelsAdded += added
        statistics.labelsRemoved += removed
    }

    // MARK: Events

    /// Makes the event, checks it against the staged graph and applies it there, or throws why not.
    private func record(_ body: EventBody, at: SourceLocation) throws(QueryError) {
        let event = Event(body, actor: actor)
        do {
            try state.apply(event, at: state.head + 1)
        } catch {
            throw QueryError(.constraintViolation, error.message, at: at, rule: error.rule.rawValue)
        }
        events.append(event)
    }

    /// Notes the seqs the log gave the batch.
    public func appended(firstSeq: UInt64, lastSeq: UInt64) {
        statistics.firstSeq = firstSeq
        statistics.lastSeq = lastSeq
    }

    /// `kind:` plus the seq the entity gets (unique unless someone chose that id; then a counter).
    private func freshID(kind: String) -> String {
        uniqueID("\(kind.lowercased()):\(state.head + 1)")
    }

    /// `id`, or `id-2`, `id-3`, … the first the graph has never held.
    private func uniqueID(_ id: String) -> String {
        let view = self.view
        var candidate = id
        var counter = 1
        while view.hasHeld(id: candidate) {
            counter += 1
            candidate = "\(id)-\(counter)"
        }
        return candidate
    }
}
