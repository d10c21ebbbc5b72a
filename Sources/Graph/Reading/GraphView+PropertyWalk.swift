// Every property of an element without making a `Properties` of them: for readers that visit every
// element of a graph (an export writes a million), where sorting each element's properties into a
// new collection costs more than writing them. Keys come as `PropertyKey`s, dense numbers that index
// an array, so a reader keeps what it knows per key without hashing names.
public import EventLog

extension PropertyKey {
    /// The key's number, below the view's `propertyKeyCount`.
    public var index: Int { Int(symbol) }
}

extension GraphView {
    /// How many property keys the graph has ever had.
    public var propertyKeyCount: Int { state.propertyKeys.names.count }

    /// The name of `key`.
    public func name(of key: PropertyKey) -> String { state.propertyKeys[key.symbol] }

    /// Calls `body` with each property `node` has at this seq, newest key first.
    public func forEachProperty<E: Error>(of node: Node, _ body: (PropertyKey, PropertyValue) throws(E) -> Void) throws(E) {
        try forEachProperty(from: state.nodes[Int(node.handle)].properties, body)
    }

    /// Calls `body` with each property `relationship` has at this seq, newest key first.
    public func forEachProperty<E: Error>(
        of relationship: Relationship, _ body: (PropertyKey, PropertyValue) throws(E) -> Void
    ) throws(E) {
        try forEachProperty(from: state.relations[Int(relationship.handle)].properties, body)
    }

    /// Walks a chain of property versions, newest first: a version counts when it is in force at this
    /// seq and no newer one in force has its key. Most elements have a short chain, checked by walking
    /// back along it (no set to allocate); past `shortChain` versions — an element changed many times —
    /// the keys already met are kept in a set, so a long chain is not walked once per version.
    func forEachProperty<E: Error>(from head: Int32, _ body: (PropertyKey, PropertyValue) throws(E) -> Void) throws(E) {
        var version = head, walked = 0
        var met = Set<UInt32>(), metIsBuilt = false
        while version >= 0 {
            let entry = state.propertyVersions[Int(version)]
            if entry.from <= seq {
                let isNewest: Bool
                if walked < Self.shortChain {
                    isNewest = !hasNewer(key: entry.key, from: head, before: version)
                } else {
                    if !metIsBuilt { (met, metIsBuilt) = (keysInForce(from: head, before: version), true) }
                    isNewest = met.insert(entry.key).inserted
                }
                if isNewest, let value = entry.value { try body(PropertyKey(symbol: entry.key), value) }
            }
            walked += 1
            version = entry.previous
        }
    }

    /// How many versions of a chain are checked by walking back before the keys met are kept in a set.
    static let shortChain = 32

    /// The keys of the versions in force at this seq in the chain from `head`, before `stop`.
    private func keysInForce(from head: Int32, before stop: Int32) -> Set<UInt32> {
        var keys = Set<UInt32>(), version = head
        while version != stop {
            let entry = state.propertyVersions[Int(version)]
            if entry.from <= seq { keys.insert(entry.key) }
            version = entry.previous
        }
        return keys
    }

    /// Whether a version newer than `stop` in the chain from `head`, in force at this seq, has `key`.
    private func hasNewer(key: UInt32, from head: Int32, before stop: Int32) -> Bool {
        var version = head
        while version != stop {
            let entry = state.propertyVersions[Int(version)]
            if entry.key == key && entry.from <= seq { return true }
            version = entry.previous
        }
        return false
    }
}
