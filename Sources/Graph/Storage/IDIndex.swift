// Id → handle, in shards. A copy of the graph shares every shard; a change copies only the shard it
// touches (about 1/256 of the ids). A persistent hash trie did the same with far slower lookups,
// and lookups are what replay and validation do most.

/// A map from entity or relation ids to handles that copies cheaply.
struct IDIndex: Sendable {
    private static var shardCount: Int { 256 }
    private var shards: [[String: UInt32]] = Array(repeating: [:], count: IDIndex.shardCount)
    private(set) var count = 0

    init() {}

    subscript(id: String) -> UInt32? {
        get { shards[Self.shard(of: id)][id] }
        set {
            let shard = Self.shard(of: id)
            if let newValue {
                if shards[shard].updateValue(newValue, forKey: id) == nil { count += 1 }
            } else if shards[shard].removeValue(forKey: id) != nil {
                count -= 1
            }
        }
    }

    /// Makes room for about `total` ids without rehashing.
    mutating func reserveCapacity(_ total: Int) {
        for shard in shards.indices { shards[shard].reserveCapacity(total / Self.shardCount + 16) }
    }

    /// The shard of an id: FNV-1a over its last bytes, where ids of one kind differ.
    private static func shard(of id: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in id.utf8.suffix(8) {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return Int(hash & UInt32(shardCount - 1))
    }
}
