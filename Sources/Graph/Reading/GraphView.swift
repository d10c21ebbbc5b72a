// A read-only view of the graph as it stood after one seq. It reads the same records as a view of the
// present, skipping what was not live at its seq: time travel costs a comparison per record, no replay.
public import EventLog

/// A node of a view (an entity), by handle.
public struct Node: Sendable, Hashable {
    /// Dense handle: the node's position in creation order.
    public let handle: UInt32
}

/// A relationship of a view, by handle.
public struct Relationship: Sendable, Hashable {
    /// Dense handle: the relationship's position in creation order.
    public let handle: UInt32
}

/// The graph as it stood after `seq`.
/// Labels looked up in a graph's symbol table once, to test many nodes against (`GraphView.resolve`);
/// none means any node.
public struct ResolvedLabels: Sendable {
    let symbols: [UInt32]
}

/// A property key looked up in a graph's symbol table once (`GraphView.propertyKey`).
public struct PropertyKey: Sendable, Equatable {
    let symbol: UInt32
}

public struct GraphView: Sendable {
    /// The state, boxed: a view is passed and copied everywhere a query goes, and a copy of the box is
    /// one reference where a copy of the state would be one per storage array.
    private final class Box: Sendable {
        let state: GraphState
        /// The store's lazily built value indexes (views made from a bare state have none).
        let valueIndexes: ValueIndexCache?
        init(_ state: GraphState, _ valueIndexes: ValueIndexCache?) {
            self.state = state
            self.valueIndexes = valueIndexes
        }
    }

    private let box: Box
    /// The log position the view shows.
    public let seq: UInt64
    /// The valid time the view shows the world at (`VALID AT`): only elements whose valid time holds
    /// then, and relationships whose ends do too; nil for every element whatever its valid time.
    public let validAt: ValidInstant?
    /// The keys valid time is read from, looked up once; nil when there is no valid time to check.
    private let validity: Validity?

    private struct Validity: Sendable {
        let at: ValidInstant
        /// `at` as the column of newest bounds compares it.
        let day: ValidDay
        let from: UInt32?
        let until: UInt32?
    }

    /// Whether this view is of the newest state: its reads see every node's newest property value,
    /// kept beside the newest version (a read is one column entry, as cheap as any cache of it).
    public var isAtHead: Bool { seq >= state.head }

    /// The state, borrowed from the box (not copied).
    var state: GraphState {
        _read { yield box.state }
    }

    init(state: GraphState, seq: UInt64, valueIndexes: ValueIndexCache? = nil) {
        self.box = Box(state, valueIndexes)
        self.seq = min(seq, state.head)
        validAt = nil
        validity = nil
    }

    private init(box: Box, seq: UInt64, validAt: ValidInstant?) {
        self.box = box
        self.seq = seq
        self.validAt = validAt
        let (from, until) = (
            box.state.propertyKeys.number(of: ValidInstant.fromKey), box.state.propertyKeys.number(of: ValidInstant.untilKey)
        )
        // A graph where no element ever had a valid time shows every element at every valid time.
        validity = validAt.flatMap { from == nil && until == nil ? nil : Validity(at: $0, day: ValidDay($0), from: from, until: until) }
    }

    /// This view of the world at valid time `instant` (nil: at every valid time).
    public func valid(at instant: ValidInstant?) -> GraphView { GraphView(box: box, seq: seq, validAt: instant) }

    /// Whether the node at `handle` is live at this seq and, under a valid time, holds then.
    @inline(__always)
    private func shows(node handle: UInt32) -> Bool {
        state.nodes[Int(handle)].isLive(at: seq) && (validity == nil || holds(node: handle))
    }

    /// Whether the relation at `handle` is live at this seq and, under a valid time, it and its ends hold then.
    @inline(__always)
    private func shows(relation handle: UInt32) -> Bool {
        state.relations[Int(handle)].isLive(at: seq) && (validity == nil || holds(relation: handle))
    }

    private func holds(node handle: UInt32) -> Bool {
        guard let validity else { return true }
        // At the head the newest bounds are in a column; before it, in the versions of the properties.
        if isAtHead { return state.validity.node(handle, holdsAt: validity.day) }
        let node = Node(handle: handle)
        return validity.at.isWithin(
            from: validity.from.flatMap { property(symbol: $0, of: node) }, until: validity.until.flatMap { property(symbol: $0, of: node) }
        )
    }

    private func holds(relation handle: UInt32) -> Bool {
        guard let validity else { return true }
        // At the head the relation's entry is narrowed to its ends' already.
        if isAtHead {
            return state.validity.relation(handle, holdsAt: validity.day)
        }
        let record = state.relations[Int(handle)]
        guard holds(node: record.from), holds(node: record.to) else { return false }
        return validity.at.isWithin(
            from: validity.from.flatMap { property($0, from: record.properties) },
            until: validity.until.flatMap { property($0, from: record.properties) })
    }

    /// Whether `node` holds at this view's valid time (true without one), whatever its liveness.
    public func holdsAtValidTime(_ node: Node) -> Bool { holds(node: node.handle) }

    /// Whether `relationship` (and its ends) holds at this view's valid time (true without one).
    public func holdsAtValidTime(_ relationship: Relationship) -> Bool { holds(relation: relationship.handle) }

    // MARK: Nodes

    /// The node with entity id `id`, if it is live at this seq.
    /// Whether `node` is live at this seq (a node a write query deleted is not).
    public func isLive(_ node: Node) -> Bool { shows(node: node.handle) }

    /// Whether `relationship` is live at this seq.
    public func isLive(_ relationship: Relationship) -> Bool { shows(relation: relationship.handle) }

    public func node(id: String) -> Node? {
        guard let handle = state.nodeIndex[id], shows(node: handle) else { return nil }
        return Node(handle: handle)
    }

    /// Every node live at this seq, in creation order.
    public var nodes: some Sequence<Node> {
        let view = self
        return (0..<state.nodes.count).lazy.filter { view.shows(node: UInt32($0)) }.map { Node(handle: UInt32($0)) }
    }

    /// The entity id of `node`.
    public func id(of node: Node) -> String { state.nodes[Int(node.handle)].id }

    /// The kind (primary label) `node` was created with; nil if it had none.
    public func kind(of node: Node) -> String? {
        let name = state.labels[state.nodes[Int(node.handle)].kind]
        return name.isEmpty ? nil : name
    }

    /// The labels of `node` at this seq: its kind (unless it has none, or it was taken away), then its
    /// extra labels.
    public func labels(of node: Node) -> [String] {
        let (kind, extra) = labelParts(of: node)
        return kind.map { [$0] + extra } ?? extra
    }

    /// The labels of `node` at this seq in two parts: its kind while it is one of them, and the others.
    public func labelParts(of node: Node) -> (kind: String?, extra: [String]) {
        let record = state.nodes[Int(node.handle)]
        let kind = state.labels[record.kind]
        guard let version = labelVersion(of: record) else { return (kind.isEmpty ? nil : kind, []) }
        return (kind.isEmpty || version.withoutKind ? nil : kind, version.labels.map { state.labels[$0] })
    }

    /// The node's label version in force at this seq, if it has one.
    private func labelVersion(of record: NodeRecord) -> LabelVersion? {
        var version = record.labels
        while version >= 0 {
            if state.labelVersions[Int(version)].from <= seq { return state.labelVersions[Int(version)] }
            version = state.labelVersions[Int(version)].previous
        }
        return nil
    }

    /// The properties of `node` at this seq.
    public func properties(of node: Node) -> Properties { properties(from: state.nodes[Int(node.handle)].properties) }

    /// One property of `node` at this seq.
    public func property(_ key: String, of node: Node) -> PropertyValue? {
        guard let symbol = state.propertyKeys.number(of: key) else { return nil }
        return property(symbol: symbol, of: node)
    }

    /// `name` looked up in the graph's property keys, to read from many nodes; nil if no element
    /// ever had it.
    public func propertyKey(_ name: String) -> PropertyKey? {
        state.propertyKeys.number(of: name).map(PropertyKey.init(symbol:))
    }

    /// One property of `node` at this seq, by a key looked up beforehand.
    public func property(_ key: PropertyKey, of node: Node) -> PropertyValue? { property(symbol: key.symbol, of: node) }

    /// One property of `node` at this seq, by the key's symbol.
    private func property(symbol: UInt32, of node: Node) -> PropertyValue? {
        // At the head the newest version is the one seen, and its value stands beside it.
        if isAtHead { return state.propertyHeads.value(key: symbol, node: node.handle) }
        let version = Int(state.propertyHeads.version(key: symbol, node: node.handle))
        guard version >= 0 else { return nil }
        if state.propertyVersions[version].from <= seq { return state.propertyVersions[version].value }
        // Set since this seq: the older versions are further down the node's chain.
        return property(symbol, from: state.propertyVersions[version].previous)
    }

    /// Relationships live at this seq that start at `node`, optionally of one type.
    public func outgoing(_ node: Node, type: String? = nil) -> [Relationship] { relationships(of: node, outgoing: true, type: type) }

    /// Relationships live at this seq that end at `node`, optionally of one type.
    public func incoming(_ node: Node, type: String? = nil) -> [Relationship] { relationships(of: node, outgoing: false, type: type) }

    private func relationships(of node: Node, outgoing: Bool, type: String?) -> [Relationship] {
        var steps: [(Relationship, Node)] = []
        appendSteps(from: node, outgoing: outgoing, type: type, to: &steps)
        return steps.map(\.0)
    }

    /// Appends to `steps` each relationship live at this seq that starts at `node` (`outgoing`) or ends
    /// there, optionally of one type, with the node at its other end; `skippingLoops` leaves out
    /// relationships from `node` to itself. One pass over the relation records: a query's expansion
    /// step reads each once.
    public func appendSteps(
        from node: Node, outgoing: Bool, type: String?, skippingLoops: Bool = false, to steps: inout [(Relationship, Node)]
    ) {
        forEachStep(
            from: node, outgoing: outgoing, type: type, skippingLoops: skippingLoops, reserving: { steps.reserveCapacity(steps.count + $0) }
        ) {
            steps.append((Relationship(handle: $0), Node(handle: $1)))
        }
    }

    /// How many steps `appendSteps` would append whose other end passes `accept` (every step when nil):
    /// a count of adjacency, with no step made — what a query that only counts a step needs.
    public func countSteps(
        from node: Node, outgoing: Bool, type: String?, skippingLoops: Bool = false, accepting accept: ((Node) -> Bool)? = nil
    ) -> Int {
        var count = 0
        forEachStep(from: node, outgoing: outgoing, type: type, skippingLoops: skippingLoops, reserving: { _ in }) { _, other in
            if accept?(Node(handle: other)) ?? true { count += 1 }
        }
        return count
    }

    /// Calls `body` with the handles of each relationship of `node`'s list (outgoing or incoming) live at
    /// this seq, of `type` if given, and of the node at its other end.
    @inline(__always)
    private func forEachStep(
        from node: Node, outgoing: Bool, type: String?, skippingLoops: Bool, reserving: (Int) -> Void,
        _ body: (_ relationship: UInt32, _ other: UInt32) -> Void
    ) {
        var typeSymbol: UInt32? = nil
        if let type {
            guard let symbol = state.relationTypes.number(of: type) else { return }
            typeSymbol = symbol
        }
        // At the head every relation in a list has been added, and its entry says whether it has been
        // removed: the list alone answers. A view of an earlier seq asks each record when it was live.
        let atHead = seq == state.head, validAt = validity?.day
        // At the head, valid time is read from the column: the relation's bounds and the other end's
        // (this end is one the caller was shown), never the relation's record.
        // (Read in place through `state`, not copied: a copy of the column retains and releases its
        // storage, on every expansion.)
        let readsColumn = validAt != nil && atHead
        // A node that does not hold then has no relationships then.
        if let validAt, !(readsColumn ? state.validity.node(node.handle, holdsAt: validAt) : holds(node: node.handle)) { return }
        // The node's list read in place: a copy would retain and release it, atomic operations on a
        // line just fetched from memory (a label scan expands thousands of nodes, each a cache miss).
        func scan(_ entries: UnsafeBufferPointer<Adjacency>, _ days: UnsafeBufferPointer<ValidDays>) {
            reserving(entries.count)
            for (position, entry) in entries.enumerated() {
                if let typeSymbol, entry.type != typeSymbol { continue }
                if atHead {
                    if entry.isRemoved { continue }
                } else if !state.relations[Int(entry.relation)].isLive(at: seq) {
                    continue
                }
                if skippingLoops && entry.other == node.handle { continue }
                if let validAt {
                    if readsColumn {
                        // The relation's entry, beside it in the list (none: every one holds always), is
                        // narrowed to its ends': the other end is read with it.
                        if !days.isEmpty, !state.validity.relation(entry.relation, days: days[position], holdsAt: validAt) { continue }
                    } else if !holds(relation: entry.relation) {
                        continue
                    }
                }
                body(entry.relation, entry.other)
            }
        }
        if outgoing {
            state.nodes[Int(node.handle)].outgoing.withUnsafeBufferPointer { entries in
                state.nodes[Int(node.handle)].outgoingDays.withUnsafeBufferPointer { scan(entries, $0) }
            }
        } else {
            state.nodes[Int(node.handle)].incoming.withUnsafeBufferPointer { entries in
                state.nodes[Int(node.handle)].incomingDays.withUnsafeBufferPointer { scan(entries, $0) }
            }
        }
    }

    /// The seq of the event that created `node`.
    public func createdSeq(of node: Node) -> UInt64 { state.nodes[Int(node.handle)].created }

    /// The seq of the last event (up to this view's seq) that changed `node`'s properties or labels.
    public func updatedSeq(of node: Node) -> UInt64 {
        let record = state.nodes[Int(node.handle)]
        return max(lastChange(from: record.properties, since: record.created), lastLabelChange(record))
    }

    /// Live nodes with `label` (their kind or an extra label) at this seq, in handle order.
    ///
    /// Reads the label index: the nodes of that kind, plus those of the few nodes that ever had extra
    /// labels which have it at this seq.
    public func nodes(label: String) -> [Node] {
        guard !label.isEmpty, let symbol = state.labels.number(of: label) else { return [] }
        var found: [Node] = []
        let removable = state.labelIndex.kindsEverRemoved.contains(symbol)
        for handle in state.labelIndex.nodes(ofKind: symbol)
        where shows(node: handle) && (!removable || hasKind(handle)) {
            found.append(Node(handle: handle))
        }
        return merged(found, withRelabelled: symbol)
    }

    /// `found` (nodes of the kind `label` that have it at this seq, in handle order) with the few nodes
    /// that carry `label` as an extra label at this seq and pass `test`, in handle order.
    private func merged(_ found: [Node], withRelabelled label: UInt32, where test: (Node) -> Bool = { _ in true }) -> [Node] {
        var extra: [Node] = []
        for handle in state.labelIndex.nodes(withExtraLabel: label)
        where !(state.nodes[Int(handle)].kind == label && hasKind(handle)) && shows(node: handle)
            && hasExtraLabel(label, Int(handle)) && test(Node(handle: handle))
        {
            extra.append(Node(handle: handle))
        }
        return extra.isEmpty ? found : (found + extra).sorted { $0.handle < $1.handle }
    }

    /// About how many nodes have `label`: those of that kind ever created (retired ones included),
    /// plus the nodes that ever had it as an extra label. O(1), for estimates.
    public func estimatedCount(label: String) -> Int {
        guard let symbol = state.labels.number(of: label) else { return 0 }
        return state.labelIndex.nodes(ofKind: symbol).count + state.labelIndex.nodes(withExtraLabel: symbol).count
    }

    /// About how many relationships have `type` (all ever added); every relationship without a type. O(1).
    public func estimatedCount(relationshipType type: String?) -> Int {
        guard let type else { return state.relations.count }
        guard let symbol = state.relationTypes.number(of: type) else { return 0 }
        return state.labelIndex.relationCount(type: symbol)
    }

    /// About how many nodes there are (all ever created). O(1).
    public var estimatedNodeCount: Int { state.nodes.count }

    /// Live nodes with `label` whose property `key` equals `value` at this seq, in handle order.
    public func nodes(label: String, key: String, value: PropertyValue) -> [Node] {
        // The key and label looked up once, not per node.
        guard !label.isEmpty, let symbol = state.propertyKeys.number(of: key), let kind = state.labels.number(of: label) else { return [] }
        var indexed: [UInt32]? = nil
        if case .string(let text) = value {
            indexed = box.valueIndexes?.candidates(kind: kind, key: symbol, value: text, in: state, at: seq)
        }
        return nodes(ofKind: kind, among: indexed) { property(symbol: symbol, of: $0) == value }
    }

    /// Live nodes with `label` whose property `key` is, at this seq, a string starting with `prefix`
    /// (`hasPrefix`: canonical equivalence), in handle order. From the store's index of the kind's
    /// values where there is one (the values in order), else a scan of the kind.
    public func nodes(label: String, key: String, prefix: String) -> [Node] {
        guard !label.isEmpty, let symbol = state.propertyKeys.number(of: key), let kind = state.labels.number(of: label) else { return [] }
        let indexed = box.valueIndexes?.candidates(kind: kind, key: symbol, prefix: prefix, in: state, at: seq)
        return nodes(ofKind: kind, among: indexed) { node in
            guard case .string(let text)? = property(symbol: symbol, of: node) else { return false }
            return text.hasPrefix(prefix)
        }
    }

    /// Live nodes of `kind` at this seq (the kind still theirs), and those that carry it as an extra
    /// label, that pass `holds`, in handle order: among the store index's `indexed` candidates where
    /// there are some, else among all nodes of the kind (read in place).
    private func nodes(ofKind kind: UInt32, among indexed: [UInt32]?, where holds: (Node) -> Bool) -> [Node] {
        let removable = state.labelIndex.kindsEverRemoved.contains(kind)
        var found: [Node] = []
        func consider(_ handle: UInt32) {
            // An index built from a newer state may name nodes this one has not got yet.
            guard Int(handle) < state.nodes.count, shows(node: handle), !removable || hasKind(handle),
                holds(Node(handle: handle))
            else { return }
            found.append(Node(handle: handle))
        }
        if let indexed { indexed.forEach(consider) } else { state.labelIndex.nodes(ofKind: kind).forEach(consider) }
        return merged(found, withRelabelled: kind, where: holds)
    }

    /// `labels` looked up once, for testing many nodes without listing their labels. A label the graph
    /// has never had becomes a symbol no node has.
    public func resolve(_ labels: [String]) -> ResolvedLabels {
        ResolvedLabels(symbols: labels.map { $0.isEmpty ? .max : state.labels.number(of: $0) ?? .max })
    }

    /// Whether `node` has every one of `labels` at this seq.
    public func has(_ labels: ResolvedLabels, _ node: Node) -> Bool {
        labels.symbols.allSatisfy { has($0, node) }
    }

    private func has(_ symbol: UInt32, _ node: Node) -> Bool {
        let index = Int(node.handle)
        let kind = state.labelIndex.kinds[index]
        if kind & ~LabelIndex.flags == symbol && (kind & LabelIndex.kindRemovedFlag == 0 || hasKind(node.handle)) { return true }
        return kind & LabelIndex.relabelledFlag != 0 && hasExtraLabel(symbol, index)
    }

    /// Whether the node's kind is still one of its labels at this seq (it is, unless taken away).
    private func hasKind(_ handle: UInt32) -> Bool {
        guard state.labelIndex.kinds[Int(handle)] & LabelIndex.kindRemovedFlag != 0 else { return true }
        var version = Int(state.nodes[Int(handle)].labels)
        while version >= 0 {
            if state.labelVersions[version].from <= seq { return !state.labelVersions[version].withoutKind }
            version = Int(state.labelVersions[version].previous)
        }
        return true
    }

    /// Whether the node at `index` has `symbol` among its extra labels at this seq. Read in place: a
    /// copy of the version would retain its list (a label scan tests every node that has extra labels).
    private func hasExtraLabel(_ symbol: UInt32, _ index: Int) -> Bool {
        var version = Int(state.nodes[index].labels)
        while version >= 0 {
            if state.labelVersions[version].from <= seq { return state.labelVersions[version].labels.contains(symbol) }
            version = Int(state.labelVersions[version].previous)
        }
        return false
    }

    /// When `node` was created (the `recorded_at` of its entity.created).
    public func createdAt(of node: Node) -> Timestamp? { state.recordedAt(createdSeq(of: node)) }

    /// When `node` last changed, up to this view's seq.
    public func updatedAt(of node: Node) -> Timestamp? { state.recordedAt(updatedSeq(of: node)) }

    // MARK: Relationships

    /// The relationship with id `id`, if it is live at this seq.
    public func relationship(id: String) -> Relationship? {
        guard let handle = state.relationIndex[id], shows(relation: handle) else { return nil }
        return Relationship(handle: handle)
    }

    /// Every relationship live at this seq, in creation order.
    public var relationships: some Sequence<Relationship> {
        let view = self
        return (0..<state.relations.count).lazy.filter { view.shows(relation: UInt32($0)) }.map { Relationship(handle: UInt32($0)) }
    }

    public func id(of relationship: Relationship) -> String { state.relations[Int(relationship.handle)].id }
    public func type(of relationship: Relationship) -> String { state.relationTypes[state.relations[Int(relationship.handle)].type] }
    public func start(of relationship: Relationship) -> Node { Node(handle: state.relations[Int(relationship.handle)].from) }
    public func end(of relationship: Relationship) -> Node { Node(handle: state.relations[Int(relationship.handle)].to) }

    /// The properties of `relationship` at this seq.
    public func properties(of relationship: Relationship) -> Properties {
        properties(from: state.relations[Int(relationship.handle)].properties)
    }

    /// One property of `relationship` at this seq, by a key looked up beforehand: a walk down its
    /// chain (a relationship has few properties), with none of the others made into values.
    public func property(_ key: PropertyKey, of relationship: Relationship) -> PropertyValue? {
        property(key.symbol, from: state.relations[Int(relationship.handle)].properties)
    }

    /// The seq of the event that added `relationship`.
    public func createdSeq(of relationship: Relationship) -> UInt64 { state.relations[Int(relationship.handle)].created }

    /// When `relationship` was added.
    public func createdAt(of relationship: Relationship) -> Timestamp? { state.recordedAt(createdSeq(of: relationship)) }

    /// When `relationship` last changed, up to this view's seq.
    public func updatedAt(of relationship: Relationship) -> Timestamp? { state.recordedAt(updatedSeq(of: relationship)) }

    /// The seq of the last event (up to this view's seq) that changed `relationship`'s properties.
    public func updatedSeq(of relationship: Relationship) -> UInt64 {
        let record = state.relations[Int(relationship.handle)]
        return lastChange(from: record.properties, since: record.created)
    }

    // MARK: Versions

    /// The properties a version chain gives at this seq: per key, the newest version not after it.
    private func properties(from head: Int32) -> Properties {
        var found: [Property] = []
        forEachProperty(from: head) { found.append(Property(state.propertyKeys[$0.symbol], $1)) }
        return Properties(distinctKeys: found)
    }

    private func property(_ key: String, from head: Int32) -> PropertyValue? {
        guard let symbol = state.propertyKeys.number(of: key) else { return nil }
        return property(symbol, from: head)
    }

    private func property(_ symbol: UInt32, from head: Int32) -> PropertyValue? {
        var version = head
        // Field by field: copying a whole version would retain and release the value of every version
        // passed over on the way to the one wanted.
        while version >= 0 {
            let index = Int(version)
            if state.propertyVersions[index].key == symbol && state.propertyVersions[index].from <= seq {
                return state.propertyVersions[index].value
            }
            version = state.propertyVersions[index].previous
        }
        return nil
    }

    private func lastChange(from head: Int32, since created: UInt64) -> UInt64 {
        var version = head
        while version >= 0 {
            let entry = state.propertyVersions[Int(version)]
            if entry.from <= seq { return max(entry.from, created) }
            version = entry.previous
        }
        return created
    }

    private func lastLabelChange(_ record: NodeRecord) -> UInt64 {
        var version = record.labels
        while version >= 0 {
            let entry = state.labelVersions[Int(version)]
            if entry.from <= seq { return entry.from }
            version = entry.previous
        }
        return record.created
    }
}

extension GraphState {
    /// A view of the graph as it stood after `seq` (at most `head`).
    public func view(at seq: UInt64) -> GraphView { GraphView(state: self, seq: seq) }

    /// A view of the graph now.
    public var current: GraphView { GraphView(state: self, seq: head) }
}

extension GraphView {
    /// Whether `id` was ever an entity's or a relationship's id (an id is never reused once retired).
    public func hasHeld(id: String) -> Bool {
        state.nodeIndex[id] != nil || state.relationIndex[id] != nil
    }

    /// Why `id` is not live in this view, in a sentence for people.
    public func whyAbsent(_ id: String) -> String {
        if let handle = state.nodeIndex[id] {
            let record = state.nodes[Int(handle)]
            if record.created > seq { return "entity '\(id)' was created at seq \(record.created), after seq \(seq)" }
            return "entity '\(id)' was retired at seq \(record.retired) (show it with --as-of \(record.retired - 1))"
        }
        if let handle = state.relationIndex[id] {
            let record = state.relations[Int(handle)]
            if record.created > seq { return "relationship '\(id)' was added at seq \(record.created), after seq \(seq)" }
            return "relationship '\(id)' was removed at seq \(record.removed) (show it with --as-of \(record.removed - 1))"
        }
        return "no entity or relationship has the id '\(id)'"
    }
}
