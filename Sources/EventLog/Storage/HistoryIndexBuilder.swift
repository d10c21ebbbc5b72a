// The history index (id → seqs) of a batch, collected while the events are written and stored in one
// pass in key order at the end. Random B-tree inserts were most of the cost of a bulk import; in key
// order, keys above the index's last key are plain appends and the rest land next to each other.
//
// Each id is interned once (its key bytes go to an arena, found again through an open-addressing
// table on a cheap byte hash: Swift's String hashing was the largest cost here) and its seqs are
// chained in arrival order, so only the distinct ids are sorted, not every (id, seq) pair.
import LMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Collects the (id, seq) pairs of one batch and writes them to the history index in key order.
struct HistoryIndexBuilder {
    /// Open addressing over slots: -1 is empty; the capacity is a power of two, at most half full.
    private var table = [Int32](repeating: -1, count: 1024)
    private var keyHashes: [UInt64] = []
    /// Index key bytes of every distinct id, back to back; `keyRanges[slot]` finds one.
    private var arena: [UInt8] = []
    private var keyRanges: [(offset: Int32, count: Int32)] = []
    /// Per slot, its first and last entry; per entry, its seq and the next entry of the same id.
    private var firstEntry: [Int32] = [], lastEntry: [Int32] = []
    private var seqs: [UInt64] = [], nextEntry: [Int32] = []

    init(expectedEntries: Int) {
        seqs.reserveCapacity(expectedEntries)
        nextEntry.reserveCapacity(expectedEntries)
    }

    /// Records that the event at `seq` touched `id` (seqs must arrive in increasing order); returns
    /// the id's slot, a dense number per distinct id of the batch.
    @discardableResult
    mutating func add(_ id: String, seq: UInt64) -> Int {
        let entry = Int32(seqs.count)
        seqs.append(seq)
        nextEntry.append(-1)
        if id.utf8.count > LogLayout.maxRawIndexKey {
            return LogLayout.indexKey(id).withUnsafeBytes { add(key: $0, entry: entry) }
        }
        var utf8 = id
        return utf8.withUTF8 { add(key: UnsafeRawBufferPointer($0), entry: entry) }
    }

    private mutating func add(key: UnsafeRawBufferPointer, entry: Int32) -> Int {
        let hash = hashBytes(key)
        let mask = table.count - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = Int(table[position])
            if slot < 0 { break }
            if keyHashes[slot] == hash && equalsKey(slot, key) {
                nextEntry[Int(lastEntry[slot])] = entry
                lastEntry[slot] = entry
                return slot
            }
            position = (position + 1) & mask
        }
        let slot = Int32(keyRanges.count)
        table[position] = slot
        keyHashes.append(hash)
        keyRanges.append((Int32(arena.count), Int32(key.count)))
        arena.append(contentsOf: key)
        firstEntry.append(entry)
        lastEntry.append(entry)
        if keyRanges.count * 2 > table.count { grow() }
        return Int(slot)
    }

    private func equalsKey(_ slot: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let range = keyRanges[slot]
        guard Int(range.count) == key.count else { return false }
        return arena.withUnsafeBytes { memcmp($0.baseAddress! + Int(range.offset), key.baseAddress!, key.count) == 0 }
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        for slot in keyHashes.indices {
            var position = Int(truncatingIfNeeded: keyHashes[slot]) & mask
            while table[position] >= 0 { position = (position + 1) & mask }
            table[position] = Int32(slot)
        }
    }

    /// Every entry as a full key (id key ‖ seq), ids in key order and each id's seqs in order.
    func sortedKeys() -> SortedHistoryKeys {
        arena.withUnsafeBytes { keys in
            let base = keys.baseAddress!
            func key(_ slot: Int) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(start: base + Int(keyRanges[slot].offset), count: Int(keyRanges[slot].count))
            }
            let order = (0..<keyRanges.count).sorted { compareBytes(key($0), key($1)) < 0 }
            var sorted = SortedHistoryKeys()
            sorted.bytes.reserveCapacity(arena.count + seqs.count * 28)
            sorted.ends.reserveCapacity(seqs.count)
            for slot in order {
                let k = key(slot)
                var entry = firstEntry[slot]
                while entry >= 0 {
                    sorted.bytes.append(contentsOf: k)
                    withUnsafeBytes(of: seqs[Int(entry)].bigEndian) { sorted.bytes.append(contentsOf: $0) }
                    sorted.ends.append(Int32(sorted.bytes.count))
                    entry = nextEntry[Int(entry)]
                }
            }
            return sorted
        }
    }
}

/// History index keys in the order they are to be written.
struct SortedHistoryKeys: Sendable {
    /// The keys back to back; key i ends at `ends[i]`.
    var bytes: [UInt8] = []
    var ends: [Int32] = []

    /// Puts every key (with an empty value). Keys above the index's current last key are appended
    /// (`MDB_APPEND`) without a search; since keys come in increasing order, once one is, all are.
    func write(to txn: WriteTransaction, database: Database) throws {
        try txn.withCursor(database) { cursor in
            let lastKey: [UInt8]? = try cursor.last().map { Array($0.key) }
            var appending = lastKey == nil
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            try bytes.withUnsafeBytes { all in
                var start = 0
                for end in ends {
                    let key = UnsafeRawBufferPointer(rebasing: all[start..<Int(end)])
                    if !appending, let lastKey { appending = lastKey.withUnsafeBytes { compareBytes(key, $0) > 0 } }
                    try cursor.put(key: key, value: empty, flags: appending ? .append : [])
                    start = Int(end)
                }
            }
        }
    }
}

/// Byte-wise order, shorter first on a common prefix: LMDB's default key order.
func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int32 {
    let common = min(a.count, b.count)
    let c = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
    return c != 0 ? c : Int32(a.count) - Int32(b.count)
}

/// A fast non-cryptographic hash of bytes (64-bit multiply-mix over 8-byte words); good enough to
/// spread ids over an in-memory table, and far cheaper than `String`'s Unicode-aware hashing.
func hashBytes(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var i = 0
    while i + 8 <= bytes.count {
        h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        i += 8
    }
    var tail: UInt64 = 0
    while i < bytes.count {
        tail = tail << 8 | UInt64(bytes[i])
        i += 1
    }
    h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 29)
}
