// A set of graph elements by `Value.elementKey`, for DISTINCT and count(DISTINCT) over nodes and
// relationships. Element keys are handles the graph hands out, never text a user chose, so they need
// no seeded SipHash (the standard Set's, a good part of a DISTINCT's time): a multiplicative hash
// into an open-addressed table does, at a fraction of the cost.

/// A set of element keys (open addressing, linear probing, at most half full).
struct ElementSet {
    /// Each slot holds a key + 1, or 0 when empty (a key is at most 2^63 + 2^32, so + 1 never wraps).
    private var slots: [UInt64] = []
    private var shift = 64
    private(set) var count = 0

    /// Adds `key`; false if it was already there.
    mutating func insert(_ key: UInt64) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        let stored = key &+ 1
        let mask = slots.count - 1
        var index = Self.slot(of: key, shift: shift)
        while slots[index] != 0 {
            if slots[index] == stored { return false }
            index = (index + 1) & mask
        }
        slots[index] = stored
        count += 1
        return true
    }

    /// Whether `key` is in the set.
    func contains(_ key: UInt64) -> Bool {
        guard !slots.isEmpty else { return false }
        let stored = key &+ 1
        let mask = slots.count - 1
        var index = Self.slot(of: key, shift: shift)
        while slots[index] != 0 {
            if slots[index] == stored { return true }
            index = (index + 1) & mask
        }
        return false
    }

    /// Fibonacci hashing: the top bits of the key times 2^64/φ, which spreads consecutive handles.
    private static func slot(of key: UInt64, shift: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    private mutating func grow() {
        let old = slots
        // Starting at 1,024 slots (8 KB): a DISTINCT over a neighbourhood sees hundreds of elements,
        // and growing from a handful would rehash them several times on the way.
        let capacity = Swift.max(1024, old.count * 2)
        slots = Array(repeating: 0, count: capacity)
        shift = 64 - capacity.trailingZeroBitCount
        count = 0
        for stored in old where stored != 0 { _ = insert(stored &- 1) }
    }
}
