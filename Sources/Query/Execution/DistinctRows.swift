// The rows kept by DISTINCT, UNION and grouping, found again by hashing under openCypher's
// equivalence (EquivalenceHash) instead of comparing every row with every other. An open-addressed table of row numbers with each row's hash kept beside it:
// a row already seen costs one hash and one comparison — no key to allocate, no rehashing of every
// row when the table grows, which is what a Set of keys spent most of a DISTINCT's time on.

/// Rows of values, each kept once (the first of every equivalence class), in the order first seen:
/// DISTINCT's and UNION's rows, a grouping's keys, the values of an aggregate's DISTINCT.
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
        let hash = EquivalenceHash.of(values)
        if (rows.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var index = hash & mask
        while slots[index] != 0 {
            let row = Int(slots[index]) - 1
            if hashes[row] == hash && Self.equivalent(rows[row], values) { return (row, false) }
            index = (index + 1) & mask
        }
        slots[index] = Int32(rows.count + 1)
        hashes.append(hash)
        rows.append(values)
        return (rows.count - 1, true)
    }

    /// `rows` with each equivalence class kept once, at its first row.
    static func distinct(_ rows: [[Value]]) -> [[Value]] {
        var table = DistinctRows()
        for row in rows { _ = table.insert(row) }
        return table.rows
    }

    /// Whether two rows are equivalent value by value (`Value.isEquivalent`: 1 and 1.0, two nulls,
    /// two NaNs, maps regardless of key order).
    static func equivalent(_ a: [Value], _ b: [Value]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.isEquivalent(to: $1) }
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
