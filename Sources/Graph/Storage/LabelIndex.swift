// Which nodes ever carried a label, and which ever had a value under a key with a label: candidate
// lists for a query planner's `(p:Person)` and `(p:Person {name: 'X'})`. Lists only grow (a node is
// added when it gets the label or the value); a view checks each candidate at its own seq, so one index
// serves every seq. Stored so a copy of the graph shares them: chunked lists, and the value index in
// shards.
import EventLog

/// Label → nodes that ever had it, in handle order (a node may appear more than once).
struct LabelIndex: Sendable {
    private var lists: [UInt32: ChunkedArray<UInt32>] = [:]

    mutating func add(_ node: UInt32, label: UInt32) {
        lists[label, default: ChunkedArray()].append(node)
    }

    func candidates(label: UInt32) -> ChunkedArray<UInt32>? { lists[label] }
}

/// (label, key, value) → nodes that ever had that value under that key while carrying that label.
struct PropertyIndex: Sendable {
    struct Key: Hashable, Sendable {
        let label: UInt32
        let key: UInt32
        let value: PropertyValue
    }

    private static var shardCount: Int { 64 }
    private var shards: [[Key: [UInt32]]] = Array(repeating: [:], count: PropertyIndex.shardCount)

    mutating func add(_ node: UInt32, label: UInt32, key: UInt32, value: PropertyValue) {
        let entry = Key(label: label, key: key, value: value)
        let shard = Int(UInt(bitPattern: entry.hashValue) % UInt(Self.shardCount))
        shards[shard][entry, default: []].append(node)
    }

    func candidates(label: UInt32, key: UInt32, value: PropertyValue) -> [UInt32] {
        let entry = Key(label: label, key: key, value: value)
        return shards[Int(UInt(bitPattern: entry.hashValue) % UInt(Self.shardCount))][entry] ?? []
    }
}
