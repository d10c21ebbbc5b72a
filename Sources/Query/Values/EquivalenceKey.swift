// Hashing under openCypher's equivalence, so that DISTINCT, grouping and UNION take linear time
// instead of comparing every row with every other. Equivalent values must hash alike: 1 and 1.0 are
// equivalent, so numbers hash as doubles; a map's entries hash regardless of their order.

/// A row of values compared by equivalence (`Value.isEquivalent`), usable as a dictionary key.
struct EquivalenceKey: Hashable {
    let values: [Value]

    static func == (a: EquivalenceKey, b: EquivalenceKey) -> Bool {
        a.values.count == b.values.count && zip(a.values, b.values).allSatisfy { $0.isEquivalent(to: $1) }
    }

    func hash(into hasher: inout Hasher) {
        for value in values { Self.hash(value, into: &hasher) }
    }

    private static func hash(_ value: Value, into hasher: inout Hasher) {
        switch value {
        case .null: hasher.combine(0)
        case .boolean(let b): hasher.combine(b)
        case .integer(let n): hasher.combine(Double(n))
        case .float(let x):
            // Every NaN is equivalent to every other; Double's own hash already equates 0.0 and -0.0.
            if x.isNaN { hasher.combine(UInt64.max) } else { hasher.combine(x) }
        case .string(let s): hasher.combine(s)
        case .list(let items):
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        case .map(let entries):
            // Order-independent: combine the entries' own hashes commutatively.
            var combined = 0
            for entry in entries {
                var inner = Hasher()
                inner.combine(entry.key)
                hash(entry.value, into: &inner)
                combined ^= inner.finalize()
            }
            hasher.combine(entries.count)
            hasher.combine(combined)
        case .node(let node): hasher.combine(node)
        case .relationship(let relationship): hasher.combine(relationship)
        case .path(let path): hasher.combine(path)
        }
    }
}
