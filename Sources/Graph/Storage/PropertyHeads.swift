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
//
// Beside each column of versions, a column of their values: at the head the newest version is the one
// a read sees, so a read needs no version at all, and a kind's nodes (handles of one kind lie close
// together) read their values one after the other from one array. The version the column names is a
// cache miss per node — the cost of a whole kind's `sum(x.budget)` or grouping key. A value is 24
// bytes, so the values' chunks are a quarter of the versions' (1,024 nodes, 24 KB): a key a few
// scattered nodes have costs less, and a shared chunk written is a smaller copy.

import EventLog

/// For each property key and node: the node's newest version of that key, -1 if it never had it.
struct PropertyHeads: Sendable {
    private static var shift: Int { 12 }
    private static var chunkSize: Int { 1 << shift }
    private static var valueShift: Int { 10 }
    private static var valueChunkSize: Int { 1 << valueShift }
    /// `columns[key][chunk][offset]`; an empty chunk holds no node with the key.
    private var columns: [[[Int32]]] = []
    /// `values[key][chunk][offset]`: the value of the version `columns` names (nil: none, or removed).
    private var values: [[[PropertyValue?]]] = []

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

    /// The value of the newest version of `key` that node `handle` has: what a read at the head sees.
    func value(key: UInt32, node handle: UInt32) -> PropertyValue? {
        let key = Int(key), handle = Int(handle)
        guard key < values.count else { return nil }
        let chunk = handle >> Self.valueShift
        guard chunk < values[key].count, !values[key][chunk].isEmpty else { return nil }
        return values[key][chunk][handle & (Self.valueChunkSize - 1)]
    }

    /// Makes `version`, of `value`, the newest of `key` for node `handle`.
    mutating func set(_ version: Int32, value: PropertyValue?, key: UInt32, node handle: UInt32) {
        let key = Int(key), handle = Int(handle)
        if key >= columns.count {
            columns.append(contentsOf: repeatElement([], count: key + 1 - columns.count))
            values.append(contentsOf: repeatElement([], count: key + 1 - values.count))
        }
        let chunk = handle >> Self.shift
        if chunk >= columns[key].count { columns[key].append(contentsOf: repeatElement([], count: chunk + 1 - columns[key].count)) }
        if columns[key][chunk].isEmpty { columns[key][chunk] = Array(repeating: -1, count: Self.chunkSize) }
        columns[key][chunk][handle & (Self.chunkSize - 1)] = version
        setValue(value, key: key, node: handle)
    }

    private mutating func setValue(_ value: PropertyValue?, key: Int, node handle: Int) {
        let chunk = handle >> Self.valueShift
        if chunk >= values[key].count { values[key].append(contentsOf: repeatElement([], count: chunk + 1 - values[key].count)) }
        if values[key][chunk].isEmpty { values[key][chunk] = Array(repeating: nil, count: Self.valueChunkSize) }
        values[key][chunk][handle & (Self.valueChunkSize - 1)] = value
    }

    /// Sets every value from the version its column names (after a snapshot's heads were read before
    /// its versions).
    mutating func fillValues(_ value: (Int32) -> PropertyValue?) {
        for key in columns.indices {
            for chunk in columns[key].indices where !columns[key][chunk].isEmpty {
                for offset in 0..<Self.chunkSize where columns[key][chunk][offset] >= 0 {
                    setValue(value(columns[key][chunk][offset]), key: key, node: chunk << Self.shift | offset)
                }
            }
        }
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
