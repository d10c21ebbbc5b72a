// The rows kept by DISTINCT, found again by hashing under openCypher's equivalence (EquivalenceHash,
// and EquivalenceKey's equality). An open-addressed table of row numbers with each row's hash kept beside it:
// a row already seen costs one hash and one comparison — no key to allocate, no rehashing of every
// row when the table grows, which is what a Set of keys spent most of a DISTINCT's time on.

/// Rows of values, each kept once (the first of every equivalence class), in the order first seen:
/// DISTINCT's rows, and a grouping's keys.
struct DistinctRows {
    /// Row number + 1 per slot, 0 when empty; at most half full.
    private var slots: [Int32] = []
    private var hashes: [Int] = []
    /// The rows kept.
    private(set) var rows: [[Value]] = []

    /// Keeps `values` unless an equivalent row is kept already; whether it was kept.
    mutating func insert(_ values: [Value]) -> Bool { position(inserting: values).inserted }

    /// The number of the kept row equivalent to `values`, keeping `values` as a new row if there is none.
    mutating func position(inserting values: [Value]) -> (row: Int, inserted: Bool) {
        let key = EquivalenceKey(values: values)
        let hash = EquivalenceHash.of(values)
        if (rows.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var index = hash & mask
        while slots[index] != 0 {
            let row = Int(slots[index]) - 1
            if hashes[row] == hash && EquivalenceKey(values: rows[row]) == key { return (row, false) }
            index = (index + 1) & mask
        }
        slots[index] = Int32(rows.count + 1)
        hashes.append(hash)
        rows.append(values)
        return (rows.count - 1, true)
    }

    private mutating func grow() {
        let capacity = Swift.max(16, slots.count * 2)
        slots = Array(repeating: 0, count: capacity)
        let mask = capacity - 1
        for (row, hash) in hashes.enumerated() {
            var index = hash & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = Int32(row + 1)
        }
    }
}
