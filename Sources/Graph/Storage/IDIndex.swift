// Id → handle, in shards. A copy of the graph shares every shard; a change copies only the shard it
// touches (about 1/256 of the ids). A persistent hash trie did the same with far slower lookups,
// and lookups are what replay and validation do most. Keys carry a hash computed once from the id's
// bytes (FNV-1a), which picks the shard and is all the dictionary hashes: Swift's own String hashing
// was most of a lookup's cost.

/// A map from entity or relation ids to handles that copies cheaply.
struct IDIndex: Sendable {
    /// An id with its byte hash.
    struct Key: Hashable, Sendable {
        let id: String
        let hash: UInt64

        init(_ id: String) {
            self.id = id
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            var utf8 = id
            utf8.withUTF8 { bytes in
                for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            }
            self.hash = hash
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (a: Key, b: Key) -> Bool { a.hash == b.hash && a.id == b.id }
    }

    private static var shardCount: Int { 256 }
    private var shards: [[Key: UInt32]] = Array(repeating: [:], count: IDIndex.shardCount)
    private(set) var count = 0

    init() {}

    subscript(id: String) -> UInt32? {
        get { self[Key(id)] }
        set { self[Key(id)] = newValue }
    }

    /// By a key made once, for a lookup followed by an insert.
    subscript(key: Key) -> UInt32? {
        get { shards[Self.shard(of: key)][key] }
        set {
            let shard = Self.shard(of: key)
            if let newValue {
                if shards[shard].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else if shards[shard].removeValue(forKey: key) != nil {
                count -= 1
            }
        }
    }

    /// Makes room for about `total` ids without rehashing.
    mutating func reserveCapacity(_ total: Int) {
        for shard in shards.indices { shards[shard].reserveCapacity(total / Self.shardCount + 16) }
    }

    private static func shard(of key: Key) -> Int { Int(truncatingIfNeeded: key.hash >> 56) & (shardCount - 1) }
}
