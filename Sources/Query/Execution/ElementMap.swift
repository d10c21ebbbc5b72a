// Tables keyed by graph elements (`Value.elementKey`): which group a node's rows go to, whether a
// DISTINCT has seen a node. Element keys are handles the graph hands out, never text a user chose, so
// they need no seeded SipHash (the standard Dictionary's, a good part of a grouping's time): a
// multiplicative hash into an open-addressed table does, at a fraction of the cost.

/// Element keys mapped to values (open addressing, linear probing, at most half full).
struct ElementMap<Payload> {
    /// Each slot holds a key + 1, or 0 when empty (a key is at most 2^63 + 2^32, so + 1 never wraps).
    private var slots: [UInt64] = []
    private var payloads: [Payload] = []
    private var shift = 64
    private(set) var count = 0
    /// The number of slots of the first table: a DISTINCT over a neighbourhood sees hundreds of
    /// elements, and growing from a handful would rehash them several times on the way; a table per
    /// group (count(DISTINCT) per lab) starts small, there may be thousands of them.
    private let initialCapacity: Int

    init(initialCapacity: Int = 16) {
        self.initialCapacity = initialCapacity
    }

    /// The value of `key`, if it has one.
    subscript(key: UInt64) -> Payload? {
        guard !slots.isEmpty else { return nil }
        let index = position(of: key)
        return slots[index] == 0 ? nil : payloads[index]
    }

    /// Gives `key` the value `payload` unless it has one; false if it had.
    @discardableResult
    mutating func insert(_ key: UInt64, _ payload: Payload) -> Bool {
        if (count + 1) * 2 > slots.count { grow(placeholder: payload) }
        let index = position(of: key)
        if slots[index] != 0 { return false }
        slots[index] = key &+ 1
        payloads[index] = payload
        count += 1
        return true
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func position(of key: UInt64) -> Int {
        let stored = key &+ 1
        let mask = slots.count - 1
        // Fibonacci hashing: the top bits of the key times 2^64/φ, which spreads consecutive handles.
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        while slots[index] != 0 && slots[index] != stored { index = (index + 1) & mask }
        return index
    }

    private mutating func grow(placeholder: Payload) {
        let (oldSlots, oldPayloads) = (slots, payloads)
        let capacity = Swift.max(initialCapacity, oldSlots.count * 2)
        slots = Array(repeating: 0, count: capacity)
        payloads = Array(repeating: placeholder, count: capacity)
        shift = 64 - capacity.trailingZeroBitCount
        count = 0
        for (stored, payload) in zip(oldSlots, oldPayloads) where stored != 0 { insert(stored &- 1, payload) }
    }
}

/// A set of element keys.
struct ElementSet {
    private var map: ElementMap<Void>

    /// An empty set whose first table has `initialCapacity` slots (a power of two).
    init(initialCapacity: Int = 16) {
        map = ElementMap(initialCapacity: initialCapacity)
    }

    /// How many keys the set holds.
    var count: Int { map.count }

    /// Adds `key`; false if it was already there.
    mutating func insert(_ key: UInt64) -> Bool { map.insert(key, ()) }

    /// Whether `key` is in the set.
    func contains(_ key: UInt64) -> Bool { map[key] != nil }
}
