// The newest property version of every node, one column per property key, indexed by node handle.
//
// Reading `c.name` at the head is the hot path of most queries. Kept per node (a small array of
// (key, version) in each record) it cost three dependent cache misses: the record, its array, then
// the version. Kept per key it costs one: a key's column is 4 bytes per node (368 KB for 92,000
// nodes, so it stays in cache), and the only miss left is the version the column points at.
//
// Columns are chunked like the records (copy-on-write per chunk of 4096 nodes), and a chunk is only
// allocated once a node in its range has the key: a key that a few nodes of one kind have costs a
// chunk per 4096 handles they span, not a slot per node of the graph.

/// For each property key and node: the node's newest version of that key, -1 if it never had it.
struct PropertyHeads: Sendable {
    private static var shift: Int { 12 }
    private static var chunkSize: Int { 1 << shift }
    /// `columns[key][chunk][offset]`; an empty chunk holds no node with the key.
    private var columns: [[[Int32]]] = []

    init() {}

    /// The newest version of `key` that node `handle` has (whatever its seq), -1 if none.
    func version(key: UInt32, node handle: UInt32) -> Int32 {
        let key = Int(key), handle = Int(handle)
        guard key < columns.count else { return -1 }
        let chunk = handle >> Self.shift
        // Read in place: indexing nested arrays this way retains none of them.
        guard chunk < columns[key].count, !columns[key][chunk].isEmpty else { return -1 }
        return columns[key][chunk][handle & (Self.chunkSize - 1)]
    }

    /// Makes `version` the newest of `key` for node `handle`.
    mutating func set(_ version: Int32, key: UInt32, node handle: UInt32) {
        let key = Int(key), handle = Int(handle)
        if key >= columns.count { columns.append(contentsOf: repeatElement([], count: key + 1 - columns.count)) }
        let chunk = handle >> Self.shift
        if chunk >= columns[key].count { columns[key].append(contentsOf: repeatElement([], count: chunk + 1 - columns[key].count)) }
        if columns[key][chunk].isEmpty { columns[key][chunk] = Array(repeating: -1, count: Self.chunkSize) }
        columns[key][chunk][handle & (Self.chunkSize - 1)] = version
    }

    /// The keys node `handle` has had, each with its newest version, in key order.
    func heads(of handle: UInt32) -> [(key: UInt32, version: Int32)] {
        var found: [(key: UInt32, version: Int32)] = []
        for key in columns.indices {
            let version = self.version(key: UInt32(key), node: handle)
            if version >= 0 { found.append((UInt32(key), version)) }
        }
        return found
    }
}
