// Which nodes carry a label, kept as the graph grows so that `MATCH (p:Person)` reads the persons
// instead of every node. A node's kind never changes, so each kind keeps an append-only list of its
// nodes (retired ones stay: a view at an older seq still sees them, and the view's liveness test
// skips them otherwise). Extra labels do change; the few nodes that ever had any are listed once and
// tested at the view's seq, and listed under each extra label they ever had. Lists are chunked, so a
// copy of the graph shares them.

/// Nodes by kind, the nodes that ever had extra labels, and relations by type, counted.
struct LabelIndex: Sendable {
    /// Per label symbol: the nodes of that kind, in handle order.
    private var byKind: [ChunkedArray<UInt32>] = []
    /// Nodes that had extra labels at some seq, in the order they first got them.
    private(set) var relabelled = ChunkedArray<UInt32>()
    /// Per label symbol: the nodes that ever had it as an extra label, each once, so that a scan of a
    /// label reads those instead of testing every node that ever had any extra label.
    private var byExtraLabel: [ChunkedArray<UInt32>] = []
    /// Per node handle: its kind, with `relabelledFlag` set once it has had extra labels. A label test
    /// reads these 4 bytes (the column stays in cache) instead of the node's record (a cache miss).
    private(set) var kinds = ChunkedArray<UInt32>()
    static let relabelledFlag: UInt32 = 1 << 31
    /// Set on a node once its kind has been taken away: only then does a label test read its label versions.
    static let kindRemovedFlag: UInt32 = 1 << 30
    static let flags = relabelledFlag | kindRemovedFlag
    /// Per relation type symbol: how many relations of that type were ever added.
    private(set) var relationCounts: [Int] = []
    /// The kinds some node has had taken away: only a scan of these tests each node's label versions
    /// (a graph under a schema, or one that never removes a kind, never pays for it).
    private(set) var kindsEverRemoved: Set<UInt32> = []

    init() {}

    /// Notes a new node of kind `kind` (a label symbol).
    /// Nodes are added in handle order.
    mutating func addNode(_ handle: UInt32, kind: UInt32) {
        precondition(Int(handle) == kinds.count && kind < Self.kindRemovedFlag, "nodes are added in handle order")
        while byKind.count <= Int(kind) { byKind.append(ChunkedArray()) }
        byKind[Int(kind)].append(handle)
        kinds.append(kind)
    }

    /// Notes that a node gets extra labels for the first time.
    mutating func addRelabelled(_ handle: UInt32) {
        relabelled.append(handle)
        kinds[Int(handle)] |= Self.relabelledFlag
    }

    /// Notes that node `handle`, of kind `kind`, had it taken away.
    mutating func noteKindRemoved(_ kind: UInt32, node handle: UInt32) {
        kindsEverRemoved.insert(kind)
        kinds[Int(handle)] |= Self.kindRemovedFlag
    }

    /// Notes that node `handle` has extra label `label` for the first time.
    mutating func addExtraLabel(_ label: UInt32, node handle: UInt32) {
        while byExtraLabel.count <= Int(label) { byExtraLabel.append(ChunkedArray()) }
        byExtraLabel[Int(label)].append(handle)
    }

    /// The nodes that ever had `label` as an extra label.
    func nodes(withExtraLabel label: UInt32) -> ChunkedArray<UInt32> {
        Int(label) < byExtraLabel.count ? byExtraLabel[Int(label)] : ChunkedArray()
    }

    /// Notes a new relation of type `type` (a relation type symbol).
    mutating func addRelation(type: UInt32) {
        while relationCounts.count <= Int(type) { relationCounts.append(0) }
        relationCounts[Int(type)] += 1
    }

    /// The nodes of kind `kind`, ever.
    func nodes(ofKind kind: UInt32) -> ChunkedArray<UInt32> { Int(kind) < byKind.count ? byKind[Int(kind)] : ChunkedArray() }

    /// How many relations of `type` were ever added.
    func relationCount(type: UInt32) -> Int { Int(type) < relationCounts.count ? relationCounts[Int(type)] : 0 }
}
