// The four ways openCypher compares values, which differ on purpose:
// - equality (`=`): three-valued; null when either side is null (or a list holds a null that decides);
//   1 = 1.0; NaN equals nothing.
// - comparison (`<` …): three-valued; null for values of types that do not compare (a string and a
//   number, say) and for null.
// - orderability (ORDER BY): a total order over every value, across types:
//   map < node < relationship < list < path < zoned datetime < local datetime < date < zoned time
//   < local time < duration < string < boolean < number < null — the temporal types in Neo4j's order;
//   NaN after all numbers.
// - equivalence (DISTINCT, grouping, `IN` on keys): like equality, but null is equivalent to null and
//   NaN to NaN, so it can group.

extension Value {
    /// `self = other`: true, false, or nil (unknown).
    public func equals(_ other: Value) -> Bool? {
        switch (self, other) {
        case (.null, _), (_, .null): return nil
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.integer(let a), .float(let b)): return Double(a) == b
        case (.float(let a), .integer(let b)): return a == Double(b)
        case (.string(let a), .string(let b)): return a == b
        case (.node(let a), .node(let b)): return a == b
        case (.relationship(let a), .relationship(let b)): return a == b
        case (.path(let a), .path(let b)): return a == b
        case (.temporal(let a), .temporal(let b)): return a.equals(b)
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            var unknown = false
            for (x, y) in zip(a, b) {
                switch x.equals(y) {
                case false?: return false
                case nil: unknown = true
                case true?: continue
                }
            }
            return unknown ? nil : true
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            var unknown = false
            for entry in a {
                guard let match = b.first(where: { $0.key == entry.key }) else { return false }
                switch entry.value.equals(match.value) {
                case false?: return false
                case nil: unknown = true
                case true?: continue
                }
            }
            return unknown ? nil : true
        default:
            return false
        }
    }

    /// `self < other` and friends: the order of two comparable values, or nil when they do not compare.
    public func compare(_ other: Value) -> ComparisonResult? {
        switch (self, other) {
        case (.integer(let a), .integer(let b)): return a < b ? .less : a == b ? .equal : .greater
        case (.float, .float), (.integer, .float), (.float, .integer):
            guard let a = numeric, let b = other.numeric, !a.isNaN, !b.isNaN else { return nil }
            return a < b ? .less : a == b ? .equal : .greater
        case (.string(let a), .string(let b)): return a < b ? .less : a == b ? .equal : .greater
        case (.boolean(let a), .boolean(let b)): return a == b ? .equal : (!a && b) ? .less : .greater
        case (.temporal(let a), .temporal(let b)): return a.compare(b)
        case (.list(let a), .list(let b)):
            for (x, y) in zip(a, b) {
                guard let order = x.compare(y) else { return nil }
                if order != .equal { return order }
            }
            return a.count < b.count ? .less : a.count == b.count ? .equal : .greater
        default:
            return nil
        }
    }

    /// The total order of ORDER BY (ascending): across types by type rank, within a type by value.
    public func orderedBefore(_ other: Value) -> Bool { order(other) == .less }

    /// The orderability comparison of two values.
    public func order(_ other: Value) -> ComparisonResult {
        let (a, b) = (orderRank, other.orderRank)
        if a != b { return a < b ? .less : .greater }
        switch (self, other) {
        case (.integer(let x), .integer(let y)): return x < y ? .less : x == y ? .equal : .greater
        case (.float, _), (.integer, _):
            let x = numeric!, y = other.numeric!
            if x.isNaN || y.isNaN { return x.isNaN && y.isNaN ? .equal : x.isNaN ? .greater : .less }
            return x < y ? .less : x == y ? .equal : .greater
        case (.string(let x), .string(let y)): return x < y ? .less : x == y ? .equal : .greater
        case (.boolean(let x), .boolean(let y)): return x == y ? .equal : (!x && y) ? .less : .greater
        case (.temporal(let x), .temporal(let y)): return x.order(y)
        case (.node(let x), .node(let y)): return x.handle < y.handle ? .less : x.handle == y.handle ? .equal : .greater
        case (.relationship(let x), .relationship(let y)):
            return x.handle < y.handle ? .less : x.handle == y.handle ? .equal : .greater
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) {
                let order = p.order(q)
                if order != .equal { return order }
            }
            return x.count < y.count ? .less : x.count == y.count ? .equal : .greater
        case (.path(let x), .path(let y)):
            return Value.list(x.nodes.map(Value.node)).order(.list(y.nodes.map(Value.node)))
        case (.map(let x), .map(let y)):
            let keys = Value.list(x.map { .string($0.key) }.sorted { $0.orderedBefore($1) })
            let otherKeys = Value.list(y.map { .string($0.key) }.sorted { $0.orderedBefore($1) })
            let byKeys = keys.order(otherKeys)
            if byKeys != .equal { return byKeys }
            let values = Value.list(x.sorted { $0.key < $1.key }.map(\.value))
            return values.order(.list(y.sorted { $0.key < $1.key }.map(\.value)))
        default:
            return .equal  // both null
        }
    }

    /// Equivalence for DISTINCT and grouping: equality where null ≡ null and NaN ≡ NaN.
    public func isEquivalent(to other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.float(let a), .float(let b)) where a.isNaN && b.isNaN: return true
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEquivalent(to: $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count
                && a.allSatisfy { entry in b.contains { $0.key == entry.key && $0.value.isEquivalent(to: entry.value) } }
        default:
            return equals(other) == true
        }
    }

    var numeric: Double? {
        switch self {
        case .integer(let n): Double(n)
        case .float(let x): x
        default: nil
        }
    }

    /// Rank of the type in the orderability order.
    private var orderRank: Int {
        switch self {
        case .map: 0
        case .node: 1
        case .relationship: 2
        case .list: 3
        case .path: 4
        case .temporal(let value): value.orderRank
        case .string: 11
        case .boolean: 12
        case .integer, .float: 13
        case .null: 14
        }
    }
}

/// The result of ordering two values.
public enum ComparisonResult: Sendable, Equatable {
    case less, equal, greater
}
